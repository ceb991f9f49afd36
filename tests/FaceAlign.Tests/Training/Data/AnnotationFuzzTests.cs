using System.Text;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

/// <summary>
/// Seeded random edits of each reader's valid inline file: every attempt must parse or throw
/// <see cref="AnnotationFormatException"/> with a located message; any other exception is a bug.
/// </summary>
public class AnnotationFuzzTests
{
    private const string Alphabet = "0123456789,. \n\t\"'{}[]<>/=:-eEN\0é\u00ffx";

    private static IEnumerable<string> Mutations(string valid, int count, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var s = new StringBuilder(valid);
            for (int e = rng.Next(1, 4); e > 0 && s.Length > 0; e--)
            {
                int at = rng.Next(s.Length);
                switch (rng.Next(4))
                {
                    case 0: s[at] = Alphabet[rng.Next(Alphabet.Length)]; break;
                    case 1: s.Remove(at, 1); break;
                    case 2: s.Insert(at, Alphabet[rng.Next(Alphabet.Length)]); break;
                    default: s.Length = at; break;
                }
            }
            yield return s.ToString();
        }
    }

    private static void Check(string valid, int seed, Action<string> parse)
    {
        parse(valid);
        foreach (var text in Mutations(valid, 1500, seed))
        {
            try
            {
                parse(text);
            }
            catch (AnnotationFormatException e)
            {
                Assert.Matches(@"^[^:]+(:\d+)?: ", e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} escaped for input:\n{text}\n{e}");
            }
        }
    }

    [Fact]
    public void Ytf_csv() => Check($"{YtfCsvTests.Header}\n{YtfCsvTests.Row("a.jpg")}\n", 1, t => YtfCsv.Parse(new StringReader(t), "f"));

    [Fact]
    public void Pts() => Check(Pts68FileTests.Pts(), 2, t => Pts68File.Parse(new StringReader(t), "f"));

    [Fact]
    public void Wflw() => Check(WflwAnnotationTests.Line(), 3, t => WflwAnnotation.ParseList(new StringReader(t), "f"));

    [Fact]
    public void Dlib_xml() => Check(DlibXmlTests.Valid, 4, t => DlibXml.Parse(new MemoryStream(Encoding.Latin1.GetBytes(t)), "f"));

    [Fact]
    public void Coco_json() => Check(CocoKeypointsTests.Valid, 5, t => CocoKeypoints.Parse(Encoding.UTF8.GetBytes(t), "f"));

    [Fact]
    public void Coco_json_with_invalid_utf8_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(CocoKeypointsTests.Valid.Replace("a.jpg", "a\u00e9.jpg"));
        int at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
        Assert.Equal("f: not valid UTF-8", Assert.Throws<AnnotationFormatException>(() => CocoKeypoints.Parse(bytes, "f")).Message);
    }

    [Fact]
    public void Teacher_jsonl() => Check(TeacherJsonlTests.Line(), 6, t => TeacherJsonl.Parse(new StringReader(t), "f"));
}
