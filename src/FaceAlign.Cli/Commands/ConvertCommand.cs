using System.CommandLine;

namespace FaceAlign.Cli.Commands;

/// <summary>Placeholder: <c>facealign convert IN OUT</c> decodes IN and encodes OUT by its extension.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert", "Decode an image and write it as PNG or JPEG (chosen by the output's extension).");
        command.Arguments.Add(new Argument<string>("input"));
        command.Arguments.Add(new Argument<string>("output"));
        command.SetAction(parse =>
        {
            CliError.Report("convert", "not implemented yet");
            return CliError.Failure;
        });
        return command;
    }
}
