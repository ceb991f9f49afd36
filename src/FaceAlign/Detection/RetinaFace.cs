// RetinaFace (Deng et al. 2020, "RetinaFace: Single-shot Multi-level Face Localisation in the Wild", §3) in its mobile
// variant: MobileNetV1-0.25 backbone, a three-level feature pyramid (strides 8, 16, 32), an SSH context module per
// level and 1×1 heads predicting, per anchor, face/background logits (2), a box offset (4) and five landmark offsets
// (10). Module names follow biubug6/Pytorch_Retinaface (cfg_mnet), so a state dict moves between it and PyTorch:
// body.stage1.0.0.weight, fpn.output1.0.weight, ssh1.conv3X3.0.weight, ClassHead.0.conv1x1.weight, ...
// Anchors and the meaning of the offsets are in PriorBoxes and BoxCoder; FaceDetector turns outputs into faces.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Detection;

public sealed class RetinaFace : Module, IFusable
{
    /// <summary>cfg_mnet's out_channel: the width of the pyramid, SSH modules and heads' input in biubug6's model.</summary>
    public const int DefaultPyramidChannels = 64;

    private readonly MobileNetV1 body;
    private readonly Fpn fpn;
    private readonly Ssh ssh1, ssh2, ssh3;
    private readonly ModuleList<AnchorHead> classHead, bboxHead, landmarkHead;
    private Conv2d[]? stackedHeads;  // inference only: per level, the three heads' 1×1 convs as one (2A + 4A + 10A outputs)

    /// <param name="rng">Initial weights' source (seed 0 when omitted).</param>
    /// <param name="pyramidChannels">
    /// Width of the pyramid, the SSH modules and the heads' input: 64 as biubug6's cfg_mnet (loads its weights); 32
    /// halves the backbone-independent half of the work — the 3×3 convs of FPN merges and SSH cost ~4× less — which is
    /// what FaceAlign's default model uses (models/README.md). Must be a multiple of 4 (SSH splits it ½, ¼, ¼).
    /// </param>
    public RetinaFace(Random? rng = null, int pyramidChannels = DefaultPyramidChannels)
    {
        if (!IsValidPyramidWidth(pyramidChannels))
            throw new ArgumentOutOfRangeException(nameof(pyramidChannels), $"RetinaFace: pyramid width must be a positive multiple of 4, got {pyramidChannels}");
        rng ??= new Random(0);
        PyramidChannels = pyramidChannels;
        int anchors = PriorBoxes.AnchorsPerCell;
        body = RegisterModule("body", new MobileNetV1(rng));
        fpn = RegisterModule("fpn", new Fpn(MobileNetV1.StageChannels, pyramidChannels, rng));
        ssh1 = RegisterModule("ssh1", new Ssh(pyramidChannels, pyramidChannels, rng));
        ssh2 = RegisterModule("ssh2", new Ssh(pyramidChannels, pyramidChannels, rng));
        ssh3 = RegisterModule("ssh3", new Ssh(pyramidChannels, pyramidChannels, rng));
        classHead = RegisterModule("ClassHead", Heads(anchors, 2, pyramidChannels, rng));
        bboxHead = RegisterModule("BboxHead", Heads(anchors, 4, pyramidChannels, rng));
        landmarkHead = RegisterModule("LandmarkHead", Heads(anchors, 10, pyramidChannels, rng));
    }

    /// <summary>SSH splits the pyramid width into ½, ¼ and ¼, so it must be a positive multiple of 4.</summary>
    public static bool IsValidPyramidWidth(int channels) => channels >= 4 && channels % 4 == 0;

    /// <summary>Channels of the pyramid levels, SSH outputs and heads' input.</summary>
    public int PyramidChannels { get; }

