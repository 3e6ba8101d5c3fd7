using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;
using static Saver.Tests.Infrastructure.PrepackedTgz;

namespace Saver.Tests.Http;

/// <summary>
/// Kata writes sent prepacked (docs/prepacked-writes.md): a gzip'd tar of the files under
/// files/ and the other arguments in event.json, with the runner's created, changed and
/// deleted applied by Saver. A prepacked write must store exactly what its JSON form stores.
/// </summary>
public abstract class PrepackedWriteTests(StoreUnderTest store) : OneAppPerTest(store)
{
    /// <summary>
    /// A write in both forms: <see cref="Json"/> carries the files as they end up;
    /// <see cref="Tgz"/> carries the files sent to the runner and the runner's report.
    /// </summary>
    private sealed record Write(string Method, JsonObject Json, byte[] Tgz);

    private static Write Plain(string method, JsonObject arguments) =>
        new(method, arguments, LikeABrowser(EventJson(arguments), PrepackedTgz.Files(arguments)));

    /// <summary>A test-family write whose files the runner changed: JSON carries the outcome, the tgz the runner's report.</summary>
    private static Write AfterRunner(string method, JsonObject arguments, IReadOnlyDictionary<string, string> sentToRunner, JsonObject report)
    {
        var eventJson = EventJson(arguments);
        foreach (var (key, value) in report) eventJson[key] = value?.DeepClone();
        return new Write(method, arguments, WithTarCommand(eventJson, sentToRunner));
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> files, params (string Name, string? Content)[] changes)
    {
        var result = new Dictionary<string, string>(files);
        foreach (var (name, content) in changes)
            if (content is null) result.Remove(name);
            else result[name] = content;
        return result;
    }

    private static JsonObject FileCreate(string id, IReadOnlyDictionary<string, string> files, int tabSeq, string filename)
    {
        var arguments = FileWrite(id, files, LaptopA, tabSeq);
        arguments["filename"] = filename;
        return arguments;
    }

    private static JsonObject Summary(string colour, string predicted = "none") => new()
    {
        ["colour"] = colour,
        ["duration"] = 0.5,
        ["predicted"] = predicted,
        ["revert_if_wrong"] = false,
    };

    private Task<string> RepositoryETagAsync(string id) => StoredRepository.VersionAsync(App.Blobs, id);

