using System.Text.Json;

namespace FaceAlign.Tests.Cli;

/// <summary><c>facealign bench decode</c>: the JSON line's shape and the error paths (timings themselves are not asserted).</summary>
public class BenchDecodeCommandTests
{
    [Fact]
    public void Prints_one_json_line_with_the_median()
    {
        string bmp = CliRunner.TestFile("bmp/rgb24.bmp");
        var (exit, output, error) = CliRunner.Run("bench", "decode", bmp, "--iterations", "3");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        var o = doc.RootElement;
        Assert.Equal("decode", o.GetProperty("op").GetString());
        Assert.Equal(bmp, o.GetProperty("file").GetString());
        Assert.Equal("BMP", o.GetProperty("format").GetString());
        Assert.Equal(23 * 17 / 1e6, o.GetProperty("megapixels").GetDouble(), 6);
        double ms = o.GetProperty("ms").GetDouble();
        Assert.InRange(ms, 0, 10_000);
        Assert.True(o.GetProperty("megapixels_per_s").GetDouble() > 0);
    }

    [Fact]
    public void Missing_file_is_an_error_line()
    {
        var (exit, output, error) = CliRunner.Run("bench", "decode", "/nonexistent/x.bmp");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("facealign: /nonexistent/x.bmp: no such file or directory", error.Trim());
    }

    [Fact]
    public void Zero_iterations_is_a_usage_error()
    {
        var (exit, output, _) = CliRunner.Run("bench", "decode", CliRunner.TestFile("bmp/rgb24.bmp"), "-n", "0");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("\"op\"", output);
    }
}
