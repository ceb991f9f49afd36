// Holds people out of a training set, for the identity-disjoint accuracy the ytf68 validation set cannot give (its
// frames show the same people as train.csv). Identities are ytf68 frame names without the frame number.
namespace FaceAlign.Training.Data;

public static class IdentitySplit
{
    /// <summary>
    /// A seeded choice of round(fraction × n) of the identities in <paramref name="samples"/> (at least one when the
    /// fraction is positive); the same samples, fraction and seed always give the same people.
    /// </summary>
    public static IReadOnlySet<string> ChooseHeldOut(IEnumerable<LandmarkSample> samples, double fraction, int seed)
    {
        if (fraction is < 0 or >= 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), $"held-out fraction {fraction} is not in [0, 1)");
        // Sorted first so the choice depends on the set of people, not on the order of the file.
        var identities = samples.Select(s => YtfCsv.IdentityOf(s.ImagePath)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (fraction == 0 || identities.Length == 0)
            return new HashSet<string>();
        new Random(seed).Shuffle(identities);
        int count = Math.Clamp((int)Math.Round(fraction * identities.Length), 1, identities.Length - 1);
        return identities.Take(count).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when the face in <paramref name="sample"/> belongs to one of <paramref name="heldOut"/>.</summary>
    public static bool IsHeldOut(LandmarkSample sample, IReadOnlySet<string> heldOut) =>
        heldOut.Count > 0 && heldOut.Contains(YtfCsv.IdentityOf(sample.ImagePath));
}
