// One of RetinaFace's per-level prediction heads (ClassHead, BboxHead, LandmarkHead in biubug6/Pytorch_Retinaface
// models/retinaface.py): a 1×1 conv giving, at every feature-map cell, k values for each of its anchors.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Detection;

public sealed class AnchorHead : Module
{
    private readonly Conv2d conv1x1;

    public AnchorHead(int inChannels, int anchorsPerCell, int valuesPerAnchor, Random rng)
    {
        AnchorsPerCell = anchorsPerCell;
        ValuesPerAnchor = valuesPerAnchor;
        conv1x1 = RegisterModule("conv1x1", new Conv2d(inChannels, anchorsPerCell * valuesPerAnchor, 1, rng: rng));
    }

    public int AnchorsPerCell { get; }

    public int ValuesPerAnchor { get; }

    /// <summary>The 1×1 conv (Cout = A·k), for inference rewrites that stack heads.</summary>
    internal Conv2d Conv => conv1x1;

    /// <summary>features (N, C, H, W) → (N, A·k, H, W): channel a·k + j holds value j of anchor a.</summary>
    public Tensor Forward(Tensor features) => conv1x1.Forward(features);

    /// <summary>
    /// (N, A·k, H, W) → (N, H·W·A, k): rows in anchor order (row-major cells, anchors within a cell), as PyTorch's
    /// permute(0, 2, 3, 1).view(N, −1, k).
    /// </summary>
    public Tensor ToAnchorRows(Tensor raw)
    {
        var cellsLast = Functional.Permute(raw, 0, 2, 3, 1);
        return Functional.Reshape(cellsLast, raw.Shape[0], -1, ValuesPerAnchor);
    }
}
