using System.Buffers.Binary;
using System.Text;
using FaceAlign.Models;

namespace FaceAlign.Tests.Models;

public class SafeTensorsFileTests
{
    // Builds a file from a header written out as JSON text and raw data bytes, padding the header with spaces.
    private static byte[] FileOf(string header, params byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + padded);
        return bytes;
    }

    private static SafeTensorsFormatException Corrupt(byte[] file) =>
        Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Read(file, "w.safetensors"));

    [Fact]
    public void Round_trip_keeps_order_shapes_values_and_metadata()
    {
        var a = new float[] { 1.5f, -2f, 3.25f, 0f, float.Epsilon, -1e30f };
        var b = new float[] { 42f };
        var meta = new Dictionary<string, string> { ["format"] = "pt", ["model"] = "pfld" };
        var bytes = SafeTensorsFile.Serialize([("conv.weight", [2, 3], a), ("scalar", [], b), ("empty", [0, 4], Array.Empty<float>())], meta);

        var file = SafeTensorsFile.Read(bytes);
        Assert.Equal(["conv.weight", "scalar", "empty"], file.Entries.Select(e => e.Name));
        Assert.Equal([2, 3], file["conv.weight"].Shape);
        Assert.Empty(file["scalar"].Shape);
        Assert.Equal(a, file.ReadFloat32("conv.weight"));
        Assert.Equal(b, file.ReadFloat32("scalar"));
        Assert.Empty(file.ReadFloat32("empty"));
        Assert.Equal(meta, file.Metadata);
        var into = new float[6];
        file.ReadFloat32("conv.weight", into);
        Assert.Equal(a, into);
        Assert.Throws<ArgumentException>(() => file.ReadFloat32("conv.weight", new float[5]));
        Assert.Throws<KeyNotFoundException>(() => file.ReadFloat32("nope"));
        // Contiguous offsets in the given order.
        Assert.Equal((0L, 24L), (file["conv.weight"].Begin, file["conv.weight"].End));
        Assert.Equal((24L, 28L), (file["scalar"].Begin, file["scalar"].End));
        Assert.Equal((28L, 28L), (file["empty"].Begin, file["empty"].End));
    }

    [Fact]
    public void Written_header_is_space_padded_to_a_multiple_of_8_and_data_is_little_endian()
    {
        var bytes = SafeTensorsFile.Serialize([("x", [1], new float[] { 1f })]);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header.TrimEnd(' '));
        Assert.True(header.Length - header.TrimEnd(' ').Length < 8);
        // 1.0f = 0x3F800000, little-endian.
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, bytes[^4..]);
    }

    [Fact]
    public void Write_to_disk_and_read_back()
    {
        var path = Path.Combine(Path.GetTempPath(), $"facealign-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensorsFile.Write(path, [("w", [2], new float[] { 7f, -8f })]);
            var file = SafeTensorsFile.Read(path);
            Assert.Equal(path, file.Source);
            Assert.Equal(new float[] { 7f, -8f }, file.ReadFloat32("w"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Hand_built_F16_and_BF16_values_convert_exactly()
    {
        byte[] data =
        [
            // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, max 65504 = 0x7BFF, smallest subnormal 2^-24 = 0x0001
            0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0xFF, 0x7B, 0x01, 0x00,
            // BF16: 1.0 = 0x3F80, -2.5 = 0xC020, 3.140625 = 0x4049
            0x80, 0x3F, 0x20, 0xC0, 0x49, 0x40,
        ];
        var file = SafeTensorsFile.Read(FileOf(
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1,3],\"data_offsets\":[10,16]}}",
            data));
        Assert.Equal(SafeTensorsDType.F16, file["h"].DType);
        Assert.Equal(SafeTensorsDType.BF16, file["b"].DType);
        Assert.Equal(new float[] { 1f, -2f, 0.5f, 65504f, MathF.Pow(2, -24) }, file.ReadFloat32("h"));
        Assert.Equal(new float[] { 1f, -2.5f, 3.140625f }, file.ReadFloat32("b"));
    }

    [Fact]
    public void F16_and_BF16_widening_matches_pytorch()
    {
        var file = SafeTensorsFile.Read(SharedData.TestFile("safetensors/torch-half-bfloat16.safetensors"));
        Assert.StartsWith("torch ", file.Metadata["generator"]);
        Assert.Equal([2, 5, 5], file["bf16"].Shape);
        Assert.Equal(file.ReadFloat32("f16_as_f32"), file.ReadFloat32("f16"));
        Assert.Equal(file.ReadFloat32("bf16_as_f32"), file.ReadFloat32("bf16"));
        Assert.Contains(file.ReadFloat32("f16"), v => v != 0 && Math.Abs(v) < 6.1e-5f); // F16 subnormals are covered
    }

    [Fact]
    public void Header_length_beyond_the_file_is_rejected()
    {
        var bytes = SafeTensorsFile.Serialize([("x", [1], new float[] { 1f })]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        Assert.Contains("w.safetensors: header length", Corrupt(bytes).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("runs past the end", Corrupt(bytes).Message);
        Assert.Contains("too short", Corrupt([1, 0, 0]).Message);
    }

    [Fact]
    public void Malformed_json_is_rejected()
    {
        Assert.Contains("not valid JSON", Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",")).Message);
        Assert.Contains("not an object", Corrupt(FileOf("[1,2]")).Message);
        Assert.Contains("missing string field 'dtype'", Corrupt(FileOf("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 0, 0, 0, 0)).Message);
        Assert.Contains("'data_offsets'", Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 0, 0, 0, 0)).Message);
        Assert.Contains("shape entry 0", Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 0, 0, 0, 0)).Message);
        Assert.Contains("__metadata__ value 'n' must be a string", Corrupt(FileOf("{\"__metadata__\":{\"n\":3}}")).Message);
    }

    [Fact]
    public void Unknown_dtype_is_corrupt_but_known_unsupported_dtypes_are_not_supported()
    {
        var e = Corrupt(FileOf("{\"x\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 0, 0, 0, 0));
        Assert.Equal("w.safetensors: tensor 'x': unknown dtype 'F33'", e.Message);

        // I64 (PyTorch's num_batches_tracked) reads as float; F64 tensors are valid and their sizes validate, but they
        // cannot be read as float32.
        var data = new byte[16];
        data[0] = 0x2A; // int64 little-endian 42
        var file = SafeTensorsFile.Read(FileOf(
            "{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}",
            data), "w.safetensors");
        Assert.Equal(new[] { 42f }, file.ReadFloat32("n"));
        Assert.Contains("tensor 'd' has dtype F64", Assert.Throws<NotSupportedException>(() => file.ReadFloat32("d")).Message);

        Assert.Throws<NotSupportedException>(() => SafeTensorsFile.Read(FileOf("{\"x\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 0)));
    }

    [Fact]
    public void Offsets_out_of_range_overlapping_gapped_or_mismatched_are_rejected()
    {
        var data = new byte[8];
        Assert.Equal("w.safetensors: tensor 'x': data_offsets [4, 12] run past the 8-byte data buffer",
            Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", data)).Message);
        Assert.Contains("begin after they end",
            Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", data)).Message);
        Assert.Contains("tensor 'b' [2, 6] overlaps tensor 'a' [0, 4]",
            Corrupt(FileOf("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", data)).Message);
        Assert.Contains("bytes [0, 4) before tensor 'b' belong to no tensor",
            Corrupt(FileOf("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data)).Message);
        Assert.Contains("the tensors cover only 4",
            Corrupt(FileOf("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data)).Message);
        Assert.Equal("w.safetensors: tensor 'x': data_offsets [0, 8] hold 8 bytes but shape [3] of F32 needs 12",
            Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data)).Message);
        Assert.Contains("needs more than the file",
            Corrupt(FileOf("{\"x\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", data)).Message);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var e = Corrupt(FileOf("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]));
        Assert.Equal("w.safetensors: tensor 'a' is listed twice in the header", e.Message);
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Serialize([("a", [1], new float[1]), ("a", [1], new float[1])]));
    }

    [Fact]
    public void Non_finite_values_name_the_tensor_and_index()
    {
        var bytes = SafeTensorsFile.Serialize([("ok", [1], new float[] { 1f }), ("w", [3], new float[] { 0f, 1f, float.NaN })]);
        var file = SafeTensorsFile.Read(bytes, "w.safetensors");
        Assert.Equal("w.safetensors: tensor 'w' has a non-finite value (NaN) at index 2",
            Assert.Throws<SafeTensorsFormatException>(() => file.ReadFloat32("w")).Message);
        // +Inf in F16 is 0x7C00.
        var half = SafeTensorsFile.Read(FileOf("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 0x00, 0x3C, 0x00, 0x7C), "w.safetensors");
        Assert.Contains("tensor 'h' has a non-finite value", Assert.Throws<SafeTensorsFormatException>(() => half.ReadFloat32("h")).Message);
        Assert.Contains("at index 1", Assert.Throws<SafeTensorsFormatException>(() => half.ReadFloat32("h")).Message);
    }

    [Fact]
    public void CheckMatches_reports_missing_wrong_shape_and_unexpected_tensors()
    {
        var file = SafeTensorsFile.Read(SafeTensorsFile.Serialize([("a", [2, 2], new float[4]), ("b", [3], new float[3])]), "m.safetensors");
        file.CheckMatches([("a", [2, 2]), ("b", [3])]);
        Assert.Equal("m.safetensors: missing tensor 'c' (expected shape [1])",
            Assert.Throws<SafeTensorsFormatException>(() => file.CheckMatches([("a", [2, 2]), ("b", [3]), ("c", [1])])).Message);
        Assert.Equal("m.safetensors: tensor 'a' has shape [2, 2], expected [4]",
            Assert.Throws<SafeTensorsFormatException>(() => file.CheckMatches([("a", [4]), ("b", [3])])).Message);
        Assert.Equal("m.safetensors: unexpected tensor 'b' [3]",
            Assert.Throws<SafeTensorsFormatException>(() => file.CheckMatches([("a", [2, 2])])).Message);
    }

    [Fact]
    public void Every_prefix_and_random_mutations_fail_cleanly()
    {
        var valid = SafeTensorsFile.Serialize([("a", [2], new float[] { 1f, 2f }), ("b", [1], new float[] { 3f })], new Dictionary<string, string> { ["k"] = "v" });
        var rng = new Random(7);
        var inputs = Enumerable.Range(0, valid.Length).Select(n => valid[..n]).ToList();
        for (int i = 0; i < 3000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (int e = rng.Next(1, 4); e > 0; e--)
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            inputs.Add(bytes);
        }
        foreach (var bytes in inputs)
        {
            try
            {
                var file = SafeTensorsFile.Read(bytes);
                foreach (var entry in file.Entries)
                    file.ReadFloat32(entry.Name);
            }
            catch (Exception e) when (e is SafeTensorsFormatException or NotSupportedException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }
}
