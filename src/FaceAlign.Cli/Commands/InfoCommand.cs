using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FaceAlign.Imaging;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign info IMAGE... [--json]</c>: one line per file with what its headers say (no pixels are decoded).
/// A file that cannot be read is reported on stderr and the others still get their line; exit 1 if any failed.
/// </summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print format, size, components, subsampling, progressive and EXIF orientation of images.");
        var images = new Argument<string[]>("images") { Arity = ArgumentArity.OneOrMore, Description = "Image files" };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of text" };
        command.Arguments.Add(images);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            bool asJson = parse.GetValue(json);
            bool allRead = true;
            foreach (var file in parse.GetRequiredValue(images))
            {
                allRead &= CliError.Try(file, () =>
                {
                    var info = Image.Identify(InputFile.Read(file));
                    output.WriteLine(asJson ? Json(file, info) : Text(file, info));
                }, error);
            }
            return allRead ? 0 : CliError.Failure;
        });
        return command;
    }

    /// <summary>e.g. <c>photo.jpg: JPEG 640×480, 3 components (ycbcr), 8-bit, 4:2:0, baseline, orientation 6</c>.</summary>
    public static string Text(string file, ImageInfo info)
    {
        var line = new StringBuilder();
        line.Append($"{file}: {FormatName(info.Format)} {info.Width}×{info.Height}, ");
        line.Append(info.Components == 1 ? "1 component" : $"{info.Components} components");
        if (info.ColorModel.Length > 0)
            line.Append($" ({info.ColorModel})");
        line.Append($", {info.BitDepth}-bit");
        if (info.Subsampling.Length > 0)
            line.Append($", {info.Subsampling}");
        if (info.Format == ImageFormat.Jpeg)
            line.Append(info.Progressive ? ", progressive" : ", baseline");
        else if (info.Progressive)
            line.Append(", interlaced");
        if (info.Orientation != 1)
            line.Append($", orientation {info.Orientation}");
        return line.ToString();
    }

    public static string Json(string file, ImageInfo info)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonLine))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteString("format", FormatName(info.Format));
            writer.WriteNumber("width", info.Width);
            writer.WriteNumber("height", info.Height);
            writer.WriteNumber("components", info.Components);
            writer.WriteNumber("bit_depth", info.BitDepth);
            writer.WriteString("color_model", info.ColorModel);
            writer.WriteString("subsampling", info.Subsampling);
            writer.WriteBoolean("progressive", info.Progressive);
            writer.WriteNumber("orientation", info.Orientation);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>"PNG", "JPEG", "PNM", "BMP".</summary>
    public static string FormatName(ImageFormat format) => format.ToString().ToUpperInvariant();

    // File names stay readable (no \uXXXX for accents); the output is a terminal or a JSON-lines file, never HTML.
    internal static JsonWriterOptions JsonLine { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
