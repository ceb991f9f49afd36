namespace FaceAlign.Tests.Cli.Commands;

/// <summary>`train pfld` refuses out-of-range --flip and --holdout-identities with one line, before reading any data.</summary>
public sealed class TrainPfldOptionsTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("--flip", "1.5", "--flip must be in [0, 1]")]
    [InlineData("--flip", "-0.1", "--flip must be in [0, 1]")]
    [InlineData("--holdout-identities", "1", "--holdout-identities must be in [0, 1)")]
    public void Out_of_range_values_are_refused_with_one_line(string option, string value, string message)
    {
        var (exit, _, err) = CliRunner.Run("train", "pfld", "--data", cli.PathOf("missing.csv"), "--out", cli.PathOf("run"), option, value);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: train pfld: {message}", err.Trim());
        Assert.False(Directory.Exists(cli.PathOf("run")), "nothing should be written for a refused command line");
    }
}
