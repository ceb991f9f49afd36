// One mosaic, start to finish (MosaicComposer.Sample makes a builder per call, so no per-sample state outlives it).
// Order: background → tiles in a grid or scattered → whole-image photometric changes. Every random choice comes from
// the one seeded Random, in a fixed order, so a seed fully determines the sample.
using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Landmarks;

namespace FaceAlign.Training.DetectionData;

internal sealed class MosaicSampleBuilder
{
    /// <summary>Grid cells are at least this many pixels on a side, so 12 px faces fit in their cell with context.</summary>
    private const int MinCell = 64;

    private readonly MosaicComposer composer;
    private readonly MosaicOptions options;
    private readonly Random rng;
    private readonly Image canvas;
    private readonly Box canvasBox;
    private readonly List<DetectionTarget> targets = [];
    private readonly List<Box> placedFaces = []; // scattered tiles must not cover these

    public MosaicSampleBuilder(MosaicComposer composer, Random rng)
    {
        this.composer = composer;
        options = composer.Options;
        this.rng = rng;
        canvas = new Image(options.Size, options.Size, PixelFormat.Rgb8);
        canvasBox = new Box(0, 0, options.Size, options.Size);
    }

    public DetectionSample Build()
    {
        if (rng.NextDouble() < options.SparseProbability)
        {
            PaintBase(photoOnly: true);
            Sparse();
        }
        else
        {
            PaintBase(photoOnly: false);
            if (rng.NextDouble() < options.GridProbability)
                Grid();
            else
                Scatter();
        }
        // Drawn only when there is something to draw, so samples of runs without mining keep their random stream.
        var negatives = composer.HardNegatives;
        if (negatives.Count > 0 && options.HardNegativeProbability > 0 && rng.NextDouble() < options.HardNegativeProbability)
            PlaceHardNegatives(negatives);
        Finish();
        return new DetectionSample(canvas, targets);
    }

