// Resume tests end the same way: an interrupted and resumed run must leave exactly the weights of an unbroken one.
using FaceAlign.Models;

namespace FaceAlign.Tests.Training;

internal static class SameWeights
{
    /// <summary>The two safetensors files hold the same tensor names and bit-identical float32 values.</summary>
    public static void Assert(string expectedFile, string actualFile)
    {
        var a = SafeTensorsFile.Read(expectedFile);
        var b = SafeTensorsFile.Read(actualFile);
        Xunit.Assert.Equal(a.Entries.Select(e => e.Name), b.Entries.Select(e => e.Name));
        foreach (var entry in a.Entries)
            Xunit.Assert.Equal(a.ReadFloat32(entry.Name), b.ReadFloat32(entry.Name));
    }
}