    private async Task<JsonObject> LastEventAsync(string id) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = -1 }))!.AsObject();

    private static JsonNode WithoutTime(JsonNode events)
    {
        var copy = events.DeepClone();
        foreach (var entry in copy.AsArray()) entry!.AsObject().Remove("time");
        return copy;
    }

    [Fact]
    public async Task Every_write_sent_as_a_tgz_stores_what_its_json_form_stores()
    {
        var viaJson = await CreateKataAsync(TennisFiles());
        var viaTgz = await CreateKataAsync(TennisFiles());
        var checkout = new JsonObject { ["id"] = "k5ZTk0", ["index"] = 2, ["avatarIndex"] = 11 };

        // Every write of the current protocol, built for either kata; the runner's report rides on the runs.
        List<Func<string, Write>> script = [];
        var files = With(TennisFiles(), ("readme.txt", "Tennis, edited before a create.\n"));
        var created = files;
        script.Add(id => Plain("kata_file_create", FileCreate(id, created, 1, "wibble.txt")));
        var beforeRename = With(files, ("wibble.txt", ""));
        script.Add(id =>
        {
            var arguments = FileWrite(id, beforeRename, LaptopA, 2);
            arguments["old_filename"] = "wibble.txt";
            arguments["new_filename"] = "src/wobble.txt";
            return Plain("kata_file_rename", arguments);
        });
        var sentToRunner = With(beforeRename, ("wibble.txt", null), ("src/wobble.txt", ""));
        var afterRunner = With(sentToRunner, ("report/junit.xml", "<testsuite/>\n"), ("tennis.py", "def score(a, b):\n    return 'Fifteen love'\n"), ("readme.txt", null));
        var report = new JsonObject
        {
            ["created"] = new JsonObject { ["report/junit.xml"] = new JsonObject { ["content"] = "<testsuite/>\n", ["truncated"] = false } },
            ["changed"] = new JsonObject { ["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n" },
            ["deleted"] = new JsonArray("readme.txt"),
        };
        script.Add(id => AfterRunner("kata_ran_tests", RanTests(id, sentToRunner, "red", LaptopA, 3, stdout: "FAILED\n"), sentToRunner, report) with
        {
            Json = RanTests(id, afterRunner, "red", LaptopA, 3, stdout: "FAILED\n"),
        });
        // A resent run is de-duplicated in either form.
        script.Add(id => Plain("kata_ran_tests", RanTests(id, afterRunner, "red", LaptopA, 3, stdout: "FAILED\n")));
        script.Add(id => Plain("kata_predicted_right", RanTests(id, afterRunner, "red", LaptopA, 4, summary: Summary("red", "red"))));
        var edited = With(afterRunner, ("tennis_unit_test.py", "import unittest\n# more\n"));
        script.Add(id => Plain("kata_predicted_wrong", RanTests(id, edited, "red", LaptopA, 5, summary: Summary("red", "green"))));
        script.Add(id =>
        {
            var summary = Summary("red");
            summary["revert"] = new JsonArray(viaJson, 1);
            return Plain("kata_reverted", RanTests(id, afterRunner, "red", LaptopA, 6, summary: summary));
        });
        script.Add(id =>
        {
            var summary = Summary("green");
            summary["checkout"] = checkout.DeepClone();
            return Plain("kata_checked_out", RanTests(id, edited, "green", LaptopA, 7, status: 0, summary: summary));
        });
        script.Add(id =>
        {
            var arguments = FileWrite(id, edited, LaptopA, 8);
            arguments["filename"] = "src/wobble.txt";
            return Plain("kata_file_delete", arguments);
        });
        var lastEdit = With(edited, ("src/wobble.txt", null), ("cyber-dojo.sh", "python3 -m unittest *test*.py\n"));
        script.Add(id => Plain("kata_file_edit", FileWrite(id, lastEdit, LaptopA, 9)));

        foreach (var write in script)
        {
            var asJson = write(viaJson);
            var asTgz = write(viaTgz);
            Assert.Null(await Api.WriteAsync(asJson.Method, asJson.Json));
            Assert.Null(await Api.WritePrepackedAsync(asTgz.Method, asTgz.Tgz));
        }
        var count = (await EventsAsync(viaJson)).Count;
        Assert.Equal(13, count);

        // The older protocol (docs/api.md §6): event.json carries the index, leaving one outage behind.
        JsonObject Classic(string id, JsonNode index)
        {
            var arguments = RanTests(id, lastEdit, "green", null, null, status: 0);
            arguments.Remove("laptop_id");
            arguments.Remove("tab_seq");
            arguments["index"] = index;
            return arguments;
        }
        Assert.Equal($"{count}..{count + 1}", (await Api.WriteAsync("kata_ran_tests", Classic(viaJson, count + 1)))!.GetValue<string>());
        Assert.Equal($"{count}..{count + 1}", (await Api.WritePrepackedAsync("kata_ran_tests",
            LikeABrowser(EventJson(Classic(viaTgz, count + 1)), lastEdit)))!.GetValue<string>());
        var outOfOrderJson = await Api.PostAsync("kata_ran_tests", Classic(viaJson, count));
        var outOfOrderTgz = await Api.PostBytesAsync("kata_ran_tests", LikeABrowser(EventJson(Classic(viaTgz, count)), lastEdit));
        Assert.Equal((HttpStatusCode.InternalServerError, "Out of order event"), (outOfOrderJson.Status, outOfOrderJson.Exception));
        Assert.Equal((outOfOrderJson.Status, outOfOrderJson.Exception), (outOfOrderTgz.Status, outOfOrderTgz.Exception));

        AssertJsonEqual(WithoutTime(await EventsAsync(viaJson)), WithoutTime(await EventsAsync(viaTgz)));
        using var json = await UnpackedKata.UnpackAsync(App.Blobs, viaJson);
        using var tgz = await UnpackedKata.UnpackAsync(App.Blobs, viaTgz);
        Assert.Equal(json.Log(), tgz.Log());
        Assert.Equal(Enumerable.Range(0, count + 2), json.Tags());
        Assert.Equal(json.Tags(), tgz.Tags());
        foreach (var tag in json.Tags().Select(t => t.ToString()))
        {
            Assert.Equal(ComparableTree(json, tag), ComparableTree(tgz, tag));
            AssertJsonEqual(WithoutTime(JsonNode.Parse(json.Git("show", $"{tag}:events.json"))!),
                WithoutTime(JsonNode.Parse(tgz.Git("show", $"{tag}:events.json"))!));
        }
        Assert.Equal(ComparableTree(json, "main"), ComparableTree(tgz, "main"));
        Assert.StartsWith("100644 blob", ComparableTree(tgz, "main").Single(line => line.EndsWith("\tfiles/report/junit.xml")));
        Assert.DoesNotContain(ComparableTree(tgz, "main"), line => line.EndsWith("\tfiles/readme.txt"));
    }

    /// <summary>Every path's mode and blob at a revision, bar the three that name the kata or the time (manifest, README, events).</summary>
    private static string[] ComparableTree(UnpackedKata kata, string revision) =>
        GitCli.Lines(kata.Git("ls-tree", "-r", revision))
            .Where(line => !line.EndsWith("\tmanifest.json") && !line.EndsWith("\tREADME.md") && !line.EndsWith("\tevents.json"))
            .ToArray();

    public static TheoryData<string> TarFormats => new() { "gnu", "pax", "ustar" };

    [Theory]
    [MemberData(nameof(TarFormats))]
    public async Task A_tgz_made_by_the_tar_command_is_a_write(string format)
    {
        var id = await CreateKataAsync(TennisFiles());
        var deep = "src/" + new string('d', 60) + "/" + new string('e', 60) + "/deep_test.py";
        var files = With(TennisFiles(), ("tennis.py", "def score(a, b):\n    return 'Fifteen all'\n"), (deep, "# deep\n"));
        var tgz = WithTarCommand(EventJson(RanTests(id, files, "amber", LaptopA, 1)), files, format);
        Assert.Contains("./files/" + deep, ListWithTarCommand(tgz));

        Assert.Null(await Api.WritePrepackedAsync("kata_ran_tests", tgz));

        var events = await EventsAsync(id);
        Assert.Equal(["create", "file_edit", "amber"], events.Select(e => e!["colour"]!.GetValue<string>()));
        var last = await LastEventAsync(id);
        AssertJsonEqual(FilesJson(files), last["files"]);
        Assert.Equal(LaptopA, last["laptop_id"]!.GetValue<string>());
    }

    public static TheoryData<TarEntryFormat, bool, string> BrowserStyles => new()
    {
        { TarEntryFormat.Pax, true, "" },
        { TarEntryFormat.Pax, true, "./" },
        { TarEntryFormat.Pax, false, "" },
        { TarEntryFormat.Ustar, true, "" },
        { TarEntryFormat.Ustar, false, "./" },
        { TarEntryFormat.Gnu, true, "" },
        { TarEntryFormat.V7, false, "" },
    };

    [Theory]
    [MemberData(nameof(BrowserStyles))]
    public async Task A_tgz_in_the_style_of_a_browser_tar_library_is_a_write(TarEntryFormat format, bool folders, string prefix)
    {
        var id = await CreateKataAsync(TennisFiles());
        var files = With(TennisFiles(), ("tennis.py", "# ünïcödé\n"), ("lib/helpers/util.py", "x = 1\n"));
        if (format != TarEntryFormat.V7) files["lib/naïve café.py"] = "# pax and ustar carry UTF-8 names\n";
        var arguments = FileCreate(id, files, 1, "new.txt");
        var tgz = LikeABrowser(EventJson(arguments), files, format, folders, prefix);

        Assert.Null(await Api.WritePrepackedAsync("kata_file_create", tgz));

        var last = await LastEventAsync(id);
        Assert.Equal(("file_create", "new.txt"), (last["colour"]!.GetValue<string>(), last["filename"]!.GetValue<string>()));
        AssertJsonEqual(FilesJson(With(files, ("new.txt", ""))), last["files"]);
        Assert.Equal(3, (await EventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_tgz_with_header_fields_as_tar_stream_writes_them_is_a_write()
    {
        var id = await CreateKataAsync(TennisFiles());
        var files = With(TennisFiles(), ("tennis.py", "def score(a, b):\n    return 'Deuce'\n"));
        var eventJson = EventJson(RanTests(id, files, "red", LaptopA, 1));
        byte[] tar =
        [
            .. RawMember("event.json", '0', eventJson.ToJsonString(), tarStreamStyle: true),
            .. RawMember("files/", '5', "", tarStreamStyle: true),
            .. files.SelectMany(kv => RawMember("files/" + kv.Key, '0', kv.Value, tarStreamStyle: true)),
            .. new byte[1024],
        ];
        // GNU tar, as the judge that these hand-made headers are a tar.
        Assert.Equal(["event.json", "files/", .. files.Keys.Select(k => "files/" + k)], ListWithTarCommand(Gzip(tar)));

        Assert.Null(await Api.WritePrepackedAsync("kata_ran_tests", Gzip(tar)));

        var last = await LastEventAsync(id);
        Assert.Equal("red", last["colour"]!.GetValue<string>());
        AssertJsonEqual(FilesJson(files), last["files"]);
    }

    [Fact]
    public async Task A_pax_global_header_is_skipped_and_application_x_gzip_is_the_same_content_type()
    {
        var id = await CreateKataAsync(TennisFiles());
        var files = With(TennisFiles(), ("readme.txt", "Read me.\n"));
        var tar = PrepackedTgz.Tar([TarMemberSpec.File("event.json", EventJson(FileWrite(id, files, LaptopA, 1)).ToJsonString())], TarEntryFormat.Pax);
        using var withGlobal = new MemoryStream();
        using (var writer = new TarWriter(withGlobal, TarEntryFormat.Pax, leaveOpen: true))
        {
            // git archive writes one of these first, holding the commit id.
            writer.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "0123abcd" }));
            foreach (var (name, content) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "files/" + name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            using var reader = new TarReader(new MemoryStream(tar));
            while (reader.GetNextEntry() is { } entry) writer.WriteEntry(entry);
        }

        Assert.Null(await Api.WritePrepackedAsync("kata_file_edit", Gzip(withGlobal.ToArray()), "application/x-gzip; charset=binary"));

        var last = await LastEventAsync(id);
        Assert.Equal(("file_edit", "readme.txt"), (last["colour"]!.GetValue<string>(), last["filename"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_runners_created_changed_and_deleted_are_applied_on_top_of_the_files_sent()
    {
        var id = await CreateKataAsync(TennisFiles());
        var sent = With(TennisFiles(), ("data/input.txt", "1 2 3\n"));
        var eventJson = EventJson(RanTests(id, sent, "green", LaptopA, 1, status: 0));
        eventJson["created"] = new JsonObject
        {
            ["out/plain.txt"] = "created as a string\n",
            ["out/report.xml"] = new JsonObject { ["content"] = "<ok/>\n", ["truncated"] = true },
            // A file the runner reports as created though it was sent: the runner's content wins.
            ["data/input.txt"] = "4 5 6\n",
        };
        eventJson["changed"] = new JsonObject
        {
            ["tennis.py"] = new JsonObject { ["content"] = "# changed by the run\n" },
            ["cyber-dojo.sh"] = "python -m unittest -v *test*.py\n",
        };
        eventJson["deleted"] = new JsonArray("readme.txt", "never-sent.txt");

        Assert.Null(await Api.WritePrepackedAsync("kata_ran_tests", LikeABrowser(eventJson, sent)));

        var expected = With(sent,
            ("out/plain.txt", "created as a string\n"), ("out/report.xml", "<ok/>\n"), ("data/input.txt", "4 5 6\n"),
            ("tennis.py", "# changed by the run\n"), ("cyber-dojo.sh", "python -m unittest -v *test*.py\n"), ("readme.txt", null));
        var last = await LastEventAsync(id);
        AssertJsonEqual(FilesJson(expected), last["files"]);
        Assert.Equal("green", last["colour"]!.GetValue<string>());
        // created, changed and deleted are not arguments of the write: the event does not carry them.
        Assert.False(last.ContainsKey("created") || last.ContainsKey("changed") || last.ContainsKey("deleted"));
        // Null lists are empty ones.
        eventJson = EventJson(RanTests(id, expected, "green", LaptopA, 2, status: 0));
        eventJson["created"] = null;
        eventJson["changed"] = null;
        eventJson["deleted"] = null;
        Assert.Null(await Api.WritePrepackedAsync("kata_ran_tests", LikeABrowser(eventJson, expected)));
        AssertJsonEqual(FilesJson(expected), (await LastEventAsync(id))["files"]);
    }

    [Fact]
    public async Task Arguments_from_a_tgz_get_the_keyword_checks_and_errors_of_the_json_form()
    {
        var id = await CreateKataAsync(TennisFiles());
        var noTabSeq = EventJson(RanTests(id, TennisFiles(), "red", LaptopA, 1));
        noTabSeq.Remove("tab_seq");
        var answer = await Api.PostBytesAsync("kata_ran_tests", LikeABrowser(noTabSeq, TennisFiles()));
        Assert.Equal((HttpStatusCode.InternalServerError, "missing keyword: :tab_seq"), (answer.Status, answer.Exception));

        var extra = EventJson(FileCreate(id, TennisFiles(), 1, "x.txt"));
        extra["colour"] = "red";
        answer = await Api.PostBytesAsync("kata_file_create", LikeABrowser(extra, TennisFiles()));
        Assert.Equal((HttpStatusCode.InternalServerError, "unknown keyword: :colour"), (answer.Status, answer.Exception));

        answer = await Api.PostBytesAsync("kata_ran_tests", LikeABrowser(EventJson(RanTests("123AbZ", TennisFiles(), "red", LaptopA, 1)), TennisFiles()));
        Assert.Equal((HttpStatusCode.BadRequest, "kata 123AbZ does not exist"), (answer.Status, answer.Exception));

        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        answer = await Api.PostBytesAsync("kata_ran_tests", LikeABrowser(EventJson(RanTests("k5ZTk0", TennisFiles(), "red", LaptopA, 1)), TennisFiles()));
        Assert.Equal((HttpStatusCode.HttpVersionNotSupported, "Kata_v0: write not supported"), (answer.Status, answer.Exception));
        Assert.Single(await EventsAsync(id));
    }

    [Fact]
    public async Task Only_kata_writes_read_a_gzip_body_other_methods_answer_as_the_original()
    {
        var tgz = LikeABrowser(new JsonObject { ["manifest"] = TennisManifest() }, new Dictionary<string, string>());
        var answer = await Api.PostBytesAsync("kata_create", tgz);
        Assert.Equal((HttpStatusCode.BadRequest, "body is not JSON"), (answer.Status, answer.Exception));

        var id = await CreateKataAsync(TennisFiles());
        var option = new JsonObject { ["id"] = id, ["name"] = "theme", ["value"] = "dark" };
        answer = await Api.PostBytesAsync("kata_option_set", Encoding.UTF8.GetBytes(option.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        // A JSON body sent to a write with some other content type is JSON, as ever.
        answer = await Api.PostBytesAsync("kata_ran_tests", Encoding.UTF8.GetBytes(RanTests(id, TennisFiles(), "red", LaptopA, 1).ToJsonString()), "text/plain");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, (await EventsAsync(id)).Count);
    }

    /// <summary>A hostile or broken package for the kata with <c>id</c>, and the words its refusal must contain.</summary>
    public sealed record Hostile(string Name, Func<string, byte[]> Build, string Message)
    {
        public override string ToString() => Name;
    }

    private static string EventText(string id) => EventJson(RanTests(id, TennisFiles(), "red", LaptopA, 1)).ToJsonString();

    private static byte[] WithMembers(string id, params TarMemberSpec[] extra) =>
        Tgz([TarMemberSpec.File("event.json", EventText(id)), .. TennisFiles().Select(kv => TarMemberSpec.File("files/" + kv.Key, kv.Value)), .. extra]);

    private static byte[] EventJsonWith(string id, Action<JsonObject> change)
    {
        var eventJson = EventJson(RanTests(id, TennisFiles(), "red", LaptopA, 1));
        change(eventJson);
        return LikeABrowser(eventJson, TennisFiles());
    }

    public static TheoryData<Hostile> HostilePackages => new()
    {
        new Hostile("not gzip", id => Encoding.UTF8.GetBytes(RanTests(id, TennisFiles(), "red", LaptopA, 1).ToJsonString()), "body is not gzip"),
        new Hostile("empty", _ => [], "body is empty"),
        new Hostile("gzip of not a tar", _ => Gzip(Enumerable.Range(0, 2048).Select(i => (byte)('a' + i % 26)).ToArray()), "body is not a tar"),
        new Hostile("cut short", id => WithMembers(id, TarMemberSpec.File("files/big.txt", new string('x', 100_000)))[..400], "body is not a tar"),
        new Hostile("a file outside files/", id => WithMembers(id, TarMemberSpec.File("notes.txt", "hi\n")), "tar member \"notes.txt\" is outside files/"),
        new Hostile("a folder outside files/", id => WithMembers(id, TarMemberSpec.Folder("src/")), "tar member \"src\" is outside files/"),
        new Hostile("a look-alike of files/", id => WithMembers(id, TarMemberSpec.File("files2/x.py", "")), "is outside files/"),
        new Hostile("an absolute path", id => WithMembers(id, TarMemberSpec.File("/files/abs.py", "")), "has an absolute path"),
        new Hostile("a .. path inside", id => WithMembers(id, TarMemberSpec.File("files/../event.json", "{}")), "'..' part"),
        new Hostile("a .. path in front", id => WithMembers(id, TarMemberSpec.File("../files/up.py", "")), "'..' part"),
        new Hostile("a .git folder", id => WithMembers(id, TarMemberSpec.File("files/.git/config", "")), "has a .git part"),
        new Hostile("a symbolic link", id => WithMembers(id, new TarMemberSpec("files/passwd", TarEntryType.SymbolicLink, LinkName: "/etc/passwd")), "is a symbolic link"),
        new Hostile("a hard link", id => WithMembers(id, new TarMemberSpec("files/again.py", TarEntryType.HardLink, LinkName: "files/tennis.py")), "is a hard link"),
        new Hostile("a character device", id => WithMembers(id, new TarMemberSpec("files/null", TarEntryType.CharacterDevice)), "is a character device"),
        new Hostile("a block device", id => WithMembers(id, new TarMemberSpec("files/sda", TarEntryType.BlockDevice)), "is a block device"),
        new Hostile("a fifo", id => WithMembers(id, new TarMemberSpec("files/pipe", TarEntryType.Fifo)), "is a fifo"),
        new Hostile("a file twice", id => WithMembers(id, TarMemberSpec.File("files/tennis.py", "# second\n")), "tar member \"files/tennis.py\" appears twice"),
        new Hostile("a file twice, once with ./", id => WithMembers(id, TarMemberSpec.File("./files/tennis.py", "# second\n")), "appears twice"),
        new Hostile("event.json twice", id => WithMembers(id, TarMemberSpec.File("./event.json", EventText(id))), "tar member \"event.json\" appears twice"),
        new Hostile("a file that is also a folder", id => WithMembers(id, TarMemberSpec.Folder("files/tennis.py/")), "appears twice"),
        new Hostile("a file inside a file", id => WithMembers(id, TarMemberSpec.File("files/tennis.py/inner.py", "")), "is both a file and a folder"),
        new Hostile("no event.json", _ => Tgz(TennisFiles().Select(kv => TarMemberSpec.File("files/" + kv.Key, kv.Value))), "event.json is missing"),
        new Hostile("event.json not JSON", _ => Tgz([TarMemberSpec.File("event.json", "{\"id\":")]), "event.json is not JSON"),
        new Hostile("event.json an array", _ => Tgz([TarMemberSpec.File("event.json", "[]")]), "event.json is not a JSON object"),
        new Hostile("event.json holding files", id => EventJsonWith(id, e => e["files"] = FilesJson(TennisFiles())), "event.json must not hold files"),
        new Hostile("created not an object", id => EventJsonWith(id, e => e["created"] = new JsonArray("a.txt")), "event.json created must be an object"),
        new Hostile("changed to a number", id => EventJsonWith(id, e => e["changed"] = new JsonObject { ["tennis.py"] = 42 }), "event.json changed[\"tennis.py\"] must be a string or an object"),
        new Hostile("deleted not names", id => EventJsonWith(id, e => e["deleted"] = new JsonArray(1)), "event.json deleted must be an array of filenames"),
        new Hostile("an unsafe created name", id => EventJsonWith(id, e => e["created"] = new JsonObject { ["../escape.txt"] = "" }), "event.json created: unsafe file name"),
        new Hostile("an unsafe deleted name", id => EventJsonWith(id, e => e["deleted"] = new JsonArray("/etc/passwd")), "event.json deleted: unsafe file name"),
        new Hostile("a name both created and deleted", id => EventJsonWith(id, e =>
        {
            e["created"] = new JsonObject { ["a.txt"] = "" };
            e["deleted"] = new JsonArray("a.txt");
        }), "\"a.txt\" is in both created and deleted"),
        new Hostile("content not UTF-8", id => WithMembers(id, TarMemberSpec.File("files/latin1.txt", [0x63, 0x61, 0x66, 0xE9, 0x0A])), "tar member \"files/latin1.txt\" is not UTF-8 text"),
        new Hostile("a bomb in one file", id => WithMembers(id, TarMemberSpec.File("files/zeros.txt", new byte[16 * 1024 * 1024])), "body unpacks to more than 16777216 bytes"),
        new Hostile("more files than Saver:MaxFiles", id => WithMembers(id, Enumerable.Range(0, 1000).Select(i => TarMemberSpec.File($"files/f{i}.txt", "")).ToArray()),
            "files holds 1004 files, more than the 1000 Saver:MaxFiles allows"),
        new Hostile("a bomb of folders", id => WithMembers(id, Enumerable.Range(0, 2100).Select(i => TarMemberSpec.Folder($"files/d{i}/")).ToArray()), "body has more than 2016 tar members"),
        new Hostile("a pax header claiming 2 GB", id => RawTgz(id, RawHeader("PaxHeaders/x", 'x', 2_000_000_000)), "body unpacks to more than 16777216 bytes"),
        new Hostile("a GNU long name claiming 2 GB", id => RawTgz(id, RawHeader("././@LongLink", 'L', 2_000_000_000)), "body unpacks to more than 16777216 bytes"),
        new Hostile("a file claiming 9 GB", id => RawTgz(id, RawHeader("files/huge.bin", '0', 9L * 1024 * 1024 * 1024)), "body unpacks to more than 16777216 bytes"),
        new Hostile("a sparse file", id => RawTgz(id, RawHeader("files/sparse.bin", 'S', 0), new byte[1024]), "is a sparse file"),
        new Hostile("no end-of-archive marker", id => Gzip(PrepackedTgz.Tar([TarMemberSpec.File("event.json", EventText(id))])[..1024]), "ends without its end-of-archive marker"),
        new Hostile("a wrong checksum", id =>
        {
            var header = RawHeader("files/x.txt", '0', 0);
            header[0] = (byte)'y';
            return RawTgz(id, header, new byte[1024]);
        }, "checksum is wrong"),
    };

    /// <summary>A good write's members, then raw tar bytes as given (no end marker unless they hold one).</summary>
    private static byte[] RawTgz(string id, params byte[][] blocks)
    {
        var good = PrepackedTgz.Tar([TarMemberSpec.File("event.json", EventText(id)), .. TennisFiles().Select(kv => TarMemberSpec.File("files/" + kv.Key, kv.Value))]);
        // TarWriter ends with two zero blocks: leave them off so the raw blocks come next.
        return Gzip([.. good[..^1024], .. blocks.SelectMany(b => b)]);
    }

    [Theory]
    [MemberData(nameof(HostilePackages))]
    public async Task A_hostile_or_broken_package_is_refused_with_400_and_changes_nothing(Hostile package)
    {
        var id = await CreateKataAsync(TennisFiles());
        await RunAsync(id, TennisFiles(), tabSeq: 1);
        var etag = await RepositoryETagAsync(id);
        var blobs = await BlobNamesAsync();
        var events = await EventsAsync(id);

        var answer = await Api.PostBytesAsync("kata_ran_tests", package.Build(id));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Contains(package.Message, answer.Exception);
        Assert.Equal(etag, await RepositoryETagAsync(id));
        Assert.Equal(blobs, await BlobNamesAsync());
        AssertJsonEqual(events, await EventsAsync(id));
    }
}
