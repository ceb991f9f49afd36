using System.CommandLine;

namespace FaceAlign.Cli.Commands;

/// <summary><c>facealign dataset ...</c>: look at the training data generators. Each tool is a subcommand in its own file.</summary>
public static class DatasetCommand
{
    public static Command Create()
    {
        var command = new Command("dataset", "Inspect generated training data.");
        command.Subcommands.Add(DatasetPreviewDetectCommand.Create());
        return command;
    }
}
