using System.Globalization;
using System.Text.Json.Nodes;

namespace Backprop.Visualization;

/// <summary>
/// The data a <see cref="TraceHtml"/> page shows: each step's <see cref="TraceJson"/> document, extended with what
/// the page displays beside it, all computed here so that the page's script only displays: the terms of each
/// net (w·x per input, and the bias), of each hidden ∂E/∂out (δ_k·w_kj, from <see cref="ChainRule"/>), each loss
/// term, and each weight's chain-rule factors, their product and its update.
/// </summary>
internal static class ExplainerData
{
    /// <summary>The page's document: its title, the network's shape and names, the loss's formulas and the steps.</summary>
    public static JsonObject Build(IReadOnlyList<StepTrace> steps, TraceHtmlOptions options)
    {
        var first = steps[0];
        var names = TraceNames.For(first);
        var last = first.Layers[^1];
        var document = new JsonObject
        {
            ["title"] = options.Title,
            ["digits"] = options.Digits,
            ["blog_style"] = names.BlogStyle,
            ["loss_label"] = names.BlogStyle ? "E_total" : "E",
            ["inputs"] = Names(first.Input.Count, TraceNames.Input, options.InputNames),
            ["outputs"] = Names(last.Out.Count, j => names.Neuron(first.Layers.Count - 1, j), options.OutputNames),
            ["loss"] = LossFormulas(first.LossName, last.Out.Count),
            ["steps"] = new JsonArray([.. steps.Select((s, k) => (JsonNode)Step(s, options.StepNames?[k] ?? Caption(k, steps.Count)))]),
        };
        return document;
    }

    private static string Caption(int k, int count) =>
        count == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"step {k + 1} of {count}");

    /// <summary>Per input or output: its label (i1, o1) and the caller's name for it, if any.</summary>
    private static JsonArray Names(int count, Func<int, string> label, IReadOnlyList<string>? given) =>
        new([.. Enumerable.Range(0, count).Select(k => (JsonNode)new JsonObject { ["label"] = label(k), ["name"] = given?[k] })]);

    /// <summary>A step: the trace's JSON with the terms of every net, ∂E/∂out and chain rule added.</summary>
    private static JsonObject Step(StepTrace trace, string caption)
    {
        var names = TraceNames.For(trace);
        var json = TraceJson.ToJson(trace);
        var layers = json["layers"]!.AsArray();
        for (int l = 0; l < trace.Layers.Count; l++)
        {
            var layer = trace.Layers[l];
            var neurons = layers[l]!["neurons"]!.AsArray();
            var weights = layers[l]!["weights"]!.AsArray();
            int inputs = layer.WeightsBefore.ColumnCount;
            for (int j = 0; j < layer.Out.Count; j++)
            {
                var neuron = neurons[j]!.AsObject();
                neuron["net_terms"] = new JsonArray([.. Enumerable.Range(0, inputs).Select(i => (JsonNode)new JsonObject
                {
                    ["weight"] = names.Weight(l, j, i, inputs),
                    ["w"] = layer.WeightsBefore[j, i],
                    ["input"] = l == 0 ? TraceNames.Input(i) : names.Neuron(l - 1, i),
                    ["x"] = layer.Input[i],
                    ["product"] = layer.WeightsBefore[j, i] * layer.Input[i],
                })]);
                var rule = ChainRule.For(trace, l, j, 0);
                neuron["dE_dout_terms"] = Factors(rule.OutputGradientTerms);
                if (l == trace.Layers.Count - 1)
                {
                    neuron["target"] = trace.Target[j];
                    neuron["loss_term"] = trace.LossTerms[j];
                }
                for (int i = 0; i < inputs; i++)
                {
                    var weight = weights[j * inputs + i]!.AsObject();
                    var chain = ChainRule.For(trace, l, j, i);
                    weight["factors"] = Factors(chain.Factors);
                    weight["product"] = chain.Product;
                    weight["change"] = layer.WeightsAfter[j, i] - layer.WeightsBefore[j, i];
                    weight["from"] = l == 0 ? TraceNames.Input(i) : names.Neuron(l - 1, i);
                    weight["to"] = names.Neuron(l, j);
                }
            }
        }
        json["caption"] = caption;
        json["sgd"] = trace.Optimizer == nameof(Sgd);
        if (json["sgd"]!.GetValue<bool>())
        {
            // η·∂E/∂w per weight, the SGD step the blog writes out; other rules show before → after only.
            for (int l = 0; l < trace.Layers.Count; l++)
                foreach (var w in layers[l]!["weights"]!.AsArray())
                    w!["eta_gradient"] = trace.LearningRate * w["dE_dw"]!.GetValue<double>();
        }
        return json;
    }

    private static JsonArray Factors(IEnumerable<ChainFactor> factors) =>
        new([.. factors.Select(f => (JsonNode)new JsonObject { ["label"] = f.Label, ["value"] = f.Value })]);

    /// <summary>How the page writes the loss: each output's term and ∂E/∂out, by the loss's name.</summary>
    private static JsonObject LossFormulas(string loss, int outputs)
    {
        string k = outputs.ToString(CultureInfo.InvariantCulture);
        var (term, derivative) = loss switch
        {
            "half-squared-error" => ("½(target − out)²", "−(target − out)"),
            "mse" => ($"(target − out)²/{k}", $"−2(target − out)/{k}"),
            "binary-cross-entropy" => ("−[target·ln out + (1 − target)·ln(1 − out)]", "(out − target)/(out·(1 − out))"),
            "categorical-cross-entropy" => ("−target·ln out", "−target/out"),
            _ => ("E(target, out)", "∂E/∂out"),
        };
        return new JsonObject { ["name"] = loss, ["term"] = term, ["derivative"] = derivative };
    }
}
