// Reads the annotation files a training run names into one list of faces: ytf68-style CSV for human labels, the
// teacher JSON Lines for machine labels (each detected face becomes a sample; see shared/data/README.md).
using FaceAlign.Training.Data;

namespace FaceAlign.Training.PfldTraining;

public static class PfldSampleSources
{
    public static IReadOnlyList<LandmarkSample> Read(IEnumerable<string> files, float minTeacherScore = 0)
    {
        var samples = new List<LandmarkSample>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file", file);
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".csv":
                    samples.AddRange(YtfCsv.Read(file));
                    break;
                case ".jsonl":
                    var root = Path.GetDirectoryName(Path.GetFullPath(file));
                    var images = TeacherJsonl.Read(file)
                        .Select(i => i with { Faces = i.Faces.Where(f => f.Score >= minTeacherScore).ToList() });
                    samples.AddRange(TeacherJsonl.ToSamples(images, root));
                    break;
                default:
                    throw new NotSupportedException($"{file}: unknown annotation format (expected .csv landmark table or .jsonl teacher labels)");
            }
        }
        return samples;
    }
}
