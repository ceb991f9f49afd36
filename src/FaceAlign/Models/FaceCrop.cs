// The crop a landmark model sees. A face box follows the 300-W convention — the tight bounding box of the face's
// landmarks — and the crop is the square around its centre with side Scale × max(width, height), resampled to Size×Size.
// Training and inference both go through this one definition so the model always sees faces framed the same way.
using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Models;

public readonly record struct FaceCrop(Box Square, int Size)
{
    /// <summary>Default margin: the square is 1.2× the landmark box's longer side (PFLD-pytorch's choice, 10% each side).</summary>
    public const float DefaultScale = 1.2f;

    public static FaceCrop FromLandmarkBox(Box landmarkBox, int size, float scale = DefaultScale)
    {
        if (landmarkBox.IsEmpty || !float.IsFinite(landmarkBox.X) || !float.IsFinite(landmarkBox.Y))
            throw new ArgumentException($"face box {landmarkBox} is empty or not finite");
        float side = Math.Max(landmarkBox.Width, landmarkBox.Height) * scale;
        return new FaceCrop(Box.FromCenter(landmarkBox.Center, side, side), size);
    }

    /// <summary>Image pixels → crop pixels (the forward map the warp inverts).</summary>
    public AffineTransform ImageToCrop
    {
        get
        {
            double s = Size / (double)Square.Width;
            return new AffineTransform(s, 0, -Square.X * s, 0, s, -Square.Y * s);
        }
    }

    /// <summary>A point in crop units (0..1 across the crop, the model's output scale) back in image pixels.</summary>
    public Vector2 ToImage(Vector2 unit) => new(Square.X + unit.X * Square.Width, Square.Y + unit.Y * Square.Height);

    /// <summary>An image point in crop units (0..1 across the crop), the model's training target scale.</summary>
    public Vector2 ToUnit(Vector2 image) => new((image.X - Square.X) / Square.Width, (image.Y - Square.Y) / Square.Height);
}