    /// <summary>
    /// A two-colour gradient, then usually a background photo or a face-free part of a face photo over it (always a
    /// background photo when <paramref name="photoOnly"/>).
    /// </summary>
    private void PaintBase(bool photoOnly)
    {
        Span<float> from = [rng.Next(256), rng.Next(256), rng.Next(256)];
        Span<float> to = [rng.Next(256), rng.Next(256), rng.Next(256)];
        double theta = rng.NextDouble() * 2 * Math.PI;
        float cos = (float)Math.Cos(theta) / options.Size, sin = (float)Math.Sin(theta) / options.Size;
        int size = options.Size;
        var px = canvas.Pixels;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float t = Math.Clamp((x - size / 2f) * cos + (y - size / 2f) * sin + 0.5f, 0, 1);
                int i = (y * size + x) * 3;
                for (int c = 0; c < 3; c++)
                    px[i + c] = (byte)(from[c] + (to[c] - from[c]) * t);
            }
        }
        double u = photoOnly ? 0 : rng.NextDouble();
        if (u < 0.6)
            PlaceBackground(canvasBox, facePhotoRegion: false, allowFeather: false);
        else if (u < 0.75)
            PlaceBackground(canvasBox, facePhotoRegion: true, allowFeather: false);
    }

    /// <summary>
    /// Rows × columns of cells (cells ≥ 64 px); each cell holds a face (65 %), a background tile (25 %) or nothing.
    /// Faces are sized to their cell — from an eighth of the cell to the whole cell less a rotation margin — and lie
    /// entirely inside it, so no face is ever cut; the tile's context is cut at the cell's edges.
    /// </summary>
    private void Grid()
    {
        int maxCells = Math.Max(1, options.Size / MinCell);
        int columns = rng.Next(1, maxCells + 1);
        int rows = Math.Clamp(columns + rng.Next(-1, 2), 1, maxCells);
        int size = options.Size;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                var cell = Box.FromCorners(c * size / columns, r * size / rows, (c + 1) * size / columns, (r + 1) * size / rows);
                double u = rng.NextDouble();
                if (u < 0.65)
                    PlaceFace(cell, inGrid: true);
                else if (u < 0.9)
                    PlaceBackground(cell, facePhotoRegion: rng.NextDouble() < 0.35, allowFeather: true);
            }
        }
    }

    /// <summary>
    /// Up to three background tiles, then up to MaxScatterFaces faces of any size at random places. A face may hang off
    /// the canvas by up to a quarter of its box each way (its box is clipped); a tile is redrawn elsewhere when it would
    /// cover a face already placed.
    /// </summary>
    private void Scatter()
    {
        int backgrounds = rng.Next(0, 4);
        for (int k = 0; k < backgrounds; k++)
        {
            float w = options.Size * (float)Uniform(0.15, 0.6), h = options.Size * (float)Uniform(0.15, 0.6);
            var region = new Box((float)Uniform(0, options.Size - w), (float)Uniform(0, options.Size - h), w, h);
            PlaceBackground(region, facePhotoRegion: rng.NextDouble() < 0.35, allowFeather: true);
        }
        PlaceScatteredFaces(1 + rng.Next(options.MaxScatterFaces));
    }

    /// <summary>
    /// One to three scattered faces and nothing else over a background photo: most of the image is that photo, so the
    /// hard-negative mining (3 negatives per positive anchor, per image) spends its negatives on the photo's most
    /// face-like parts — a headlight, a coin, a star — which grid mosaics mostly cover with tiles.
    /// </summary>
    private void Sparse() => PlaceScatteredFaces(1 + rng.Next(3));

    /// <summary>Up to <paramref name="wanted"/> faces anywhere on the canvas, with three tries per face to avoid covering one.</summary>
    private void PlaceScatteredFaces(int wanted)
    {
        for (int attempt = 0, placed = 0; attempt < 3 * wanted && placed < wanted; attempt++)
        {
            if (PlaceFace(canvasBox, inGrid: false))
                placed++;
        }
    }

    /// <summary>
    /// One to three mined false detections (the most confident most often: <see cref="MinedNegatives"/>), each painted at its firing size times 0.7–1.4 (within the face size range)
    /// with 1.5–3 times its box of context around it, somewhere it covers no placed face (three tries each).
    /// </summary>
    private void PlaceHardNegatives(MinedNegatives negatives)
    {
        int wanted = 1 + rng.Next(3);
        for (int attempt = 0, placed = 0; attempt < 3 * wanted && placed < wanted; attempt++)
        {
            var negative = negatives.Pick(rng.NextDouble());
            double width = Math.Clamp(negative.FiredWidth * LogUniform(0.7, 1.4), options.MinFaceSize, options.EffectiveMaxFaceSize);
            double scale = width / negative.Box.Width;
            double context = Uniform(1.5, 3);
            float w = (float)Math.Min(options.Size, width * context), h = (float)Math.Min(options.Size, negative.Box.Height * scale * context);
            var tile = new Box((float)Uniform(0, options.Size - w), (float)Uniform(0, options.Size - h), w, h);
            if (placedFaces.Any(face => !face.Inflate(1).Intersect(tile).IsEmpty))
                continue;
            var pyramid = composer.Load(negative.ImagePath);
            var forward = RandomPlacement(negative.Box.Center, scale, tile.Center);
            float feather = rng.NextDouble() < 0.5 ? (float)Uniform(0, 0.25 * Math.Min(w, h)) : 0;
            TilePainter.Paint(canvas, pyramid, forward, scale, tile, new Box(0, 0, pyramid.Width, pyramid.Height), feather, ColorJitter.Draw(rng, options.ColorJitter));
            placed++;
        }
    }

    /// <summary>Paints one face photo tile into <paramref name="region"/>; false when a scattered tile would cover a placed face.</summary>
    private bool PlaceFace(Box region, bool inGrid)
    {
        var photo = composer.Photos[rng.Next(composer.Photos.Length)];
        int main = rng.Next(photo.Faces.Count);
        var pyramid = composer.Load(photo.ImagePath);
        var sourceBox = DetectorBoxConvention.FromLandmarks68(photo.Faces[main]);

        double lo = options.MinFaceSize, hi = options.EffectiveMaxFaceSize;
        if (inGrid)
        {
            double cell = Math.Min(region.Width, region.Height);
            hi = Math.Min(hi, cell / 1.3);
            lo = Math.Min(hi, Math.Max(lo, cell / 8));
        }
        double scale = LogUniform(lo, hi) / sourceBox.Width;
        double angle = Uniform(-1, 1) * options.MaxRotationDegrees * Math.PI / 180;
        bool flip = rng.NextDouble() < options.FlipProbability;
        var mirror = flip ? AffineTransform.Scaling(-1, 1) : AffineTransform.Identity;
        AffineTransform Linear(double s) => AffineTransform.Translation(-sourceBox.CenterX, -sourceBox.CenterY)
            .Then(mirror).Then(AffineTransform.FromRotationScaleTranslation(angle, s, 0, 0));
        var linear = Linear(scale);
        var box = DetectorBoxConvention.FromLandmarks68(Mapped(photo.Faces[main], linear, flip));

        double dx, dy;
        if (inGrid)
        {
            double fit = Math.Min((region.Width - 2) / box.Width, (region.Height - 2) / box.Height);
            if (fit < 1)
            {
                scale *= fit;
                linear = Linear(scale);
                box = DetectorBoxConvention.FromLandmarks68(Mapped(photo.Faces[main], linear, flip));
            }
            dx = Between(region.X + 1 - box.X, region.Right - 1 - box.Right);
            dy = Between(region.Y + 1 - box.Y, region.Bottom - 1 - box.Bottom);
        }
        else
        {
            dx = Uniform(-box.X - 0.25 * box.Width, options.Size - box.Right + 0.25 * box.Width);
            dy = Uniform(-box.Y - 0.25 * box.Height, options.Size - box.Bottom + 0.25 * box.Height);
        }
        var forward = linear.Then(AffineTransform.Translation(dx, dy));
        box = box.Offset((float)dx, (float)dy);

        // Context around the face, more above (hair) than elsewhere; sometimes the whole cell.
        var tile = inGrid && rng.NextDouble() < 0.15
            ? region
            : Box.FromCorners(
                box.X - (float)Uniform(0.05, 1) * box.Width, box.Y - (float)Uniform(0.1, 1.2) * box.Height,
                box.Right + (float)Uniform(0.05, 1) * box.Width, box.Bottom + (float)Uniform(0.05, 1) * box.Height).Intersect(region);
        if (!inGrid && placedFaces.Any(face => !face.Inflate(1).Intersect(tile).IsEmpty))
            return false;
        float margin = Math.Min(Math.Min(box.X - tile.X, tile.Right - box.Right), Math.Min(box.Y - tile.Y, tile.Bottom - box.Bottom));
        float feather = margin > 1 && rng.NextDouble() < 0.5 ? (float)Uniform(0, margin) : 0;
        var jitter = ColorJitter.Draw(rng, options.ColorJitter);
        TilePainter.Paint(canvas, pyramid, forward, scale, tile, new Box(0, 0, pyramid.Width, pyramid.Height), feather, jitter);

        // Every labelled face of the photo that shows: the main one always (wholly inside its cell, or at least 56 %
        // on the canvas when scattered), others when at least half of their box is visible.
        for (int f = 0; f < photo.Faces.Count; f++)
        {
            var points = Mapped(photo.Faces[f], forward, flip);
            var faceBox = DetectorBoxConvention.FromLandmarks68(points);
            var visible = faceBox.Intersect(tile).Intersect(canvasBox);
            if (visible.IsEmpty)
                continue;
            placedFaces.Add(faceBox);
            if (f == main || visible.Area >= 0.5f * faceBox.Area)
                targets.Add(new DetectionTarget(visible, LandmarkConversion.Ibug68ToFive(points)));
        }
        return true;
    }

    /// <summary>
    /// A tile without faces: a part of a background photo zoomed to cover the region (1–4× the covering scale), or a
    /// face-free strip of a face photo at about the region's size (hard negatives: hair, shoulders, clothes).
    /// </summary>
    private void PlaceBackground(Box region, bool facePhotoRegion, bool allowFeather)
    {
        ImagePyramid pyramid;
        Box valid;
        double scale;
        Vector2 anchor;
        FacePhoto? photo = facePhotoRegion ? composer.Photos[rng.Next(composer.Photos.Length)] : null;
        var photoPyramid = photo is null ? null : composer.Load(photo.ImagePath);
        var strips = photo is null ? [] : FaceFreeRegions.Of(photo, photoPyramid!.Width, photoPyramid.Height);
        if (strips.Count > 0)
        {
            pyramid = photoPyramid!;
            valid = strips[rng.Next(strips.Count)];
            double fill = Math.Clamp(Math.Min(region.Width, region.Height) / Math.Max(valid.Width, valid.Height), 0.5, 4);
            scale = LogUniform(0.7, 3) * fill;
            anchor = valid.Center;
        }
        else
        {
            pyramid = composer.Load(composer.Backgrounds[rng.Next(composer.Backgrounds.Length)]);
            valid = new Box(0, 0, pyramid.Width, pyramid.Height);
            scale = Math.Max(region.Width / valid.Width, region.Height / valid.Height) * LogUniform(1, 4);
            double halfW = region.Width / (2 * scale), halfH = region.Height / (2 * scale);
            anchor = new Vector2((float)Between(halfW, valid.Width - halfW), (float)Between(halfH, valid.Height - halfH));
        }
        var forward = RandomPlacement(anchor, scale, region.Center);
        float feather = allowFeather && rng.NextDouble() < 0.5 ? (float)Uniform(0, 0.25 * Math.Min(region.Width, region.Height)) : 0;
        TilePainter.Paint(canvas, pyramid, forward, scale, region, valid, feather, ColorJitter.Draw(rng, options.ColorJitter));
    }

    /// <summary>
    /// A similarity taking <paramref name="anchor"/> of a source image to <paramref name="target"/> on the canvas at
    /// <paramref name="scale"/>, turned by a random angle within ±MaxRotationDegrees and sometimes mirrored (drawn in
    /// that order).
    /// </summary>
    private AffineTransform RandomPlacement(Vector2 anchor, double scale, Vector2 target)
    {
        double angle = Uniform(-1, 1) * options.MaxRotationDegrees * Math.PI / 180;
        var mirror = rng.NextDouble() < options.FlipProbability ? AffineTransform.Scaling(-1, 1) : AffineTransform.Identity;
        return AffineTransform.Translation(-anchor.X, -anchor.Y).Then(mirror)
            .Then(AffineTransform.FromRotationScaleTranslation(angle, scale, target.X, target.Y));
    }

    /// <summary>Whole-image changes: greyscale, softening (down- and up-sampling), pixel noise.</summary>
    private void Finish()
    {
        var px = canvas.Pixels;
        if (rng.NextDouble() < options.GrayscaleProbability)
        {
            for (int i = 0; i < px.Length; i += 3)
            {
                byte luma = (byte)((299 * px[i] + 587 * px[i + 1] + 114 * px[i + 2] + 500) / 1000);
                px[i] = px[i + 1] = px[i + 2] = luma;
            }
        }
        if (rng.NextDouble() < options.BlurProbability)
        {
            int small = Math.Max(8, (int)Math.Round(options.Size * Uniform(0.4, 0.8)));
            Resize.Bilinear(Resize.Bilinear(canvas, small, small), options.Size, options.Size).Pixels.CopyTo(px, 0);
        }
        if (rng.NextDouble() < options.NoiseProbability)
        {
            // Uniform noise of standard deviation sigma (half-width sigma·√3), from a xorshift seeded by the sample's rng.
            float halfWidth = (float)Uniform(2, 10) * MathF.Sqrt(3);
            uint state = (uint)rng.Next() | 1;
            for (int i = 0; i < px.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                float noise = ((state >> 8) * (1f / (1 << 24)) * 2 - 1) * halfWidth;
                px[i] = (byte)Math.Clamp(px[i] + noise + 0.5f, 0, 255);
            }
        }
    }

    /// <summary>The 68 points through a map; a mirrored map also renumbers them so left stays image-left.</summary>
    private static Vector2[] Mapped(Vector2[] points, AffineTransform map, bool mirrored)
    {
        var flip = LandmarkScheme.Ibug68.FlipPermutation;
        var result = new Vector2[points.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = map.Apply(points[mirrored ? flip[i] : i]);
        return result;
    }

    private double Uniform(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>Uniform in [lo, hi], or the midpoint when the interval is empty (a region barely larger than its content).</summary>
    private double Between(double lo, double hi) => hi > lo ? Uniform(lo, hi) : (lo + hi) / 2;

    private double LogUniform(double lo, double hi) => Math.Exp(Uniform(Math.Log(lo), Math.Log(hi)));
}
