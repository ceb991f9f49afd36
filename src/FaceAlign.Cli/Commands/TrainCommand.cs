using System.CommandLine;
using System.Globalization;
using FaceAlign.Kernels;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign train pfld --data FILE... --val FILE --out RUN [--resume]</c>: trains a PFLD landmark model. Progress goes
/// to stderr (a live line on a terminal, a line every 30 s otherwise); RUN/train.log and RUN/metrics.jsonl keep the record.
/// <c>facealign train retinaface ...</c> trains the detector (<see cref="TrainRetinaFaceCommand"/>).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a model.");
        command.Subcommands.Add(CreatePfld());
        command.Subcommands.Add(TrainRetinaFaceCommand.Create());
        return command;
    }

    private static Command CreatePfld()
    {
        var data = new Option<string[]>("--data") { Description = "Training annotations: landmark CSV (ytf68 format) or teacher .jsonl", Required = true, AllowMultipleArgumentsPerToken = true };
        var val = new Option<string?>("--val") { Description = "Validation CSV, scored every epoch (inter-ocular NME)" };
        var output = new Option<string>("--out") { Description = "Run folder (checkpoints, weights, logs)", Required = true };
        var width = new Option<float>("--width") { Description = "Width multiplier (0.25, 1, ...)", DefaultValueFactory = _ => 0.25f };
        var points = new Option<int>("--points") { Description = "Landmarks per face", DefaultValueFactory = _ => 68 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate (cosine-decayed after one warm-up epoch)", DefaultValueFactory = _ => 1e-3f };
        var loss = new Option<PfldLossKind>("--loss") { Description = "pfld (the paper's weighted loss), l2 or wing", DefaultValueFactory = _ => PfldLossKind.Pfld };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "Use only the first N training faces (0 = all)" };
        var threads = new Option<int>("--threads") { Description = "Compute threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var checkpointMinutes = new Option<double>("--checkpoint-minutes") { DefaultValueFactory = _ => 5 };
        var resume = new Option<bool>("--resume") { Description = "Continue from RUN/checkpoint.safetensors" };
        var augment = new Option<string>("--augment") { Description = "Augmentation recipe: none, light (flips, ±10°, small jitter) or full (±30°, occluders, blur)", DefaultValueFactory = _ => "full" };
        augment.AcceptOnlyFromAmong("none", "light", "full");
        var flip = new Option<float?>("--flip") { Description = "Mirror probability, overriding the augmentation recipe's (0 turns mirroring off)" };
        var holdout = new Option<double>("--holdout-identities") { Description = "Hold this fraction of the CSVs' people out of training; their faces go to RUN/holdout.csv (identity-disjoint test)" };

        var command = new Command("pfld", "Train PFLD (Guo et al. 2019) on 112×112 face crops.");
        foreach (var o in new Option[] { data, val, output, width, points, epochs, batch, lr, loss, seed, limit, threads, checkpointMinutes, resume, augment, flip, holdout })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = new PfldTrainingOptions
            {
                TrainFiles = parse.GetValue(data)!,
                ValidationFile = parse.GetValue(val),
                OutputDirectory = parse.GetValue(output)!,
                Width = parse.GetValue(width),
                Points = parse.GetValue(points),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Loss = parse.GetValue(loss),
                Seed = parse.GetValue(seed),
                Limit = parse.GetValue(limit),
                CheckpointMinutes = parse.GetValue(checkpointMinutes),
                Augmentation = WithFlip(PfldAugmentation.Named(parse.GetValue(augment)!), parse.GetValue(flip)),
                HoldoutIdentities = parse.GetValue(holdout),
            };
            if (options.Epochs < 1 || options.BatchSize < 1 || parse.GetValue(threads) < 1)
            {
                CliError.Report("train pfld", "--epochs, --batch and --threads must be at least 1", error);
                return CliError.Failure;
            }
            if (options.Augmentation.FlipProbability is < 0 or > 1)
            {
                CliError.Report("train pfld", "--flip must be in [0, 1]", error);
                return CliError.Failure;
            }
            if (options.HoldoutIdentities is < 0 or >= 1)
            {
                CliError.Report("train pfld", "--holdout-identities must be in [0, 1)", error);
                return CliError.Failure;
            }
            ComputeThreads.Count = parse.GetValue(threads);
            var bar = new ProgressLine(error);
            var trainer = new PfldTrainer(options, p => bar.Update(Describe(p)), error);
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

    /// <summary>The recipe, its mirror probability replaced when --flip was given.</summary>
    private static PfldAugmentation WithFlip(PfldAugmentation recipe, float? flip) =>
        flip is { } p ? recipe with { FlipProbability = p } : recipe;

    private static string Describe(PfldTrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs} {Bar(p.Batch, p.BatchesPerEpoch)} {p.Batch}/{p.BatchesPerEpoch}  loss {p.Loss:G4}  " +
        $"val NME {(float.IsNaN(p.LastValidationNme) ? "-" : (p.LastValidationNme * 100).ToString("F2", CultureInfo.InvariantCulture) + "%")}  " +
        $"{p.ImagesPerSecond:F0} img/s  ETA {p.Remaining:hh\\:mm\\:ss}");

    internal static string Bar(int done, int total)
    {
        const int width = 20;
        int filled = total == 0 ? 0 : done * width / total;
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}
