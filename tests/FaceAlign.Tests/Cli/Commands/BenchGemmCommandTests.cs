using System.CommandLine;
using System.Text.Json;
using FaceAlign.Cli;
using FaceAlign.Kernels;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary><c>facealign bench gemm</c> prints exactly one JSON line with the promised fields, and rejects bad sizes.</summary>
public class BenchGemmCommandTests
{
    [Fact]
    public void Prints_one_json_line_with_size_threads_and_gflops()
    {
        int savedThreads = ComputeThreads.Count;
        try
        {
            var output = new StringWriter();
            int exit = Program.BuildRoot().Parse(["bench", "gemm", "--size", "48", "--threads", "1", "--iterations", "1"])
                .Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
            Assert.Equal(0, exit);
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            using var json = JsonDocument.Parse(lines[0]);
            var root = json.RootElement;
            Assert.Equal("gemm", root.GetProperty("op").GetString());
            Assert.Equal(48, root.GetProperty("size").GetInt32());
            Assert.Equal(1, root.GetProperty("threads").GetInt32());
            Assert.True(root.GetProperty("gflops").GetDouble() > 0);
        }
        finally
        {
            ComputeThreads.Count = savedThreads;
        }
    }

    [Fact]
    public void Rejects_a_zero_size_with_exit_code_1()
    {
        var error = new StringWriter();
        int exit = Program.BuildRoot().Parse(["bench", "gemm", "--size", "0"])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.Equal(1, exit);
        Assert.StartsWith("facealign: bench gemm: ", error.ToString());
    }
}
