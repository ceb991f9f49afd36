// Detector training images by composition: no crowd-scene face data set with boxes exists here, so real face photos
// (ytf68 frames with human landmarks, faces-unlabelled portraits with teacher landmarks) are cut into tiles and laid
// out with background tiles in mosaics, at scales that give faces from 12 px to 400 px. Issue 5.
using FaceAlign.Imaging;
using FaceAlign.Training.Data;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// An endless, seeded source of composed detector training images (<see cref="IDetectionSampleSource"/>).
/// <para>
/// Each sample is a Size×Size RGB image: a gradient, usually covered by a zoomed part of a background photo or a
/// face-free strip of a face photo; then either a grid (1–10 cells a side, cells ≥ 64 px; each cell a face tile,
/// a background tile or nothing), a scatter (a few background tiles, then up to 16 faces of any size, never covering
/// an earlier face) or, for a quarter of samples, a sparse layout (one to three faces over a whole background photo, so
/// its face-like parts get mined as negatives); then, for a share of samples once the trainer has mined some, one to
/// three hard negatives (<see cref="HardNegative"/>: where the detector fired on a background photo, at that size);
/// then, rarely, greyscale, softening or noise. A face tile is a face photo mapped by a similarity
/// (random size, ±15° rotation, 50 % mirrored) with random context around the face, per-tile colour jitter, and
/// sometimes a feathered edge. Targets are the tiles' labelled faces in <see cref="Detection.DetectorBoxConvention"/>
/// boxes and RetinaFace-ordered five points (renumbered when mirrored); a face is never cut in a grid, and a scattered
/// face keeps at least 56 % of its box on the canvas (its box is clipped, its points may lie outside).
/// </para>
/// <para>
/// Unlabelled faces must not become negatives: photos where the teacher found no face are not used, tiles show only
/// photo regions near a labelled face, and face-free strips exclude every labelled face with a margin. Residual risk:
/// a second, unlabelled person close to a labelled face, or a labelled face of a multi-face photo cut to less than half
/// by its tile (then it is not a target).
/// </para>
/// <para>
/// Determinism and threads: <see cref="Sample"/> draws every choice from a <see cref="Random"/> seeded by the sample
/// seed, so a seed always gives the same image and targets (whatever the cache holds, on any thread). Decoded photos
/// are cached lazily, with half-size pyramids, within <see cref="MosaicOptions.CacheBytes"/>; the cache is thread-safe.
/// </para>
/// </summary>
public sealed class MosaicComposer : IDetectionSampleSource, IHardNegativeSource
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".pgm"];

    private readonly PyramidCache cache;
    private MinedNegatives hardNegatives = MinedNegatives.None;

    public MosaicComposer(IEnumerable<FacePhoto> photos, IEnumerable<string> backgrounds, MosaicOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(backgrounds);
        Options = options ?? new MosaicOptions();
        Options.Validate();
        Photos = [.. photos];
        Backgrounds = [.. backgrounds];
        if (Photos.Length == 0)
            throw new ArgumentException("a mosaic needs at least one face photo", nameof(photos));
        if (Backgrounds.Length == 0)
            throw new ArgumentException("a mosaic needs at least one background image", nameof(backgrounds));
        foreach (var photo in Photos)
        {
            if (photo.Faces.Count == 0)
                throw new ArgumentException($"{photo.ImagePath}: a face photo needs at least one labelled face (photos without are never shown, so their faces cannot become negatives)", nameof(photos));
            if (photo.Faces.Any(f => f.Length != 68))
                throw new ArgumentException($"{photo.ImagePath}: faces need 68 iBUG points", nameof(photos));
        }
        cache = new PyramidCache(Options.CacheBytes, LoadPyramid);
    }

    public MosaicOptions Options { get; }

    internal FacePhoto[] Photos { get; }

    internal string[] Backgrounds { get; }

    public int PhotoCount => Photos.Length;

    public int BackgroundCount => Backgrounds.Length;

    public bool UsesHardNegatives => Options.HardNegativeProbability > 0;

    /// <summary>The background photos (face-free by the data's README).</summary>
    public IReadOnlyList<string> FaceFreePhotos => Backgrounds;

    /// <summary>The hard negatives samples draw from now (none until <see cref="UseHardNegatives"/>).</summary>
    internal MinedNegatives HardNegatives => Volatile.Read(ref hardNegatives);

    public void UseHardNegatives(IReadOnlyList<HardNegative> negatives)
    {
        ArgumentNullException.ThrowIfNull(negatives);
        foreach (var n in negatives)
        {
            if (!(n.Box.Width > 0 && n.Box.Height > 0 && n.Scale > 0 && float.IsFinite(n.FiredWidth) && float.IsFinite(n.Score)))
                throw new ArgumentException($"{n.ImagePath}: a hard negative needs a non-empty box, a positive scale and a finite score, got {n.Box} at {n.Scale}, score {n.Score}", nameof(negatives));
        }
        Volatile.Write(ref hardNegatives, new MinedNegatives([.. negatives]));
    }

    /// <summary>Bytes of decoded images held by the cache now (at most <see cref="MosaicOptions.CacheBytes"/>).</summary>
    public long CachedBytes => cache.Bytes;

    /// <summary>
    /// The composer over shared/data: ytf68/train.csv (human landmarks; val.csv is left out so it stays a clean
    /// validation set), faces-unlabelled/teacher-dlib68.jsonl (teacher landmarks; the images where the teacher found no
    /// face are skipped) and every image in backgrounds/.
    /// </summary>
    public static MosaicComposer FromSharedData(string dataRoot, MosaicOptions? options = null)
    {
        var (photos, backgrounds) = ReadSharedData(dataRoot);
        return new MosaicComposer(photos, backgrounds, options);
    }

    /// <summary>The files <see cref="FromSharedData"/> reads, relative to the data root.</summary>
    public static IReadOnlyList<string> SharedDataInputs { get; } = ["ytf68/train.csv", "faces-unlabelled/teacher-dlib68.jsonl", "backgrounds"];

    /// <summary>The first of <see cref="SharedDataInputs"/> missing under <paramref name="dataRoot"/> (full path), or null.</summary>
    public static string? FirstMissingInput(string dataRoot) => SharedDataInputs
        .Select(input => Path.Combine(dataRoot, input))
        .FirstOrDefault(path => !File.Exists(path) && !Directory.Exists(path));

    internal static (List<FacePhoto> Photos, List<string> Backgrounds) ReadSharedData(string dataRoot)
    {
        var photos = YtfCsv.Read(Path.Combine(dataRoot, SharedDataInputs[0]))
            .GroupBy(s => s.ImagePath, StringComparer.Ordinal)
            .Select(g => new FacePhoto(g.Key, g.Select(s => s.Landmarks).ToList()))
            .ToList();
        string teacher = Path.Combine(dataRoot, SharedDataInputs[1]);
        string teacherFolder = Path.GetDirectoryName(Path.GetFullPath(teacher))!;
        photos.AddRange(TeacherJsonl.Read(teacher)
            .Where(image => image.Faces.Count > 0)
            .Select(image => new FacePhoto(Path.Combine(teacherFolder, image.Image), image.Faces.Select(f => f.Landmarks).ToList())));
        var backgrounds = Directory.EnumerateFiles(Path.Combine(dataRoot, SharedDataInputs[2]))
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (photos, backgrounds);
    }

    public DetectionSample Sample(long seed) => new MosaicSampleBuilder(this, new Random(SeedOf(seed))).Build();

    internal ImagePyramid Load(string path) => cache.Get(path);

    /// <summary>SplitMix64's finaliser: neighbouring seeds give unrelated Random streams.</summary>
    internal static int SeedOf(long seed)
    {
        unchecked
        {
            ulong z = (ulong)seed + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
        }
    }

    private static ImagePyramid LoadPyramid(string path) => ImagePyramid.Build(SourcePhoto.Load(path));
}