    /// <summary>
    /// input (N, 3, H, W) → per pyramid level (strides 8, 16, 32) the raw head maps: class (N, A·2, Hs, Ws), box
    /// (N, A·4, Hs, Ws), landmarks (N, A·10, Hs, Ws), with A = 2 anchors per cell and Hs = ⌈H/stride⌉.
    /// </summary>
    public RetinaFaceLevel[] ForwardLevels(Tensor input)
    {
        if (input.Rank != 4 || input.Shape[1] != 3 || input.Shape[2] < 1 || input.Shape[3] < 1)
            throw new ArgumentException($"RetinaFace expects input (N, 3, H, W), got ({string.Join(", ", input.Shape)})");
        var (c3, c4, c5) = body.Forward(input);
        var (p3, p4, p5) = fpn.Forward(c3, c4, c5);
        Tensor[] features = [ssh1.Forward(p3), ssh2.Forward(p4), ssh3.Forward(p5)];
        var levels = new RetinaFaceLevel[features.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = stackedHeads is not null && !Nn.Autograd.GradMode.IsEnabled
                ? SplitHeads(stackedHeads[i].Forward(features[i]))
                : new RetinaFaceLevel(classHead[i].Forward(features[i]), bboxHead[i].Forward(features[i]), landmarkHead[i].Forward(features[i]));
        }
        return levels;
    }

    /// <summary>Inference: the three 1×1 heads of each level read the same features, so one GEMM computes all three.</summary>
    public void FuseForInference()
    {
        stackedHeads = new Conv2d[classHead.Count];
        for (int i = 0; i < stackedHeads.Length; i++)
        {
            Conv2d[] parts = [classHead[i].Conv, bboxHead[i].Conv, landmarkHead[i].Conv];
            var stacked = new Conv2d(PyramidChannels, parts.Sum(p => p.OutChannels), 1, rng: new Random(0));
            int w = 0, b = 0;
            foreach (var part in parts)
            {
                part.Weight.Span.CopyTo(stacked.Weight.Span[w..]);
                part.Bias!.Span.CopyTo(stacked.Bias!.Span[b..]);
                w += part.Weight.Length;
                b += part.OutChannels;
            }
            stacked.Eval();
            stackedHeads[i] = stacked;
        }
    }

    /// <summary>(N, 2A + 4A + 10A, H, W) → the three heads' maps (copies of the channel ranges).</summary>
    private static RetinaFaceLevel SplitHeads(Tensor all)
    {
        int n = all.Shape[0], channels = all.Shape[1], plane = all.Shape[2] * all.Shape[3], a = PriorBoxes.AnchorsPerCell;
        var parts = new[] { 2 * a, 4 * a, 10 * a }.Select(c => Tensor.Empty(n, c, all.Shape[2], all.Shape[3])).ToArray();
        for (int i = 0; i < n; i++)
        {
            int offset = i * channels * plane;
            foreach (var part in parts)
            {
                int size = part.Shape[1] * plane;
                all.Span.Slice(offset, size).CopyTo(part.Span.Slice(i * size, size));
                offset += size;
            }
        }
        all.Dispose();
        return new RetinaFaceLevel(parts[0], parts[1], parts[2]);
    }

    /// <summary>
    /// input (N, 3, H, W) → every anchor's predictions in <see cref="PriorBoxes"/> order, as retinaface.py's forward in
    /// training mode returns them: boxes (N, anchors, 4), class logits (N, anchors, 2), landmarks (N, anchors, 10).
    /// </summary>
    public (Tensor Boxes, Tensor Logits, Tensor Landmarks) Forward(Tensor input)
    {
        var levels = ForwardLevels(input);
        var boxes = new Tensor[levels.Length];
        var logits = new Tensor[levels.Length];
        var landmarks = new Tensor[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            boxes[i] = bboxHead[i].ToAnchorRows(levels[i].Boxes);
            logits[i] = classHead[i].ToAnchorRows(levels[i].Logits);
            landmarks[i] = landmarkHead[i].ToAnchorRows(levels[i].Landmarks);
        }
        return (Functional.Concat(boxes), Functional.Concat(logits), Functional.Concat(landmarks));
    }

    private static ModuleList<AnchorHead> Heads(int anchors, int values, int channels, Random rng) =>
        new(Enumerable.Range(0, PriorBoxes.Strides.Length).Select(_ => new AnchorHead(channels, anchors, values, rng)).ToArray());
}
