namespace FaceAlign.Imaging.Png;

/// <summary>
/// A write-only stream that cuts what the zlib compressor produces into IDAT chunks of at most
/// <see cref="ChunkSize"/> bytes, so the encoder never holds the whole compressed image in memory.
/// </summary>
internal sealed class PngIdatStream(Stream output) : Stream
{
    public const int ChunkSize = 64 * 1024;

    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _count;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, ChunkSize - _count);
            data[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            data = data[n..];
            if (_count == ChunkSize)
                Flush();
        }
    }

    /// <summary>Emits the buffered bytes as one IDAT chunk (nothing if empty).</summary>
    public override void Flush()
    {
        if (_count == 0)
            return;
        PngChunkWriter.Write(output, PngChunk.IDAT, _buffer.AsSpan(0, _count));
        _count = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
