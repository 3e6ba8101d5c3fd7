using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;

namespace Saver.Tests.Groups;

/// <summary>The member lists an instance remembers stay within their bound, and the newest read of a group replaces the one before.</summary>
public sealed class GroupMemberListsTests
{
    private static GroupMemberList List(string version, params string[] katas) =>
        new([.. katas.Select((kata, index) => new GroupMember(kata, index))], new ETag(version));

    [Fact]
    public void A_group_read_again_replaces_what_was_remembered_of_it()
    {
        var lists = new GroupMemberLists(capacity: 2);
        var id = EntityId.Parse("FxWwrr");
        lists.Remember(id, List("1", "5rTJv5"));
        lists.Remember(id, List("2", "5rTJv5", "5U2J18"));

        Assert.Equal(new ETag("2"), lists.Get(id)!.Version);
        Assert.Equal(2, lists.Get(id)!.Members.Count);
    }

    [Fact]
    public void Past_its_capacity_a_list_goes_for_each_one_added()
    {
        var lists = new GroupMemberLists(capacity: 3);
        var ids = new[] { "FxWwrr", "REf1t8", "5rTJv5", "5U2J18", "Ab3Cd4" }.Select(EntityId.Parse).ToList();
        foreach (var id in ids) lists.Remember(id, List("1", "5rTJv5"));

        Assert.Equal(3, ids.Count(id => lists.Get(id) is not null));
        Assert.NotNull(lists.Get(ids[^1]));
    }

    [Fact]
    public void With_no_capacity_nothing_is_remembered()
    {
        var lists = new GroupMemberLists(capacity: 0);
        lists.Remember(EntityId.Parse("FxWwrr"), List("1"));

        Assert.Null(lists.Get(EntityId.Parse("FxWwrr")));
    }
}
