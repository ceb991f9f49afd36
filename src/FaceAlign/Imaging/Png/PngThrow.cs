namespace FaceAlign.Imaging.Png;

/// <summary>Throw helper for the PNG codec: every corrupt-data message starts with "PNG" so callers can tell the source.</summary>
internal static class PngThrow
{
    public static InvalidImageException Invalid(string message) => new("PNG " + message);

    public static InvalidImageException Invalid(string message, Exception inner) => new("PNG " + message, inner);

    /// <summary>Chunk type as the four ASCII letters the spec names it by (non-letters shown as hex).</summary>
    public static string ChunkName(uint type)
    {
        Span<char> name = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            char c = (char)((type >> (24 - 8 * i)) & 0xFF);
            if (!char.IsAsciiLetter(c))
                return $"0x{type:X8}";
            name[i] = c;
        }
        return new string(name);
    }
}
