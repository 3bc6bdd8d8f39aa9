using System.CommandLine;
using System.Globalization;
using Backprop.Demo.Tour;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;
using Spectre.Console;

namespace Backprop.Demo.Commands;

/// <summary>The <c>explain</c> command: traces one training step of a network described on the command line, or of a
/// loaded model's network (<c>--model</c>, see <see cref="ExplainModel"/>).</summary>
public static class ExplainCommand
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Builds the command.</summary>
    public static Command Create(Option<bool> json)
    {
        var sizes = new Option<string?>("--sizes") { Description = "Layer sizes from inputs to outputs, e.g. 2,2,2 or 3,4,2 (or give --model)." };
        var model = new Option<string?>("--model") { Description = "Trace a model's network instead of --sizes: a file saved by train --save or import-onnx, or an .onnx file; --input is then a raw row (the model's scaling is applied), --target a class name or the outputs." };
        sizes.Validators.Add(r =>
        {
            if (OptionChecks.Typed(r) is not { } typed) return;
            var (layers, error) = TrainCommand.Sizes(typed, "--sizes");
            if (error is null && layers.Count < 2) error = $"--sizes {typed}: needs at least an input and an output size, e.g. 2,2";
            if (error is not null) r.AddError(error);
        });
        var activation = new Option<string>("--activation") { Description = "Hidden activation.", DefaultValueFactory = _ => "sigmoid" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "Output activation (default: softmax with categorical-cross-entropy, else as --activation)." };
        var loss = new Option<string>("--loss") { Description = "half-squared-error, mse, binary-cross-entropy, categorical-cross-entropy (with --model: the network's own unless given).", DefaultValueFactory = _ => "half-squared-error" };
        var input = new Option<string?>("--input") { Description = "The sample, e.g. 0.05,0.1 (default: drawn from the seed)." };
        var target = new Option<string?>("--target") { Description = "The target, e.g. 0.01,0.99 (default: drawn from the seed; class 1 one-hot for cross-entropy)." };
        var learningRate = new Option<double>("--learning-rate") { Description = "η of the SGD step.", DefaultValueFactory = _ => 0.5 }.Positive();
        var seed = new Option<int>("--seed") { Description = "Seed of the weights (uniform [0, 1)) and of a drawn input or target.", DefaultValueFactory = _ => 1 }.Whole();
        var weights = new Option<string?>("--weights") { Description = "Explicit weights, row by row, layers separated by ';', e.g. 0.15,0.2,0.25,0.3;0.4,0.45,0.5,0.55." };
        var biases = new Option<string?>("--biases") { Description = "Explicit biases, layers separated by ';', e.g. 0.35,0.35;0.6,0.6." };
        var biasMode = new Option<string>("--bias-mode") { Description = "trainable, frozen or none.", DefaultValueFactory = _ => "trainable" };
        var fd = new Option<bool>("--finite-differences") { Description = "Show each gradient's finite-difference estimate beside it." };
        var markdown = new Option<bool>("--markdown") { Description = "Print Markdown tables instead of console tables." };
        var diagram = new Option<string?>("--diagram") { Description = "Write the network picture to FILE.svg or FILE.png." }.OutputFile(".svg", ".png");
        var dot = new Option<string?>("--dot") { Description = "Write the network as Graphviz DOT to FILE.dot." }.OutputFile();
        var html = new Option<string?>("--html") { Description = "Write the explainer page to FILE.html: the step in a browser, stage by stage, every weight's chain rule (records the finite differences too)." }.OutputFile(".html");
        var precision = PrecisionOption.ForLoaded();
        precision.Description = "Trace the step in float32 or float64 (default: float64, or the model's own).";
        var chain = new Option<string?>("--chain") { Description = "Show the chain rule of one weight: w5 (one hidden layer) or LAYER,NEURON,INPUT (1-based)." };

        var command = new Command("explain", "Trace one training step of a network you describe, or of a saved or ONNX model's (--model): every net, out, δ and ∂E/∂w, as tables, Markdown, JSON or a picture.")
        {
            sizes, model, activation, outputActivation, loss, input, target, learningRate, seed, weights, biases, biasMode, fd, markdown, diagram, dot, html, chain,
            precision,
        };
        ExplainModel.AddChecks(command, sizes, model);
        command.SetAction(r => Cli.Guarded(() =>
        {
            Network network;
            double[] x, t;
            var page = new TraceHtmlOptions { Title = "Backprop: one training step, traced" };
            if (r.GetValue(model) is { } path)
            {
                var loaded = PrecisionOption.Apply(OnnxCommands.LoadModel(path), r.GetValue(precision));
                page = PageOptions(loaded, path);
                var lossOverride = r.GetResult(loss) is { Implicit: false } ? TrainSettings.Named("--loss", r.GetValue(loss)!, Loss.Parse) : null;
                (network, x, t) = ExplainModel.Prepare(loaded, lossOverride, r.GetValue(input), r.GetValue(target), r.GetValue(seed));
                if (!r.GetValue(json)) Console.WriteLine(ExplainModel.Describe(loaded, path, r.GetValue(input) is not null));
            }
            else
            {
                (network, x, t) = Described(r, sizes, activation, outputActivation, loss, input, target, seed, weights, biases, biasMode);
                if (r.GetValue(precision) is { } typed) network = network.ToPrecision(PrecisionOption.Parse(typed));
            }
            Trace(r, network, x, t, learningRate, fd, chain, json, markdown, (diagram, dot, html, page));
            return 0;
        }));
        return command;
    }

    /// <summary>The network --sizes and its options describe, with its sample and target.</summary>
    private static (Network, double[], double[]) Described(ParseResult r, Option<string?> sizes, Option<string> activation,
        Option<string?> outputActivation, Option<string> loss, Option<string?> input, Option<string?> target, Option<int> seed,
        Option<string?> weights, Option<string?> biases, Option<string> biasMode)
    {
        string sizesText = r.GetValue(sizes)!;
        var layerSizes = TrainCommand.ParseHidden(sizesText, "--sizes");
        if (layerSizes.Count < 2) throw new ArgumentException($"--sizes {sizesText}: needs at least an input and an output size, e.g. 2,2.");
        NetworkSize.Check("--sizes", sizesText, layerSizes, columns: 1);
        var lossFn = TrainSettings.Named("--loss", r.GetValue(loss)!, Loss.Parse);
        var hidden = TrainSettings.Named("--activation", r.GetValue(activation)!, Activation.Parse);
        var output = r.GetValue(outputActivation) is { } o ? TrainSettings.Named("--output-activation", o, Activation.Parse)
            : lossFn is CategoricalCrossEntropy ? Activation.Softmax : hidden;
        var mode = r.GetValue(biasMode) switch
        {
            "trainable" => BiasMode.Trainable, "frozen" => BiasMode.Frozen, "none" => BiasMode.None,
            var other => throw new ArgumentException($"--bias-mode {other}: unknown bias mode; use trainable, frozen or none."),
        };
        int s = r.GetValue(seed);
        var defs = layerSizes.Skip(1).Select((n, l) => new LayerDefinition(n, l == layerSizes.Count - 2 ? output : hidden, mode)).ToArray();
        if (r.GetValue(weights) is null && r.GetValue(biases) is { } alone)
            throw new ArgumentException($"--biases {alone}: explicit biases go with explicit --weights; give both, or neither for seeded ones.");
        IWeightInitializer init = r.GetValue(weights) is { } w
            ? Explicit(w, r.GetValue(biases), layerSizes)
            : new UniformInitializer();
        var network = Network.Create(layerSizes[0], defs, init, s, lossFn);
        var random = new Random(s + 1);
        var x = r.GetValue(input) is { } xi ? Numbers(xi, "--input", layerSizes[0]) : Enumerable.Range(0, layerSizes[0]).Select(_ => random.NextDouble()).ToArray();
        var t = r.GetValue(target) is { } ti ? Numbers(ti, "--target", layerSizes[^1])
            : lossFn is CategoricalCrossEntropy ? Enumerable.Range(0, layerSizes[^1]).Select(k => k == 0 ? 1.0 : 0.0).ToArray()
            : Enumerable.Range(0, layerSizes[^1]).Select(_ => random.NextDouble()).ToArray();
        return (network, x, t);
    }

    /// <summary>Records the step and prints it (and the pictures asked for).</summary>
    private static void Trace(ParseResult r, Network network, double[] x, double[] t, Option<double> learningRate, Option<bool> fd,
        Option<string?> chain, Option<bool> json, Option<bool> markdown,
        (Option<string?> Diagram, Option<string?> Dot, Option<string?> Html, TraceHtmlOptions Page) files)
    {
        var (diagram, dot, html, page) = files;
        var trace = StepTrace.Record(network, Vector<double>.Build.DenseOfArray(x), Vector<double>.Build.DenseOfArray(t),
            new Sgd(r.GetValue(learningRate)), r.GetValue(fd) || r.GetValue(html) is not null);
        var rule = r.GetValue(chain) is { } c ? ParseChain(c, trace) : null;
        Write(trace, rule, r.GetValue(json), r.GetValue(markdown));
        if (r.GetValue(diagram) is { } d)
        {
            NetworkDiagram.Save(trace, d, EdgeDetail.Gradient | EdgeDetail.Updated);
            if (!r.GetValue(json)) Console.WriteLine($"diagram written to {d}");
        }
        if (r.GetValue(dot) is { } dotPath)
        {
            File.WriteAllText(dotPath, NetworkDiagram.ToDot(trace, EdgeDetail.Gradient | EdgeDetail.Updated));
            if (!r.GetValue(json)) Console.WriteLine($"DOT written to {dotPath}");
        }
        if (r.GetValue(html) is { } htmlPath)
        {
            TraceHtml.Write(trace, htmlPath, page);
            if (!r.GetValue(json)) Console.WriteLine($"explainer page written to {htmlPath} (open it in a browser)");
        }
    }

    /// <summary>The page's names from a loaded model: its feature names and its class or target names.</summary>
    private static TraceHtmlOptions PageOptions(Model model, string path)
    {
        int inputs = model.Network.InputSize;
        var outputs = model.ClassNames ?? model.TargetNames;
        return new TraceHtmlOptions
        {
            Title = $"Backprop: one training step of {Path.GetFileName(path)}",
            InputNames = model.FeatureNames.Count == inputs ? model.FeatureNames : null,
            OutputNames = outputs is not null && outputs.Count == model.Network.OutputSize ? outputs : null,
        };
    }

    /// <summary>Prints a trace (and a chain rule) as JSON, Markdown or console tables.</summary>
    public static void Write(StepTrace trace, ChainRule? rule, bool json, bool markdown)
    {
        if (json)
        {
            var doc = TraceJson.ToJson(trace);
            if (rule is not null)
                doc["chain_rule"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["weight"] = rule.Weight,
                    ["unambiguous"] = rule.Unambiguous,
                    ["factors"] = new System.Text.Json.Nodes.JsonArray(rule.Factors.Select(f => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject { ["label"] = f.Label, ["value"] = f.Value }).ToArray()),
                    ["gradient"] = rule.Gradient,
                };
            Console.WriteLine(Json.Write(doc));
        }
        else if (markdown)
        {
            Console.Write(TraceMarkdown.Write(trace));
            if (rule is not null) Console.Write(Environment.NewLine + TraceMarkdown.Write(rule));
        }
        else
        {
            AnsiConsole.Write(TraceTables.Render(trace));
            if (rule is not null) AnsiConsole.Write(TraceTables.Render(rule));
        }
    }

    /// <summary>Parses "w5" (one hidden layer) or "LAYER,NEURON,INPUT" (1-based).</summary>
    public static ChainRule ParseChain(string text, StepTrace trace)
    {
        var names = TraceNames.For(trace);
        for (int l = 0; l < trace.Layers.Count; l++)
        {
            var w = trace.Layers[l].WeightsBefore;
            for (int j = 0; j < w.RowCount; j++)
            for (int i = 0; i < w.ColumnCount; i++)
                if (text == names.Weight(l, j, i, w.ColumnCount) || text == names.Unambiguous(l, j, i)) return ChainRule.For(trace, l, j, i);
        }
        var parts = text.Split(',');
        if (parts.Length == 3 && parts.All(p => int.TryParse(p, NumberStyles.None, C, out _)))
        {
            var (l, j, i) = (int.Parse(parts[0], C) - 1, int.Parse(parts[1], C) - 1, int.Parse(parts[2], C) - 1);
            try { return ChainRule.For(trace, l, j, i); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"--chain {text}: {Cli.Message(e)}"); }
        }
        throw new ArgumentException($"--chain {text}: no weight of that name; name one as the tables do (e.g. w5 or w[o1←h1]) or give LAYER,NEURON,INPUT (1-based).");
    }

    private static double[] Numbers(string text, string option, int expected)
    {
        var values = text.Split(',').Select(p => double.TryParse(p.Trim(), NumberStyles.Float, C, out double v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"{option} {text}: '{p.Trim()}' is not a finite number.")).ToArray();
        if (values.Length != expected)
            throw new ArgumentException($"{option} {text}: {values.Length} values, but the network needs {expected}.");
        return values;
    }

    private static ExplicitInitializer Explicit(string weights, string? biases, IReadOnlyList<int> sizes)
    {
        var w = weights.Split(';');
        var b = biases?.Split(';');
        if (w.Length != sizes.Count - 1)
            throw new ArgumentException($"--weights has {w.Length} layers (separated by ';') but --sizes describes {sizes.Count - 1}.");
        if (b is not null && b.Length != sizes.Count - 1)
            throw new ArgumentException($"--biases has {b.Length} layers (separated by ';') but --sizes describes {sizes.Count - 1}.");
        return new ExplicitInitializer(Enumerable.Range(0, w.Length).Select(l =>
        {
            int rows = sizes[l + 1], cols = sizes[l];
            var flat = Numbers(w[l], $"--weights layer {l + 1}", rows * cols);
            var matrix = new double[rows, cols];
            for (int k = 0; k < flat.Length; k++) matrix[k / cols, k % cols] = flat[k];
            return (matrix, b is null ? (double[]?)null : Numbers(b[l], $"--biases layer {l + 1}", rows));
        }).ToArray());
    }
}
