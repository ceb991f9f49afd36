// Landmarks for a face box from a trained PFLD weights file: crop (FaceCrop) → network → back to image pixels.
// Weights are folded (BatchNorm into convolutions) once at load. Predict may be called from several threads at once:
// the model holds no per-call state (autograd mode and tensor scopes are per thread).
using System.Globalization;
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Models;

public sealed class PfldLandmarker
{
    /// <summary>The network's input scaling: pixel / 255 in RGB order, as in PFLD-pytorch's ToTensor().</summary>
    public static TensorNormalization Normalization { get; } = TensorNormalization.UnitRange();

    private readonly Pfld model;

    public PfldLandmarker(Pfld trained, float cropScale = FaceCrop.DefaultScale)
    {
        model = trained;
        CropScale = cropScale;
        model.Eval();
        Fusion.Fuse(model);
    }

    public int Points => model.Points;

    public float Width => model.Width;

    public float CropScale { get; }

    /// <summary>Loads a weights file written by <see cref="Save"/> (metadata names width, points and crop scale).</summary>
    public static PfldLandmarker Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Loads a weights file from a stream (an embedded resource, a download); <paramref name="source"/> names it in errors.</summary>
    public static PfldLandmarker Load(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(SafeTensorsFile.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source));
    }

    private static PfldLandmarker Load(SafeTensorsFile file)
    {
        float width = MetadataFloat(file, "width");
        int points = (int)MetadataFloat(file, "points");
        float scale = file.Metadata.ContainsKey("crop_scale") ? MetadataFloat(file, "crop_scale") : FaceCrop.DefaultScale;
        var model = new Pfld(width, points);
        ModuleWeights.Load(model, file);
        return new PfldLandmarker(model, scale);
    }

    /// <summary>Writes an unfused, training-mode-agnostic PFLD as an inference weights file with its metadata.</summary>
    public static void Save(Pfld model, string path, float cropScale = FaceCrop.DefaultScale, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["format"] = "pt",
            ["model"] = "pfld",
            ["width"] = model.Width.ToString(CultureInfo.InvariantCulture),
            ["points"] = model.Points.ToString(CultureInfo.InvariantCulture),
            ["crop_scale"] = cropScale.ToString(CultureInfo.InvariantCulture),
            ["input"] = "rgb/255, 112x112 square crop of side crop_scale*max(w,h) around the landmark box centre",
        };
        ModuleWeights.Save(model, path, metadata);
    }

    /// <summary>Landmarks in image pixels for a face whose landmark box (300-W convention) is <paramref name="faceBox"/>.</summary>
    public Vector2[] Predict(Image image, Box faceBox) => Predict(image, [faceBox])[0];

    /// <summary>One batch through the network for several faces of one image.</summary>
    public Vector2[][] Predict(Image image, IReadOnlyList<Box> faceBoxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (faceBoxes.Count == 0) return [];
        const int size = Pfld.InputSize;
        int per = ImageTensor.Length(size, size);
        var crops = new FaceCrop[faceBoxes.Count];
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        var input = Tensor.Zeros(faceBoxes.Count, 3, size, size);
        for (int i = 0; i < crops.Length; i++)
        {
            crops[i] = FaceCrop.FromLandmarkBox(faceBoxes[i], size, CropScale);
            ImageTensor.WriteWarped(image, crops[i].ImageToCrop, size, size, Border.Replicate, Normalization, input.Span.Slice(i * per, per));
        }
        var output = model.Forward(input).Landmarks.Span;
        var result = new Vector2[crops.Length][];
        for (int i = 0; i < crops.Length; i++)
        {
            var points = result[i] = new Vector2[Points];
            for (int k = 0; k < Points; k++)
            {
                int o = i * 2 * Points + 2 * k;
                points[k] = crops[i].ToImage(new Vector2(output[o], output[o + 1]));
            }
        }
        return result;
    }

    private static float MetadataFloat(SafeTensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var text) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new SafeTensorsFormatException($"{file.Source}: metadata '{key}' is missing or not a number; is this a FaceAlign PFLD weights file?");
}
