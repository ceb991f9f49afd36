// Winograd3x3's transforms: the Vector256 path against the scalar one (which Conv2dWinogradTests checks against the
// naive convolution through the whole route) on plane sizes around the 8-tile chunks and 16-column splits, with
// buffers longer than needed whose tails must stay untouched; and the weight transform and its gradient against
// the matrices written out.
using System.Runtime.Intrinsics.X86;
using FaceAlign.Kernels;

namespace FaceAlign.Tests.Kernels;

public class Winograd3x3Tests
{
    private const float Sentinel = 12345f;

    public static TheoryData<int, int> Planes => new()
    {
        { 1, 1 }, { 2, 3 }, { 5, 7 }, { 14, 14 }, { 16, 16 }, { 17, 15 }, { 7, 30 }, { 3, 33 },
    };

    private static float[] Random(Random rng, int length, int slack)
    {
        var a = new float[length + slack];
        for (int i = 0; i < length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        a.AsSpan(length).Fill(Sentinel);
        return a;
    }

    /// <summary>The vector path's output within 1e-5 of the scalar one's, and its buffer untouched past <paramref name="length"/>.</summary>
    private static void AssertVectorMatchesScalar(float[] scalar, float[] vector, int length, string what)
    {
        for (int i = 0; i < scalar.Length; i++)
            Assert.True(Math.Abs(scalar[i] - vector[i]) <= 1e-5f * Math.Max(1f, Math.Abs(scalar[i])),
                $"{what}: index {i} scalar {scalar[i]} vector {vector[i]}");
        Assert.All(vector[length..], x => Assert.Equal(Sentinel, x));
    }

    [SkippableTheory]
    [MemberData(nameof(Planes))]
    public void Vector_input_transform_matches_scalar(int h, int w)
    {
        Skip.IfNot(Avx2.IsSupported, "the vector path needs AVX2");
        var rng = new Random(h * 100 + w);
        int c = 3, tiles = Winograd3x3.PlaneTiles(h, w), first = 2, ldv = tiles + 5;
        var image = Random(rng, c * h * w, 0);
        int vLength = Winograd3x3.Positions * c * ldv;
        var scalar = Random(rng, vLength, 8);
        var vector = (float[])scalar.Clone();
        var scratch = new float[Winograd3x3.PaddedLength(h, w)];
        Array.Fill(scratch, float.NaN); // the transform must not depend on what the scratch held
        Winograd3x3.InputTransform(image, c, h, w, scalar, ldv, first, scratch, vector: false);
        Array.Fill(scratch, float.NaN);
        Winograd3x3.InputTransform(image, c, h, w, vector, ldv, first, scratch, vector: true);
        AssertVectorMatchesScalar(scalar, vector, vLength, "V");
    }

    [SkippableTheory]
    [MemberData(nameof(Planes))]
    public void Vector_output_transform_matches_scalar_with_bias_activation_and_accumulation(int h, int w)
    {
        Skip.IfNot(Avx2.IsSupported, "the vector path needs AVX2");
        var rng = new Random(h * 100 + w + 1);
        int c = 3, tiles = Winograd3x3.PlaneTiles(h, w), first = 1, ldm = tiles + 3;
        var m = Random(rng, Winograd3x3.Positions * c * ldm, 0);
        var bias = Random(rng, c, 0);
        foreach (bool accumulate in new[] { false, true })
        {
            var epilogue = accumulate ? default : new Epilogue(Activation.Relu6, null);
            var scalar = Random(rng, c * h * w, 8);
            var vector = (float[])scalar.Clone();
            Winograd3x3.OutputTransform(m, ldm, first, c, h, w, accumulate ? default : bias, epilogue, accumulate, scalar, vector: false);
            Winograd3x3.OutputTransform(m, ldm, first, c, h, w, accumulate ? default : bias, epilogue, accumulate, vector, vector: true);
            AssertVectorMatchesScalar(scalar, vector, c * h * w, accumulate ? "accumulated Y" : "Y");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Planes))]
    public void Vector_output_gradient_transform_matches_scalar(int h, int w)
    {
        Skip.IfNot(Avx2.IsSupported, "the vector path needs AVX2");
        var rng = new Random(h * 100 + w + 2);
        int c = 3, tiles = Winograd3x3.PlaneTiles(h, w), first = 3, ldm = tiles + 4;
        var dY = Random(rng, c * h * w, 0);
        int length = Winograd3x3.Positions * c * ldm;
        var scalar = Random(rng, length, 8);
        var vector = (float[])scalar.Clone();
        Winograd3x3.OutputGradientTransform(dY, c, h, w, scalar, ldm, first, vector: false);
        Winograd3x3.OutputGradientTransform(dY, c, h, w, vector, ldm, first, vector: true);
        AssertVectorMatchesScalar(scalar, vector, length, "dM");
    }

    [Fact]
    public void Weight_transform_and_its_gradient_are_G_g_Gt_and_Gt_dU_G()
    {
        double[,] g = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };
        var rng = new Random(4);
        int cout = 2, cin = 3;
        var weight = Random(rng, cout * cin * 9, 0);
        var u = new float[Winograd3x3.Positions * cout * cin];
        var uRotated = new float[u.Length];
        Winograd3x3.WeightTransform(weight, cout, cin, rotated: false, u);
        Winograd3x3.WeightTransform(weight, cout, cin, rotated: true, uRotated);
        var duT = Random(rng, Winograd3x3.Positions * cin * cout, 0);
        var dW = Random(rng, cout * cin * 9, 0);
        var dWBefore = (float[])dW.Clone();
        Winograd3x3.WeightGradient(duT, cout, cin, dW);
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 4; b++)
                    {
                        double plain = 0, rotated = 0;
                        for (int i = 0; i < 3; i++)
                            for (int j = 0; j < 3; j++)
                            {
                                plain += g[a, i] * weight[(o * cin + c) * 9 + i * 3 + j] * g[b, j];
                                rotated += g[a, i] * weight[(o * cin + c) * 9 + (2 - i) * 3 + (2 - j)] * g[b, j];
                            }
                        int xi = a * 4 + b;
                        Assert.Equal(plain, u[xi * cout * cin + o * cin + c], 5);
                        Assert.Equal(rotated, uRotated[xi * cout * cin + c * cout + o], 5);
                    }
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                    {
                        double expected = dWBefore[(o * cin + c) * 9 + i * 3 + j];
                        for (int a = 0; a < 4; a++)
                            for (int b = 0; b < 4; b++)
                                expected += g[a, i] * duT[(a * 4 + b) * cin * cout + c * cout + o] * g[b, j];
                        Assert.Equal(expected, dW[(o * cin + c) * 9 + i * 3 + j], 5);
                    }
    }
}
