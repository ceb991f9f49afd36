using System.CommandLine;

namespace FaceAlign.Cli.Commands;

/// <summary><c>facealign bench ...</c>: quick single-line JSON speed figures. Each benchmark is a subcommand in its own file.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed; prints one JSON line per measurement.");
        command.Subcommands.Add(BenchDecodeCommand.Create());
        command.Subcommands.Add(BenchGemmCommand.Create());
        command.Subcommands.Add(BenchModelCommand.Create());
        command.Subcommands.Add(BenchPipelineCommand.Create());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchMosaicCommand.Create());
        return command;
    }
}
