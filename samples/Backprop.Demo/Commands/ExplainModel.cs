using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>
/// <c>explain --model</c>: the step to trace when the network is a loaded model's (a file saved by <c>train --save</c>
/// or <c>import-onnx</c>, or an .onnx file read by <see cref="Backprop.Onnx.OnnxImport"/>) rather than one described
/// by <c>--sizes</c>. The sample is a raw row, scaled as the model scales it; the target is a class name or the
/// outputs, a regressor's in its targets' units (scaled as the model was trained).
/// </summary>
public static class ExplainModel
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The options that describe a network of their own, which a model already has.</summary>
    private static readonly string[] NetworkOptions = ["--weights", "--biases", "--activation", "--output-activation", "--bias-mode"];

    /// <summary>Adds the check that exactly one of --sizes and --model is given, and no option that describes a
    /// network beside --model.</summary>
    public static void AddChecks(Command command, Option<string?> sizes, Option<string?> model)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(r =>
        {
            bool bySizes = r.GetResult(sizes) is { Implicit: false }, byModel = r.GetResult(model) is { Implicit: false };
            if (bySizes == byModel)
            {
                r.AddError(bySizes ? "--sizes and --model: give one: --sizes describes a network, --model loads one" : "--sizes or --model is required: describe a network (e.g. --sizes 2,2,2) or load one (--model m.json or m.onnx)");
                return;
            }
            if (!byModel) return;
            foreach (var option in command.Options.Where(o => NetworkOptions.Contains(o.Name)))
                if (r.GetResult(option) is OptionResult { Implicit: false } given)
                    r.AddError($"{option.Name} {OptionChecks.Typed(given)}: the model has its own network; leave {option.Name} out with --model");
        });
    }

    /// <summary>The network to trace (a copy of the model's, with <paramref name="loss"/> when given), the scaled
    /// sample and the (scaled) target.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="loss">The loss to trace with instead of the network's, or null.</param>
    /// <param name="input">--input: a raw row, or null to draw the network's (scaled) input from <paramref name="seed"/>.</param>
    /// <param name="target">--target: a class name or the outputs, or null for the first class (a classifier) or values drawn from the seed.</param>
    /// <param name="seed">The seed of a drawn input or target.</param>
    public static (Network Network, double[] Input, double[] Target) Prepare(Model model, Loss? loss, string? input, string? target, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = loss is null ? model.Network.Clone() : WithLoss(model.Network, loss);
        var random = new Random(seed + 1);
        double[] x;
        if (input is null) x = Enumerable.Range(0, network.InputSize).Select(_ => random.NextDouble()).ToArray();
        else
        {
            x = Numbers(input, "--input", model.FeatureCount, "the model takes");
            model.InputScaler?.Transform(x, x);
        }
        return (network, x, Target(model, target, random));
    }

    private static double[] Target(Model model, string? target, Random random)
    {
        int outputs = model.OutputCount;
        if (model.ClassNames is { } classes)
        {
            int k = target is null ? 0 : IndexOf(classes, target);
            if (target is not null && k < 0 && !target.Contains(',', StringComparison.Ordinal) && !double.TryParse(target, NumberStyles.Float, C, out _))
                throw new ArgumentException($"--target {target}: no class of that name; the classes are {string.Join(", ", classes)} (or give the {outputs} outputs).");
            if (k >= 0) return outputs == 1 ? [k] : Enumerable.Range(0, outputs).Select(i => i == k ? 1.0 : 0.0).ToArray();
            return Numbers(target!, "--target", outputs, "the network has");
        }
        if (target is null) return Enumerable.Range(0, outputs).Select(_ => random.NextDouble()).ToArray();
        var t = Numbers(target, "--target", outputs, "the model predicts");
        model.TargetScaler?.Transform(t, t);
        return t;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    private static Network WithLoss(Network network, Loss loss)
    {
        try
        {
            return new Network(network.Layers.Select(l => l.Clone()), loss);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--loss {loss.Name}: {Cli.Message(e)}", e);
        }
    }

    private static double[] Numbers(string text, string option, int expected, string what)
    {
        var values = text.Split(',').Select(p => double.TryParse(p.Trim(), NumberStyles.Float, C, out double v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"{option} {text}: '{p.Trim()}' is not a finite number.")).ToArray();
        if (values.Length != expected)
            throw new ArgumentException(string.Create(C, $"{option} {text}: {values.Length} values, but {what} {expected}."));
        return values;
    }

    /// <summary>The line printed before a model's trace: what is traced, and how the sample was scaled.</summary>
    public static string Describe(Model model, string path, bool rawInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        string scaling = model.InputScaler is { } s
            ? rawInput ? $"the raw --input scaled by the model's {s.Kind} scaling" : "an input drawn from the seed in the network's (scaled) units"
            : "the input as given";
        return $"tracing the network of {path} ({OnnxCommands.Shape(model.Network)}, {model.Network.Loss.Name}) on {scaling}";
    }
}
