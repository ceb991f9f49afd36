namespace FaceAlign.Tests;

/// <summary>
/// Locates the research-only face data in <c>../shared/data</c> (relative to the project root). Tests that need
/// it use <c>[SkippableFact]</c> and <c>Skip.If(SharedData.Root is null, SharedData.MissingReason)</c>.
/// </summary>
public static class SharedData
{
    public const string MissingReason = "../shared/data is not present beside the project (research data is never committed)";

    /// <summary>The project root (the folder holding FaceAlign.sln), found by walking up from the test binary.</summary>
    public static string ProjectRoot { get; } = FindProjectRoot();

    /// <summary>Absolute path of shared/data, or null when absent.</summary>
    public static string? Root { get; } = FindSharedData();

    /// <summary>A path under shared/data; callers must check <see cref="Root"/> first.</summary>
    public static string PathOf(string relative) => System.IO.Path.Combine(Root ?? throw new InvalidOperationException(MissingReason), relative);

    /// <summary>Committed test files (tests/FaceAlign.Tests/TestFiles), copied beside the test binary.</summary>
    public static string TestFile(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestFiles", relative);

    private static string FindProjectRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FaceAlign.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("cannot find FaceAlign.sln above " + AppContext.BaseDirectory);
    }

    private static string? FindSharedData()
    {
        var env = Environment.GetEnvironmentVariable("FACEALIGN_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
            return System.IO.Path.GetFullPath(env);
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectRoot, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
