// The RetinaFace training loop: samples from an IDetectionSampleSource, fitted into square inputs and matched to anchors
// by background workers (PrefetchQueue), MultiBoxLoss, AdamW or SGD with a one-epoch warm-up and cosine decay. After
// every epoch it scores held-out samples (AP@0.5), keeps best.safetensors (inference weights) and a resumable
// checkpoint.safetensors, which is also refreshed every few minutes mid-epoch and on Ctrl-C; train.log and
// metrics.jsonl keep the record. Sample seeds are a function of (seed, epoch, index), so a resumed run sees the same
// batches as an unbroken one. A source that shows hard negatives gets them mined afresh at every epoch's start
// (HardNegativeMiner), with the list kept in the run folder for a mid-epoch resume.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAlign.Detection;
using FaceAlign.Nn;
using FaceAlign.Training.DetectionData;
using FaceAlign.Training.Evaluation;
using FaceAlign.Training.Optim;
using FaceAlign.Training.Runs;

namespace FaceAlign.Training.DetectorTraining;

public sealed class RetinaFaceTrainer(RetinaFaceTrainingOptions options, IDetectionSampleSource source,
    Action<RetinaFaceTrainingProgress>? progress = null, TextWriter? console = null)
{
    public const string CheckpointFileName = "checkpoint.safetensors";
    public const string BestFile = "best.safetensors";
    public const string FinalFile = "final.safetensors";

    /// <summary>Trains (resuming from the run folder's checkpoint when <paramref name="resume"/>); returns the best validation AP.</summary>
    public float Run(bool resume, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        string checkpointPath = Path.Combine(options.OutputDirectory, CheckpointFileName);
        using var log = new RunLog(options.OutputDirectory, console);

        var model = new RetinaFace(new Random(options.Seed), options.PyramidChannels);
        var parameters = model.NamedParameters().Select(p => ("model." + p.Name, p.Parameter)).ToList();
        Optimizer optimizer = options.Optimizer == DetectorOptimizer.Sgd
            ? new Sgd(parameters, options.LearningRate, momentum: 0.9f, weightDecay: options.WeightDecay)
            : Adam.W(parameters, options.LearningRate, weightDecay: options.WeightDecay);
        int batchesPerEpoch = options.ImagesPerEpoch / options.BatchSize;
        int totalSteps = batchesPerEpoch * options.Epochs;
        var schedule = new LinearWarmup(new CosineDecay(options.LearningRate, Math.Max(1, totalSteps - batchesPerEpoch), options.LearningRate * 0.01), batchesPerEpoch);

        var where = new RetinaFaceCheckpoint(0, 0, 0, float.NegativeInfinity);
        if (resume && File.Exists(checkpointPath))
        {
            where = RetinaFaceCheckpoint.Load(checkpointPath, model, optimizer);
            log.Say($"resumed from {checkpointPath}: epoch {where.Epoch + 1}, batch {where.NextBatch}, step {where.Step}");
        }
        else if (options.InitialWeights is { } init)
        {
            var (copied, total) = InitialWeights.CopyMatching(model, init);
            log.Say($"initialised {copied} of {total} weight tensors from {init} (matching name and shape); the rest keep their random start");
        }
        string optionsJson = JsonSerializer.Serialize(options);
        var builder = new DetectionBatchBuilder(source, options.InputSize, new AnchorMatcher(options.PositiveIoU));
        var loss = new MultiBoxLoss(options.BoxWeight, options.NegativesPerPositive);
        var validation = options.ValidationImages > 0 ? DetectorValidation.Samples(source, options.ValidationImages) : [];
        log.Say($"RetinaFace-mnet0.25 (pyramid {options.PyramidChannels}), data {(options.DataName.Length > 0 ? options.DataName : source.GetType().Name)}, input {options.InputSize}², " +
            $"{builder.AnchorCount} anchors, {batchesPerEpoch} batches of {options.BatchSize} per epoch, {options.Epochs} epochs, " +
            $"{options.Optimizer} lr {options.LearningRate:G3}, {validation.Count} validation images");

        var mining = source is IHardNegativeSource { UsesHardNegatives: true } wanted ? wanted : null;
        int step = where.Step;
        float best = where.BestAp, lastAp = float.NaN;
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        int imagesThisRun = 0;
        for (int epoch = where.Epoch; epoch < options.Epochs; epoch++)
        {
            int firstBatch = epoch == where.Epoch ? where.NextBatch : 0, nextBatch = firstBatch;
            var sums = new double[4];
            int lossCount = 0;
            var epochClock = Stopwatch.StartNew();
            if (mining is not null)
                UpdateHardNegatives(mining, model, epoch, firstBatch, log);
            try
            {
                var buffers = Enumerable.Range(0, 3).Select(_ => new Batch(options.BatchSize, builder.ImageLength));
                int currentEpoch = epoch;
                using var queue = new PrefetchQueue<Batch>(buffers, firstBatch, batchesPerEpoch, (b, batch) => Fill(builder, batch, currentEpoch, b));
                foreach (var (index, batch) in queue.Consume(cancel))
                {
                    schedule.Apply(optimizer, step);
                    model.Train();
                    using (new TensorScope())
                    {
                        var input = Tensor.FromArray(batch.Images, options.BatchSize, 3, options.InputSize, options.InputSize);
                        var (boxes, logits, landmarks) = model.Forward(input);
                        var value = loss.Forward(boxes, logits, landmarks, batch.Targets);
                        float total = value.Total.Item();
                        if (!float.IsFinite(total))
                            throw new InvalidOperationException($"training diverged: loss is {total} at epoch {epoch + 1}, batch {index}; lower --lr");
                        optimizer.ZeroGrad();
                        value.Total.Backward();
                        optimizer.Step();
                        sums[0] += total;
                        sums[1] += value.Box;
                        sums[2] += value.Class;
                        sums[3] += value.Landmark;
                    }
                    queue.Recycle(batch);
                    step++;
                    lossCount++;
                    nextBatch = index + 1;
                    imagesThisRun += options.BatchSize;
                    double rate = imagesThisRun / clock.Elapsed.TotalSeconds;
                    progress?.Invoke(new RetinaFaceTrainingProgress(epoch + 1, options.Epochs, index + 1, batchesPerEpoch, (float)(sums[0] / lossCount),
                        lastAp, rate, TimeSpan.FromSeconds((totalSteps - step) * options.BatchSize / Math.Max(rate, 1e-9))));
                    if (sinceCheckpoint.Elapsed.TotalMinutes >= options.CheckpointMinutes && nextBatch < batchesPerEpoch)
                    {
                        RetinaFaceCheckpoint.Save(checkpointPath, new(epoch, nextBatch, step, best), model, optimizer, optionsJson);
                        sinceCheckpoint.Restart();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Interrupted (Ctrl-C): keep everything up to the last finished step, so --resume loses nothing.
                RetinaFaceCheckpoint.Save(checkpointPath, new(epoch, nextBatch, step, best), model, optimizer, optionsJson);
                log.Say($"interrupted at epoch {epoch + 1}, batch {nextBatch}; checkpoint saved, continue with --resume");
                throw;
            }

            DetectionScores? scores = null;
            if (validation.Count > 0)
            {
                scores = DetectorValidation.Evaluate(model, validation);
                lastAp = scores.AveragePrecision;
                if (lastAp > best)
                {
                    best = lastAp;
                    FaceDetector.Save(model, Path.Combine(options.OutputDirectory, BestFile), new Dictionary<string, string>
                    {
                        ["epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture),
                        ["val_ap50"] = best.ToString("R", CultureInfo.InvariantCulture),
                    });
                }
            }
            RetinaFaceCheckpoint.Save(checkpointPath, new(epoch + 1, 0, step, best), model, optimizer, optionsJson);
            sinceCheckpoint.Restart();
            double epochRate = (batchesPerEpoch - firstBatch) * options.BatchSize / epochClock.Elapsed.TotalSeconds;
            int n = Math.Max(1, lossCount);
            log.Say(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1}/{options.Epochs}: loss {sums[0] / n:G4} (box {sums[1] / n:G3}, class {sums[2] / n:G3}, landmarks {sums[3] / n:G3}), ") +
                (scores is null ? "no validation" : string.Create(CultureInfo.InvariantCulture,
                    $"val AP50 {scores.AveragePrecision * 100:F2}% (best {best * 100:F2}%), recall@0.5 {scores.Recall * 100:F1}%, precision@0.5 {scores.Precision * 100:F1}%")) +
                string.Create(CultureInfo.InvariantCulture, $", lr {optimizer.LearningRate:G3}, {epochRate:F1} images/s, {clock.Elapsed:hh\\:mm\\:ss}"));
            log.Metrics(new
            {
                epoch = epoch + 1,
                step,
                loss = sums[0] / n,
                box = sums[1] / n,
                @class = sums[2] / n,
                landmarks = sums[3] / n,
                val_ap50 = scores?.AveragePrecision,
                val_recall = scores?.Recall,
                val_precision = scores?.Precision,
                lr = optimizer.LearningRate,
                images_per_s = epochRate,
                elapsed_s = clock.Elapsed.TotalSeconds,
            });
        }
        FaceDetector.Save(model, Path.Combine(options.OutputDirectory, FinalFile),
            new Dictionary<string, string> { ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture) });
        log.Say(float.IsNegativeInfinity(best) ? $"done: weights in {options.OutputDirectory}" : $"done: best val AP50 {best * 100:F2}%, weights in {options.OutputDirectory}");
        return best;
    }

    /// <summary>
    /// Mines hard negatives with the model as it is at the start of <paramref name="epoch"/> and hands them to the
    /// source; a run resumed mid-epoch reads that epoch's list back from the run folder instead.
    /// </summary>
    private void UpdateHardNegatives(IHardNegativeSource mining, RetinaFace model, int epoch, int firstBatch, RunLog log)
    {
        string path = Path.Combine(options.OutputDirectory, HardNegativeFile.Name);
        var negatives = firstBatch > 0 ? HardNegativeFile.Load(path, epoch) : null;
        if (negatives is not null)
        {
            log.Say($"epoch {epoch + 1}: {negatives.Count} hard negatives read back from {path}");
        }
        else
        {
            var clock = Stopwatch.StartNew();
            negatives = HardNegativeMiner.Mine(model, mining.FaceFreePhotos);
            HardNegativeFile.Save(path, epoch, negatives);
            int photos = negatives.Select(n => n.ImagePath).Distinct().Count();
            log.Say(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1}: mined {negatives.Count} hard negatives (score ≥ {HardNegativeMiner.ScoreThreshold}) in {photos} of {mining.FaceFreePhotos.Count} face-free photos in {clock.Elapsed.TotalSeconds:F1} s") +
                string.Concat(negatives.Take(3).Select(n => string.Create(CultureInfo.InvariantCulture,
                    $"; {Path.GetFileName(n.ImagePath)} {n.Score:F2} ({n.FiredWidth:F0} px at ×{n.Scale:G3})"))));
        }
        mining.UseHardNegatives(negatives);
    }

    /// <summary>Builds batch <paramref name="index"/> of <paramref name="epoch"/>: its images in parallel on the workers.</summary>
    private void Fill(DetectionBatchBuilder builder, Batch batch, int epoch, int index)
    {
        int per = builder.ImageLength;
        Parallel.For(0, options.BatchSize, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, i =>
        {
            long seed = SampleSeeds.Training(options.Seed, epoch, index * options.BatchSize + i);
            batch.Targets[i] = builder.Fill(seed, batch.Images.AsSpan(i * per, per));
        });
    }

    /// <summary>One batch's host buffers, reused around the prefetch ring.</summary>
    private sealed class Batch(int batchSize, int imageLength)
    {
        public readonly float[] Images = new float[batchSize * imageLength];
        public readonly AnchorTargets[] Targets = new AnchorTargets[batchSize];
    }
}
