// The RetinaFace detector behind IFaceDetector: image → (optionally shrunk) → padded to a multiple of 32 → network
// (BatchNorm folded, no autograd) → per-anchor face probability, decoded boxes and landmarks → threshold → NMS → faces
// in the original image's pixels. Detect may be called from many threads at once: the model holds no per-call state
// (autograd mode and tensor scopes are per thread) and the anchor cache is concurrent.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Detection;

public sealed class FaceDetector : IFaceDetector
{
    /// <summary>Input side multiple: the coarsest level's stride, so every level's map covers the input exactly.</summary>
    public const int SizeMultiple = 32;

    /// <summary>RetinaFace's input: BGR planes minus the mean (104, 117, 123), on the 0–255 scale (biubug6 detect.py).</summary>
    public static TensorNormalization Normalization { get; } =
        TensorNormalization.FromPixelMeanScale([104f, 117f, 123f], [1f, 1f, 1f], ChannelOrder.Bgr);

    private readonly RetinaFace model;

    /// <summary>A detector over a trained network, which it takes over: the network is switched to eval mode and folded.</summary>
    public FaceDetector(RetinaFace trained, FaceDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        Options = options ?? FaceDetectorOptions.Default;
        Options.Validate();
        model = trained;
        model.Eval();
        Fusion.Fuse(model);
    }

    public FaceDetectorOptions Options { get; }

    /// <summary>
    /// Loads a weights file: one written by <see cref="Save"/>, or any safetensors file holding a RetinaFace-mnet0.25
    /// state dict with biubug6/Pytorch_Retinaface names (a "module." prefix, as DataParallel leaves, is accepted).
    /// </summary>
    public static FaceDetector Load(string path, FaceDetectorOptions? options = null) => Load(SafeTensorsFile.Read(path), options);

