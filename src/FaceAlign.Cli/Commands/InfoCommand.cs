using System.CommandLine;

namespace FaceAlign.Cli.Commands;

/// <summary>Placeholder: <c>facealign info IMAGE...</c> prints what each file's headers say.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print format, size, components, subsampling, progressive and EXIF orientation of images.");
        var images = new Argument<string[]>("images") { Arity = ArgumentArity.OneOrMore, Description = "Image files" };
        command.Arguments.Add(images);
        command.SetAction(parse =>
        {
            CliError.Report("info", "not implemented yet");
            return CliError.Failure;
        });
        return command;
    }
}
