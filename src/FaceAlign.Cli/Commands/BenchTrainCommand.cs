using System.CommandLine;
using System.Globalization;
using FaceAlign.Kernels;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Training.Optim;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench train pfld --width W --threads T --batch B</c>: full training steps (forward, PFLD loss with the
/// auxiliary network, backward, Adam) on random 112×112 inputs; prints <c>{"images_per_s":...}</c> from the median step.
/// </summary>
public static class BenchTrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Training speed of a model.");
        var width = new Option<float>("--width") { DefaultValueFactory = _ => 0.25f };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (the median is reported)", DefaultValueFactory = _ => 10 };
        var pfld = new Command("pfld", "PFLD training steps with the auxiliary network and the PFLD loss.");
        foreach (var o in new Option[] { width, threads, batch, steps }) pfld.Options.Add(o);
        pfld.SetAction(parse =>
        {
            float w = parse.GetValue(width);
            int t = parse.GetValue(threads), b = parse.GetValue(batch), n = parse.GetValue(steps);
            if (t < 1 || b < 1 || n < 1 || !(w > 0))
            {
                CliError.Report("bench train pfld", "--threads, --batch and --steps must be at least 1 and --width positive");
                return CliError.Failure;
            }
            ComputeThreads.Count = t;
            var rng = new Random(1);
            var model = new Pfld(w, 68, rng);
            var aux = new AuxiliaryNet(model.FeatureChannels, rng);
            var optimizer = new Adam(model.NamedParameters().Concat(aux.NamedParameters().Select(p => ("aux." + p.Name, p.Parameter))));
            var input = Tensor.Uniform(rng, 0, 1, b, 3, Pfld.InputSize, Pfld.InputSize);
            var target = Tensor.Uniform(rng, 0, 1, b, 136);
            var angles = Tensor.Uniform(rng, -0.5f, 0.5f, b, 3);
            var weights = Enumerable.Repeat(1f, b).ToArray();
            double ms = BenchModelCommand.MedianMilliseconds(n, () =>
            {
                using var scope = new TensorScope();
                var (landmarks, features) = model.Forward(input);
                var loss = PfldLoss.Forward(landmarks, target, aux.Forward(features), angles, weights);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"model\":\"pfld\",\"width\":{w},\"threads\":{t},\"batch\":{b},\"ms_per_step\":{ms:F1},\"images_per_s\":{b * 1000 / ms:F1}}}"));
            return 0;
        });
        command.Subcommands.Add(pfld);
        return command;
    }
}
