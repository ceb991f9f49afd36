namespace FaceAlign.Tests.Cli;

/// <summary>Options System.CommandLine provides for the root command.</summary>
public class ProgramTests
{
    [Fact]
    public void Version_is_the_package_version()
    {
        var (exit, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, exit);
        Assert.Equal("0.1.0", output.Trim());
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var (exit, _, error) = CliRunner.Run("frobnicate");
        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", error);
    }
}
