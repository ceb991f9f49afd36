using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace FaceAlign.Cli;

/// <summary>
/// <c>facealign --version</c>: prints this assembly's version. System.CommandLine's default reads the entry assembly,
/// which is the test host (not FaceAlign) when the CLI runs in-process.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
