// The PFLD training loop (Guo et al. 2019, §3–4): Adam on the landmark loss, with the auxiliary pose network trained
// alongside when the loss is the paper's. A background thread builds augmented batches while the network trains on
// the previous one. Every epoch it validates (inter-ocular NME), keeps best.safetensors (inference weights) and a
// resumable checkpoint.safetensors, which is also refreshed every few minutes mid-epoch; train.log and
// metrics.jsonl survive the terminal.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Training.Data;
using FaceAlign.Training.Losses;
using FaceAlign.Training.Optim;
using FaceAlign.Training.Runs;

namespace FaceAlign.Training.PfldTraining;

public sealed class PfldTrainer(PfldTrainingOptions options, Action<PfldTrainingProgress>? progress = null, TextWriter? console = null)
{
    public const string CheckpointFile = "checkpoint.safetensors";
    public const string BestFile = "best.safetensors";
    public const string FinalFile = "final.safetensors";

    private const int Size = Models.Pfld.InputSize;

    /// <summary>Trains (resuming from the run folder's checkpoint when <paramref name="resume"/>); returns the best validation NME.</summary>
    public float Run(bool resume, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        string checkpointPath = Path.Combine(options.OutputDirectory, CheckpointFile);
        using var log = new RunLog(options.OutputDirectory, console);

        var samples = PfldSampleSources.Read(options.TrainFiles, options.MinTeacherScore);
        if (options.HoldoutIdentities > 0)
        {
            // People are chosen among the human-labelled tables only; every face of theirs leaves training.
            var labelled = PfldSampleSources.Read(options.TrainFiles.Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)));
            var heldOut = IdentitySplit.ChooseHeldOut(labelled, options.HoldoutIdentities, options.Seed);
            var holdoutFaces = labelled.Where(s => IdentitySplit.IsHeldOut(s, heldOut)).ToList();
            string holdoutPath = Path.Combine(options.OutputDirectory, "holdout.csv");
            YtfCsv.Write(holdoutPath, holdoutFaces);
            int before = samples.Count;
            samples = samples.Where(s => !IdentitySplit.IsHeldOut(s, heldOut)).ToList();
            log.Say($"held out {heldOut.Count} people ({holdoutFaces.Count} labelled faces → {holdoutPath}); {before - samples.Count} faces of theirs left out of training");
        }
        if (options.Limit > 0) samples = samples.Take(options.Limit).ToList();
        log.Say($"loading {samples.Count} training faces from {string.Join(", ", options.TrainFiles)}");
        var train = PfldDataset.Load(samples);
        if (train.Scheme.PointCount != options.Points)
            throw new ArgumentException($"the training data has {train.Scheme.PointCount} landmarks per face, --points is {options.Points}");
        var validation = options.ValidationFile is null ? null : PfldDataset.Load(PfldSampleSources.Read([options.ValidationFile]));

        var model = new Models.Pfld(options.Width, options.Points, new Random(options.Seed));
        model.StartFromMeanShape(train.MeanCropShape());  // overwritten by the checkpoint when resuming
        var aux = new AuxiliaryNet(model.FeatureChannels, new Random(options.Seed + 1));
        bool useAux = options.Loss == PfldLossKind.Pfld;
        var parameters = model.NamedParameters().Select(p => ("model." + p.Name, p.Parameter));
        if (useAux) parameters = parameters.Concat(aux.NamedParameters().Select(p => ("aux." + p.Name, p.Parameter)));
        var optimizer = new Adam(parameters, options.LearningRate, weightDecay: options.WeightDecay);

        int batchesPerEpoch = train.Count / options.BatchSize;
        if (batchesPerEpoch == 0)
            throw new ArgumentException($"{train.Count} training faces do not fill one batch of {options.BatchSize}");
        int totalSteps = batchesPerEpoch * options.Epochs;
        var schedule = new LinearWarmup(new CosineDecay(options.LearningRate, totalSteps, options.LearningRate * 0.01f), batchesPerEpoch);

        var weights = AttributeWeights.FromTrainingSet(train.Attributes, options.Augmentation.OcclusionProbability);
        var where = new PfldCheckpoint(0, 0, 0, float.PositiveInfinity, [.. weights.ClassWeights]);
        if (resume && File.Exists(checkpointPath))
        {
            where = PfldCheckpoint.Load(checkpointPath, model, aux, optimizer);
            weights = AttributeWeights.FromValues(where.ClassWeights);
            log.Say($"resumed from {checkpointPath}: epoch {where.Epoch + 1}, batch {where.NextBatch}, step {where.Step}");
        }
        string optionsJson = JsonSerializer.Serialize(options);
        log.Say($"PFLD {options.Width}X, {options.Points} points, loss {options.Loss}, {train.Count} faces, {batchesPerEpoch} batches of {options.BatchSize} per epoch, " +
            $"{options.Epochs} epochs; class weights [{string.Join(", ", weights.ClassWeights.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}]");

        var builder = new PfldBatchBuilder(train, options.Augmentation, weights);
        int step = where.Step;
        float best = where.BestNme, lastNme = float.NaN;
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        int imagesThisRun = 0;
        for (int epoch = where.Epoch; epoch < options.Epochs; epoch++)
        {
            int firstBatch = epoch == where.Epoch ? where.NextBatch : 0;
            var order = Shuffle(train.Count, options.Seed, epoch);
            double lossSum = 0;
            int lossCount = 0;
            var epochClock = Stopwatch.StartNew();
            int nextBatch = firstBatch;
            try
            {
                var buffers = Enumerable.Range(0, 3).Select(_ => new Batch(options.BatchSize, options.Points));
                int currentEpoch = epoch;
                using (var batches = new PrefetchQueue<Batch>(buffers, firstBatch, batchesPerEpoch, (b, batch) =>
                {
                    batch.Index = b;
                    builder.Fill(order.AsSpan(b * options.BatchSize, options.BatchSize), options.Seed, currentEpoch, batch.Images, batch.Landmarks, batch.Angles, batch.Weights);
                }))
                {
                    foreach (var (_, batch) in batches.Consume(cancel))
                    {
                        // Read before Recycle: from then on the builder thread may refill the batch and renumber it.
                        int index = batch.Index;
                        schedule.Apply(optimizer, step);
                        model.Train();
                        aux.Train();
                        float loss;
                        using (new TensorScope())
                        {
                            var input = Tensor.FromArray(batch.Images, options.BatchSize, 3, Size, Size);
                            var target = Tensor.FromArray(batch.Landmarks, options.BatchSize, 2 * options.Points);
                            var (landmarks, features) = model.Forward(input);
                            Tensor lossTensor = options.Loss switch
                            {
                                PfldLossKind.Pfld => PfldLoss.Forward(landmarks, target, aux.Forward(features),
                                    Tensor.FromArray(batch.Angles, options.BatchSize, 3), batch.Weights),
                                PfldLossKind.L2 => Functional.Scale(new MseLoss(Reduction.Sum).Forward(landmarks, target), 1f / options.BatchSize),
                                _ => Functional.Scale(new WingLoss(10f / Size, 2f / Size, Reduction.Sum).Forward(landmarks, target), 1f / options.BatchSize),
                            };
                            loss = lossTensor.Item();
                            if (!float.IsFinite(loss))
                                throw new InvalidOperationException($"training diverged: loss is {loss} at epoch {epoch + 1}, batch {index}; lower --lr");
                            optimizer.ZeroGrad();
                            lossTensor.Backward();
                            optimizer.Step();
                        }
                        batches.Recycle(batch);
                        step++;
                        nextBatch = index + 1;
                        imagesThisRun += options.BatchSize;
                        lossSum += loss;
                        lossCount++;
                        double rate = imagesThisRun / clock.Elapsed.TotalSeconds;
                        int remainingBatches = totalSteps - step;
                        progress?.Invoke(new PfldTrainingProgress(epoch + 1, options.Epochs, index + 1, batchesPerEpoch, (float)(lossSum / lossCount), lastNme,
                            rate, TimeSpan.FromSeconds(remainingBatches * options.BatchSize / Math.Max(rate, 1e-9))));
                        if (sinceCheckpoint.Elapsed.TotalMinutes >= options.CheckpointMinutes && index + 1 < batchesPerEpoch)
                        {
                            PfldCheckpoint.Save(checkpointPath, new(epoch, index + 1, step, best, [.. weights.ClassWeights]), model, aux, optimizer, optionsJson);
                            sinceCheckpoint.Restart();
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Interrupted (Ctrl-C): keep everything up to the last finished step, so --resume loses nothing.
                PfldCheckpoint.Save(checkpointPath, new(epoch, nextBatch, step, best, [.. weights.ClassWeights]), model, aux, optimizer, optionsJson);
                log.Say($"interrupted at epoch {epoch + 1}, batch {nextBatch}; checkpoint saved, continue with --resume");
                throw;
            }

            if (validation is not null)
            {
                var nmes = PfldValidation.InterOcularNme(model, validation);
                lastNme = nmes.Average();
                if (lastNme < best)
                {
                    best = lastNme;
                    PfldLandmarker.Save(model, Path.Combine(options.OutputDirectory, BestFile),
                        extra: new Dictionary<string, string> { ["epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture), ["val_nme"] = best.ToString("R", CultureInfo.InvariantCulture) });
                }
            }
            PfldCheckpoint.Save(checkpointPath, new(epoch + 1, 0, step, best, [.. weights.ClassWeights]), model, aux, optimizer, optionsJson);
            sinceCheckpoint.Restart();
            double epochRate = (batchesPerEpoch - firstBatch) * options.BatchSize / epochClock.Elapsed.TotalSeconds;
            log.Say($"epoch {epoch + 1}/{options.Epochs}: loss {lossSum / Math.Max(1, lossCount):G5}, val NME {lastNme * 100:F3}% (best {best * 100:F3}%), " +
                $"lr {optimizer.LearningRate:G3}, {epochRate:F1} images/s, {clock.Elapsed:hh\\:mm\\:ss}");
            log.Metrics(new
            {
                epoch = epoch + 1,
                step,
                loss = lossSum / Math.Max(1, lossCount),
                val_nme = float.IsNaN(lastNme) ? (float?)null : lastNme,
                lr = optimizer.LearningRate,
                images_per_s = epochRate,
                elapsed_s = clock.Elapsed.TotalSeconds,
            });
        }
        PfldLandmarker.Save(model, Path.Combine(options.OutputDirectory, FinalFile),
            extra: new Dictionary<string, string> { ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture) });
        log.Say($"done: best val NME {best * 100:F3}%, weights in {options.OutputDirectory}");
        return best;
    }

    /// <summary>The epoch's face order: a seeded Fisher–Yates shuffle, the same on resume.</summary>
    private static int[] Shuffle(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(seed * 7919 + epoch)).Shuffle(order);
        return order;
    }

    /// <summary>One batch's host buffers, reused: a small ring circulates between the builder thread and the trainer (PrefetchQueue).</summary>
    private sealed class Batch(int batchSize, int points)
    {
        public int Index;
        public readonly float[] Images = new float[batchSize * 3 * Size * Size];
        public readonly float[] Landmarks = new float[batchSize * 2 * points];
        public readonly float[] Angles = new float[batchSize * 3];
        public readonly float[] Weights = new float[batchSize];
    }
}