    /// <summary>As <see cref="Load(string, FaceDetectorOptions?)"/> from a stream; <paramref name="source"/> names it in errors.</summary>
    public static FaceDetector Load(Stream stream, FaceDetectorOptions? options = null, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(SafeTensorsFile.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source), options);
    }

    private static FaceDetector Load(SafeTensorsFile file, FaceDetectorOptions? options)
    {
        string prefix = WeightsPrefix(file);
        var model = new RetinaFace(pyramidChannels: PyramidChannelsOf(file, prefix));
        ModuleWeights.Load(model, file, prefix);
        return new FaceDetector(model, options);
    }

    /// <summary>
    /// The pyramid width a RetinaFace state dict was saved with — fpn.output1's output channels — so biubug6's files
    /// (64) and FaceAlign's slimmer default (32) both load into the right shape. Without that tensor the default width
    /// is assumed and loading then names what is missing.
    /// </summary>
    internal static int PyramidChannelsOf(SafeTensorsFile file, string prefix)
    {
        string name = prefix + "fpn.output1.0.weight";
        var entry = file.Entries.FirstOrDefault(e => e.Name == name);
        if (entry is null) return RetinaFace.DefaultPyramidChannels;
        if (entry.Shape.Length != 4 || !RetinaFace.IsValidPyramidWidth(entry.Shape[0]))
            throw new SafeTensorsFormatException($"{file.Source}: tensor '{name}' has shape {entry.ShapeText}; a RetinaFace pyramid needs 4-D weights with a multiple of 4 output channels");
        return entry.Shape[0];
    }

    /// <summary>"module." when every tensor carries it (a state dict saved from nn.DataParallel), else "".</summary>
    internal static string WeightsPrefix(SafeTensorsFile file) =>
        file.Entries.Count > 0 && file.Entries.All(e => e.Name.StartsWith("module.", StringComparison.Ordinal)) ? "module." : "";

    /// <summary>Writes an unfused RetinaFace as an inference weights file (PyTorch state-dict names) with its metadata.</summary>
    public static void Save(RetinaFace model, string path, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["format"] = "pt",
            ["model"] = "retinaface-mnet0.25",
            ["input"] = "BGR minus mean (104, 117, 123) on the 0-255 scale, any size (padded to a multiple of 32)",
            ["anchors"] = "strides 8/16/32, sizes 16,32/64,128/256,512 px; variances 0.1, 0.2",
        };
        ModuleWeights.Save(model, path, metadata);
    }

    public IReadOnlyList<DetectedFace> Detect(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var working = image;
        if (Options.MaxLongSide is int maxSide && Math.Max(image.Width, image.Height) > maxSide)
            working = Shrink(image, maxSide);
        float toOriginalX = image.Width / (float)working.Width, toOriginalY = image.Height / (float)working.Height;
        var candidates = new List<DetectedFace>();
        Collect(working, toOriginalX, toOriginalY, minSide: 0, candidates);

        int workingSide = Math.Max(working.Width, working.Height);
        if (Options.LargeFacePassSize > 0 && workingSide > 1.25 * Options.LargeFacePassSize)
        {
            var coarse = Shrink(image, Options.LargeFacePassSize);
            float minSide = 0.5f * Options.LargeFacePassSize * image.Width / working.Width;
            Collect(coarse, image.Width / (float)coarse.Width, image.Height / (float)coarse.Height, minSide, candidates);
        }
        return Suppress(candidates);
    }

    /// <summary>One network pass over <paramref name="pass"/>; faces scoring above threshold, in original pixels, join <paramref name="into"/>.</summary>
    private void Collect(Image pass, float toOriginalX, float toOriginalY, float minSide, List<DetectedFace> into)
    {
        int height = RoundUp(pass.Height), width = RoundUp(pass.Width);
        var anchors = PriorBoxes.Cached(height, width);
        var found = new List<DetectedFace>();
        using (var scope = new TensorScope())
        using (NoGrad.Scope())
        {
            var input = Tensor.Zeros(1, 3, height, width);
            ImageTensor.WriteTopLeft(pass, Normalization, input.Span, width, height);
            var levels = model.ForwardLevels(input);
            int first = 0;
            foreach (var level in levels)
            {
                int count = level.Logits.Length / 2;
                DecodeLevel(level, anchors.AsSpan(first, count), Options.ScoreThreshold, toOriginalX, toOriginalY, minSide, found);
                first += count;
            }
        }
        if (found.Count > Options.PreNmsTopK)
        {
            found.Sort((a, b) => b.Score.CompareTo(a.Score));
            found.RemoveRange(Options.PreNmsTopK, found.Count - Options.PreNmsTopK);
        }
        into.AddRange(found);
    }

    /// <summary>
    /// Faces from one level of one image (N = 1): every anchor (of <paramref name="anchors"/>, that level's slice in
    /// head-row order) whose face probability reaches <paramref name="threshold"/>, decoded and scaled by
    /// (<paramref name="toX"/>, <paramref name="toY"/>) into the original image; boxes whose longer side is below
    /// <paramref name="minSide"/> (after scaling) are skipped.
    /// </summary>
    internal static void DecodeLevel(RetinaFaceLevel level, ReadOnlySpan<Anchor> anchors, float threshold, float toX, float toY,
        float minSide, List<DetectedFace> found)
    {
        int rows = level.Logits.Shape[2], columns = level.Logits.Shape[3], cells = rows * columns;
        const int perCell = PriorBoxes.AnchorsPerCell;
        if (level.Logits.Shape[0] != 1 || anchors.Length != cells * perCell)
            throw new ArgumentException($"decoding expects one image and {cells * perCell} anchors, got {level.Logits.Shape[0]} images and {anchors.Length} anchors");
        ReadOnlySpan<float> logits = level.Logits.Span, boxes = level.Boxes.Span, points = level.Landmarks.Span;
        Span<float> offsets = stackalloc float[10];
        Span<Vector2> landmarks = stackalloc Vector2[5];
        for (int cell = 0; cell < cells; cell++)
        {
            for (int a = 0; a < perCell; a++)
            {
                // softmax over (background, face) = σ(face − background)
                float margin = logits[(2 * a + 1) * cells + cell] - logits[2 * a * cells + cell];
                float score = 1f / (1f + MathF.Exp(-margin));
                if (!(score >= threshold)) continue;
                var anchor = anchors[cell * perCell + a];
                for (int k = 0; k < 4; k++) offsets[k] = boxes[(4 * a + k) * cells + cell];
                var box = BoxCoder.Decode(offsets[..4], anchor);
                box = new Box(box.X * toX, box.Y * toY, box.Width * toX, box.Height * toY);
                if (!float.IsFinite(box.Width) || !float.IsFinite(box.Height) || Math.Max(box.Width, box.Height) < minSide) continue;
                for (int k = 0; k < 10; k++) offsets[k] = points[(10 * a + k) * cells + cell];
                BoxCoder.DecodeLandmarks(offsets, anchor, landmarks);
                var mapped = new Vector2[5];
                for (int k = 0; k < 5; k++) mapped[k] = new Vector2(landmarks[k].X * toX, landmarks[k].Y * toY);
                found.Add(new DetectedFace(box, score, mapped));
            }
        }
    }

    private List<DetectedFace> Suppress(List<DetectedFace> candidates)
    {
        var boxes = candidates.Select(c => c.Box).ToArray();
        var scores = candidates.Select(c => c.Score).ToArray();
        var kept = Nms.Select(boxes, scores, Options.NmsIoU, Options.MaxFaces);
        return kept.Select(i => candidates[i]).ToList();
    }

    /// <summary>The image scaled (down) so its longer side is <paramref name="longSide"/>, aspect kept.</summary>
    private static Image Shrink(Image image, int longSide)
    {
        double scale = longSide / (double)Math.Max(image.Width, image.Height);
        int width = Math.Max(1, (int)Math.Round(image.Width * scale)), height = Math.Max(1, (int)Math.Round(image.Height * scale));
        return Resize.Bilinear(image, width, height);
    }

    private static int RoundUp(int side) => (side + SizeMultiple - 1) / SizeMultiple * SizeMultiple;
}
