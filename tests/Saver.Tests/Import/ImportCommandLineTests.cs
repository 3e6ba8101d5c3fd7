using Saver.Functions.Hosting;

namespace Saver.Tests.Import;

/// <summary>Which arguments are the app's own <c>--import PATH</c> options and which are left for the host.</summary>
public class ImportCommandLineTests
{
    [Fact]
    public void Import_paths_are_taken_out_and_the_rest_left_for_the_host_in_order()
    {
        var line = ImportCommandLine.Parse(["--urls", "http://127.0.0.1:0", "--import", "a dir", "--Saver:Store=azure", "--import=b.tgz"]);

        Assert.Null(line.Error);
        Assert.Equal(["a dir", "b.tgz"], line.ImportPaths);
        Assert.Equal(["--urls", "http://127.0.0.1:0", "--Saver:Store=azure"], line.HostArguments);
    }

    [Fact]
    public void No_arguments_means_nothing_to_import_and_nothing_for_the_host()
    {
        var line = ImportCommandLine.Parse([]);

        Assert.Null(line.Error);
        Assert.Empty(line.ImportPaths);
        Assert.Empty(line.HostArguments);
    }

    [Theory]
    [InlineData("--import")]
    [InlineData("--import", "--urls", "http://127.0.0.1:0")]
    [InlineData("--import=")]
    [InlineData("--import", "")]
    public void An_import_without_a_path_is_an_error_that_says_how(params string[] args)
    {
        var line = ImportCommandLine.Parse(args);

        Assert.Equal("--import needs a path: --import DIR (a data folder of the original saver) or --import FILE.tgz", line.Error);
    }
}
