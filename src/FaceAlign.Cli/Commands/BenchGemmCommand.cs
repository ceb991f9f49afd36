using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign.Kernels;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench gemm --size N --threads T [--iterations K]</c>: times C = A·B for N×N matrices and prints
/// <c>{"op":"gemm","size":N,"threads":T,"gflops":G}</c> — the median of K timed runs after a warm-up, 2·N³ flops each.
/// <c>--m/--n/--k</c> time a rectangular shape instead (the JSON then names it).
/// </summary>
public static class BenchGemmCommand
{
    // Each timed run repeats the product until it has taken at least this long, so small sizes are not timer noise.
    private static readonly TimeSpan MinRunTime = TimeSpan.FromMilliseconds(50);

    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Matrix size N (M = N = K)", DefaultValueFactory = _ => 512 };
        var threads = new Option<int>("--threads") { Description = "Compute threads", DefaultValueFactory = _ => 1 };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs (the median is reported)", DefaultValueFactory = _ => 7 };
        var m = new Option<int?>("--m") { Description = "Rows of C (overrides --size)" };
        var n = new Option<int?>("--n") { Description = "Columns of C (overrides --size)" };
        var k = new Option<int?>("--k") { Description = "Inner dimension (overrides --size)" };
        var command = new Command("gemm", "Single-precision matrix multiply speed in GFLOPS.");
        command.Options.Add(size);
        command.Options.Add(threads);
        command.Options.Add(iterations);
        command.Options.Add(m);
        command.Options.Add(n);
        command.Options.Add(k);
        command.SetAction(parse =>
        {
            int s = parse.GetValue(size), t = parse.GetValue(threads), runs = parse.GetValue(iterations);
            int? mv = parse.GetValue(m), nv = parse.GetValue(n), kv = parse.GetValue(k);
            int rows = mv ?? s, cols = nv ?? s, depth = kv ?? s;
            if (rows < 1 || cols < 1 || depth < 1 || t < 1 || runs < 1)
            {
                CliError.Report("bench gemm", "sizes, --threads and --iterations must be at least 1", parse.InvocationConfiguration.Error);
                return CliError.Failure;
            }
            ComputeThreads.Count = t;
            double gflops = Measure(rows, cols, depth, runs);
            string shape = mv is null && nv is null && kv is null
                ? $"\"size\":{s}"
                : $"\"m\":{rows},\"n\":{cols},\"k\":{depth}";
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"op\":\"gemm\",{shape},\"threads\":{t},\"gflops\":{gflops:F2}}}"));
            return 0;
        });
        return command;
    }

    private static double Measure(int m, int n, int k, int runs)
    {
        var random = new Random(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        foreach (var x in new[] { a, b })
            for (int i = 0; i < x.Length; i++)
                x[i] = random.NextSingle() - 0.5f;

        void Multiply() => Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

        var clock = Stopwatch.StartNew();
        int repeats = 0;
        do
        {
            Multiply();
            repeats++;
        }
        while (clock.Elapsed < MinRunTime);

        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            clock.Restart();
            for (int i = 0; i < repeats; i++)
                Multiply();
            seconds[r] = clock.Elapsed.TotalSeconds / repeats;
        }
        Array.Sort(seconds);
        return 2.0 * m * n * k / seconds[runs / 2] / 1e9;
    }
}
