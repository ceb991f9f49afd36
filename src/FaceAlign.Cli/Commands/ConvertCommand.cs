using System.CommandLine;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;
using FaceAlign.Imaging.Png;
using FaceAlign.Imaging.Pnm;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign convert IN OUT [--quality Q]</c>: decodes IN (format sniffed from its bytes) and writes OUT in the
/// format its extension names. OUT is written to a temporary file beside it and renamed into place, so a failure
/// never leaves a half-written OUT and never clobbers an existing one.
/// </summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert", "Decode an image and write it as PNG, JPEG, PPM or PGM (chosen by the output's extension).");
        var input = new Argument<string>("input") { Description = "Image to read (PNG, JPEG, PGM/PPM, BMP)" };
        var output = new Argument<string>("output") { Description = "File to write: .png, .jpg/.jpeg, .ppm or .pgm" };
        var quality = new Option<int>("--quality", "-q") { Description = "JPEG quality 1–100", DefaultValueFactory = _ => 90 };
        quality.Validators.Add(result =>
        {
            // Tokens that are not a number at all are reported by the parser itself.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int q) && q is < 1 or > 100)
                result.AddError("--quality must be between 1 and 100");
        });
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(quality);
        command.SetAction(parse => Run(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(quality),
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string input, string output, int quality, TextWriter error)
    {
        var encode = EncoderFor(output, quality);
        if (encode is null)
        {
            CliError.Report(output, $"unknown output format \"{Path.GetExtension(output)}\" (use .png, .jpg, .jpeg, .ppm or .pgm)", error);
            return CliError.Failure;
        }
        Image? image = null;
        if (!CliError.Try(input, () => image = Image.Decode(InputFile.Read(input)), error))
            return CliError.Failure;
        return CliError.Try(output, () => WriteAtomically(output, encode(image!)), error) ? 0 : CliError.Failure;
    }

    private static Func<Image, byte[]>? EncoderFor(string path, int quality) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => PngEncoder.Encode,
        ".jpg" or ".jpeg" => image => JpegEncoder.Encode(image, quality),
        ".ppm" => PnmEncoder.EncodePpm,
        ".pgm" => PnmEncoder.EncodePgm,
        _ => null,
    };

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? ".";
        string temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // no-op once the rename succeeded
        }
    }
}
