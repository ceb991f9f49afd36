using System.CommandLine;
using FaceAlign.Cli.Commands;

namespace FaceAlign.Cli;

/// <summary>The <c>facealign</c> tool: one file per command under Commands/, wired together here.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FaceAlign: face detection, facial landmarks and head pose in pure C#.");
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(FacesCommand.Create());
        root.Subcommands.Add(LandmarksCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(EvalDetectCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new VersionAction();
        return root;
    }
}
