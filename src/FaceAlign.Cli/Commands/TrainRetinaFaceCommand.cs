using System.CommandLine;
using System.Globalization;
using FaceAlign.Kernels;
using FaceAlign.Training.DetectionData;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign train retinaface --data synthetic|shared --out RUN [--size 640] [--epochs N] [--images-per-epoch N]
/// [--batch N] [--lr R] [--optimizer adam|sgd] [--seed S] [--val-images N] [--threads N] [--workers N] [--resume]</c>:
/// trains the RetinaFace-mnet0.25 detector. Progress goes to stderr (a live line on a terminal, a line every 30 s
/// otherwise); RUN/train.log and RUN/metrics.jsonl keep the record, RUN/best.safetensors the best weights by AP@0.5.
/// </summary>
public static class TrainRetinaFaceCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Sample source: synthetic (generated faces, for smoke runs) or shared (mosaics from the shared data)", Required = true };
        data.AcceptOnlyFromAmong("synthetic", "shared");
        var dataRoot = new Option<string>("--data-root") { Description = "The shared data folder (for --data shared)", DefaultValueFactory = _ => Path.Combine("..", "shared", "data") };
        var output = new Option<string>("--out") { Description = "Run folder (checkpoints, weights, logs)", Required = true };
        var size = new Option<int>("--size") { Description = "Square training input side, a multiple of 32 (640 as RetinaFace; 320 trains ~4× faster)", DefaultValueFactory = _ => 640 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 100 };
        var perEpoch = new Option<int>("--images-per-epoch") { DefaultValueFactory = _ => 12_800 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 16 };
        var lr = new Option<float>("--lr") { Description = "Base learning rate (warm-up one epoch, then cosine decay)", DefaultValueFactory = _ => 1e-3f };
        var optimizer = new Option<DetectorOptimizer>("--optimizer") { Description = "adam (AdamW) or sgd (momentum 0.9, RetinaFace's recipe)", DefaultValueFactory = _ => DetectorOptimizer.Adam };
        var weightDecay = new Option<float>("--weight-decay") { DefaultValueFactory = _ => 5e-4f };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var valImages = new Option<int>("--val-images") { Description = "Held-out samples scored (AP@0.5) after each epoch; 0 skips", DefaultValueFactory = _ => 200 };
        var threads = new Option<int>("--threads") { Description = "Compute threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var workers = new Option<int>("--workers") { Description = "Sample-generation threads", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2) };
        var checkpointMinutes = new Option<double>("--checkpoint-minutes") { DefaultValueFactory = _ => 5 };
        var resume = new Option<bool>("--resume") { Description = "Continue from RUN/checkpoint.safetensors" };
        var neck = new Option<int>("--neck") { Description = "Pyramid/SSH width: 32 (FaceAlign's default model, ~2× faster) or 64 (biubug6's cfg_mnet)", DefaultValueFactory = _ => 32 };
        var negatives = new Option<int>("--negatives-per-positive") { Description = "Hard negatives mined per positive anchor (RetinaFace: 3; more trades recall for fewer false detections)", DefaultValueFactory = _ => 3 };
        var sparse = new Option<float>("--sparse") { Description = "Share of mosaics that are sparse (1-3 faces over a whole background photo, for mined negatives)", DefaultValueFactory = _ => new MosaicOptions().SparseProbability };
        var init = new Option<string?>("--init") { Description = "Start a fresh run from this weights file: tensors matching by name and shape are copied (e.g. a trained detector's backbone)" };

        var command = new Command("retinaface", "Train the RetinaFace-mnet0.25 face detector (Deng et al. 2020).");
        var hardNegatives = new Option<float>("--hard-negatives") { Description = "Share of mosaics that also show hard negatives: places of the background photos where the detector fired, mined with the model at every epoch's start (0 = off)" };
        foreach (var o in new Option[] { data, dataRoot, output, size, epochs, perEpoch, batch, lr, optimizer, weightDecay, seed, valImages, threads, workers, checkpointMinutes, resume, neck, init, negatives, sparse, hardNegatives })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = new RetinaFaceTrainingOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                DataName = parse.GetValue(data)!,
                InputSize = parse.GetValue(size),
                Epochs = parse.GetValue(epochs),
                ImagesPerEpoch = parse.GetValue(perEpoch),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Optimizer = parse.GetValue(optimizer),
                WeightDecay = parse.GetValue(weightDecay),
                Seed = parse.GetValue(seed),
                ValidationImages = parse.GetValue(valImages),
                Workers = parse.GetValue(workers),
                CheckpointMinutes = parse.GetValue(checkpointMinutes),
                PyramidChannels = parse.GetValue(neck),
                InitialWeights = parse.GetValue(init),
                NegativesPerPositive = parse.GetValue(negatives),
            };
            if (parse.GetValue(threads) < 1)
            {
                CliError.Report("train retinaface", "--threads must be at least 1", error);
                return CliError.Failure;
            }
            if (parse.GetValue(sparse) is not (>= 0 and <= 1))
            {
                CliError.Report("train retinaface", "--sparse must be in [0, 1]", error);
                return CliError.Failure;
            }
            if (parse.GetValue(hardNegatives) is not (>= 0 and <= 1))
            {
                CliError.Report("train retinaface", "--hard-negatives must be in [0, 1]", error);
                return CliError.Failure;
            }
            // Named here: once training starts, errors are reported under the run folder.
            if (options.InitialWeights is { } initPath && !File.Exists(initPath))
            {
                CliError.Report(initPath, "no such file (--init)", error);
                return CliError.Failure;
            }
            if (parse.GetValue(data) == "shared" && MosaicComposer.FirstMissingInput(parse.GetValue(dataRoot)!) is { } missing)
            {
                CliError.Report(missing, "no such file or directory (set --data-root to the shared data folder)", error);
                return CliError.Failure;
            }
            IDetectionSampleSource? source = null;
            if (!CliError.Try("train retinaface", () =>
            {
                options.Validate();
                source = CreateSource(options.DataName, parse.GetValue(dataRoot)!, options.InputSize, parse.GetValue(sparse), parse.GetValue(hardNegatives));
            }, error)) return CliError.Failure;
            ComputeThreads.Count = parse.GetValue(threads);
            var bar = new ProgressLine(error);
            var trainer = new RetinaFaceTrainer(options, source!, p => bar.Update(Describe(p)), error);
            using var interrupt = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                bool ok = CliError.Try(options.OutputDirectory, () => trainer.Run(parse.GetValue(resume), interrupt.Token), error);
                bar.Finish();
                return ok ? 0 : CliError.Failure;
            }
            catch (OperationCanceledException)
            {
                bar.Finish();
                CliError.Report(options.OutputDirectory, "interrupted; the checkpoint is saved, continue with --resume", error);
                return 130;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>
    /// The one place a <c>--data</c> name becomes a sample source: "synthetic" is generated faces (smoke runs, tests);
    /// "shared" composes mosaics of real faces from the shared data (<see cref="MosaicComposer"/>), one image of the
    /// training input size per seed. Samples are seeded individually (the trainer passes each one its seed). Hard negatives
    /// (mined by the trainer every epoch) exist only for mosaics, whose background photos are known to be face-free.
    /// </summary>
    internal static IDetectionSampleSource CreateSource(string name, string root, int inputSize, float sparse, float hardNegatives) => name switch
    {
        "synthetic" => new SyntheticFaceSource(minSide: inputSize / 2, maxSide: inputSize, minFace: 12, maxFaceFraction: 0.8f),
        "shared" => MosaicComposer.FromSharedData(root, new MosaicOptions { Size = inputSize, SparseProbability = sparse, HardNegativeProbability = hardNegatives }),
        _ => throw new ArgumentException($"unknown --data '{name}' (use synthetic or shared)"),
    };

    private static string Describe(RetinaFaceTrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs} {TrainCommand.Bar(p.Batch, p.BatchesPerEpoch)} {p.Batch}/{p.BatchesPerEpoch}  loss {p.Loss:G4}  " +
        $"val AP50 {(float.IsNaN(p.LastValidationAp) ? "-" : (p.LastValidationAp * 100).ToString("F1", CultureInfo.InvariantCulture) + "%")}  " +
        $"{p.ImagesPerSecond:F1} img/s  ETA {p.Remaining:hh\\:mm\\:ss}");
}
