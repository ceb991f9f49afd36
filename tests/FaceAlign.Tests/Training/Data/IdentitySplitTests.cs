using System.Numerics;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class IdentitySplitTests
{
    private static List<LandmarkSample> Frames(params string[] people) =>
        people.SelectMany(p => Enumerable.Range(0, 3).Select(i => new LandmarkSample($"/d/images/train/{p}_{i:00}.jpg",
            Enumerable.Range(0, 68).Select(k => new Vector2(k + 0.25f, i * 10 + k * 0.5f)).ToArray()))).ToList();

    [Fact]
    public void Holds_out_whole_people_seeded_and_independent_of_file_order()
    {
        var samples = Frames("Ann_Lee", "Bo", "Cy_D", "Dee", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo");
        var heldOut = IdentitySplit.ChooseHeldOut(samples, 0.3, seed: 7);
        Assert.Equal(3, heldOut.Count);
        var shuffled = samples.ToArray();
        new Random(1).Shuffle(shuffled);
        Assert.Equal(heldOut.Order(), IdentitySplit.ChooseHeldOut(shuffled, 0.3, seed: 7).Order());
        Assert.NotEqual(heldOut.Order(), IdentitySplit.ChooseHeldOut(samples, 0.3, seed: 8).Order());
        // Every frame of a held-out person is held out, and no frame of anyone else.
        foreach (var sample in samples)
            Assert.Equal(heldOut.Contains(YtfCsv.IdentityOf(sample.ImagePath)), IdentitySplit.IsHeldOut(sample, heldOut));
    }

    [Fact]
    public void Keeps_at_least_one_person_on_each_side_and_rejects_bad_fractions()
    {
        var samples = Frames("A", "B", "C");
        Assert.Single(IdentitySplit.ChooseHeldOut(samples, 0.01, 1));
        Assert.Equal(2, IdentitySplit.ChooseHeldOut(samples, 0.99, 1).Count);
        Assert.Empty(IdentitySplit.ChooseHeldOut(samples, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentitySplit.ChooseHeldOut(samples, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentitySplit.ChooseHeldOut(samples, -0.1, 1));
    }

    [Fact]
    public void A_written_table_reads_back_with_the_same_images_and_points()
    {
        string dir = Directory.CreateTempSubdirectory("facealign-split").FullName;
        try
        {
            var samples = Frames("Ann_Lee", "Bo").Select(s => s with { ImagePath = Path.Combine(dir, "..", "imgs", Path.GetFileName(s.ImagePath)) }).ToList();
            string path = Path.Combine(dir, "holdout.csv");
            YtfCsv.Write(path, samples);
            var back = YtfCsv.Read(path);
            Assert.Equal(samples.Count, back.Count);
            for (int i = 0; i < samples.Count; i++)
            {
                Assert.Equal(Path.GetFullPath(samples[i].ImagePath), Path.GetFullPath(back[i].ImagePath));
                Assert.Equal(samples[i].Landmarks, back[i].Landmarks);
            }
            Assert.Throws<ArgumentException>(() => YtfCsv.Write(path, [samples[0] with { Landmarks = new Vector2[5] }]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
