using System.Text.Json.Nodes;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>
/// What each number the page marks with a key (data-key) must be, read from the trace: the narration's
/// (<c>net:h1</c>, <c>delta:o1</c>, <c>E</c>), a weight's details (<c>factor0</c>, <c>product</c>, <c>after</c>) and a
/// neuron's (<c>net_term0</c>, <c>dout_dnet</c>, <c>delta</c>).
/// </summary>
internal static class ShownValues
{
    /// <summary>Checks every keyed number of a report part against the trace, to the digits the page prints, and
    /// returns how many were checked.</summary>
    public static int CheckAll(JsonObject values, Func<string, double?> expected, string where)
    {
        int checkedCount = 0;
        foreach (var (key, node) in values)
        {
            if (key == "title") continue;
            double? value = expected(key);
            value.Should().NotBeNull($"{where}: the key {key} should name a number of the trace");
            PageRun.Parse((string)node!).Should().Be(PageRun.Printed(value!.Value), $"{where}: {key} is {value:R} in the trace");
            checkedCount++;
        }
        return checkedCount;
    }

    /// <summary>A stage's narration number: net:h1, out:o1, target:o1, E:o1, dE_dout:h1, dout_dnet:h1, delta:h1, E or eta.</summary>
    public static double? Stage(StepTrace trace, string key)
    {
        if (key == "E") return trace.Loss;
        if (key == "eta") return trace.LearningRate;
        var parts = key.Split(':', 2);
        if (parts.Length != 2 || Neuron(trace, parts[1]) is not var (l, j)) return null;
        var layer = trace.Layers[l];
        return parts[0] switch
        {
            "net" => layer.Net[j],
            "out" => layer.Out[j],
            "target" => trace.Target[j],
            "E" => trace.LossTerms[j],
            "dE_dout" => layer.OutputGradient[j],
            "dout_dnet" => layer.Derivative[j],
            "delta" => layer.Delta[j],
            _ => null,
        };
    }

    /// <summary>A weight's details number.</summary>
    public static double? Weight(StepTrace trace, int l, int j, int i, string key)
    {
        var rule = ChainRule.For(trace, l, j, i);
        var layer = trace.Layers[l];
        if (Indexed(key, "factor") is { } f) return f < rule.Factors.Count ? rule.Factors[f].Value : null;
        if (Indexed(key, "term") is { } k) return k < rule.OutputGradientTerms.Count ? rule.OutputGradientTerms[k].Value : null;
        return key switch
        {
            "product" => rule.Product,
            "gradient" => layer.WeightGradient[j, i],
            "fd" => layer.NumericWeightGradient![j, i],
            "dE_dout" => layer.OutputGradient[j],
            "before" => layer.WeightsBefore[j, i],
            "eta_gradient" => trace.LearningRate * layer.WeightGradient[j, i],
            "after" => layer.WeightsAfter[j, i],
            _ => null,
        };
    }

    /// <summary>A neuron's details number.</summary>
    public static double? Neuron(StepTrace trace, int l, int j, string key)
    {
        var layer = trace.Layers[l];
        if (Indexed(key, "net_term") is { } n) return layer.WeightsBefore[j, n] * layer.Input[n];
        if (Indexed(key, "term") is { } k) return ChainRule.For(trace, l, j, 0).OutputGradientTerms[k].Value;
        return key switch
        {
            "bias" => layer.BiasBefore[j],
            "bias_after" => layer.BiasAfter[j],
            "net" => layer.Net[j],
            "out" => layer.Out[j],
            "dout_dnet" => layer.Derivative[j],
            "dE_dout" => layer.OutputGradient[j],
            "delta" => layer.Delta[j],
            "target" => trace.Target[j],
            "loss_term" => trace.LossTerms[j],
            _ => null,
        };
    }

    /// <summary>The layer and neuron of a name such as h1 or l2:j3.</summary>
    public static (int Layer, int Neuron)? Neuron(StepTrace trace, string name)
    {
        var names = TraceNames.For(trace);
        for (int l = 0; l < trace.Layers.Count; l++)
        for (int j = 0; j < trace.Layers[l].Out.Count; j++)
            if (names.Neuron(l, j) == name) return (l, j);
        return null;
    }

    private static int? Indexed(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(prefix.Length), out int k) ? k : null;
}
