using System.CommandLine;
using FaceAlign.Cli;

namespace FaceAlign.Tests.Cli;

/// <summary>Runs the <c>facealign</c> command line in-process with captured stdout/stderr, and gives each test a scratch folder.</summary>
public sealed class CliRunner : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("facealign-cli-").FullName;

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A path in the scratch folder, optionally created with the given bytes.</summary>
    public string PathOf(string name, byte[]? contents = null)
    {
        string path = Path.Combine(Folder, name);
        if (contents != null)
            File.WriteAllBytes(path, contents);
        return path;
    }

    public static string TestFile(string relative) => SharedData.TestFile(relative);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
