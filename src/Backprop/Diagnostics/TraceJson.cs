using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>Writes a <see cref="StepTrace"/> as JSON: every number at full precision, each with its label. A layer
/// with dropout also has <c>"dropout"</c> (p) and each of its neurons <c>"mask"</c> (m, 0 or 1) and
/// <c>"dropped_out"</c> (out′ = out·m/(1 − p)); a layer without has none of these fields.</summary>
public static class TraceJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The trace as a JSON document.</summary>
    /// <param name="trace">The trace.</param>
    public static JsonObject ToJson(StepTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var names = TraceNames.For(trace);
        var layers = new JsonArray();
        foreach (var l in trace.Layers)
        {
            var neurons = new JsonArray();
            for (int j = 0; j < l.Out.Count; j++)
            {
                var neuron = new JsonObject
                {
                    ["name"] = names.Neuron(l.Index, j),
                    ["net"] = l.Net[j],
                    ["out"] = l.Out[j],
                    ["dout_dnet"] = l.Derivative[j],
                    ["dE_dout"] = l.OutputGradient[j],
                    ["delta"] = l.Delta[j],
                    ["bias"] = l.BiasMode == BiasMode.None ? null : new JsonObject
                    {
                        ["name"] = names.Bias(l.Index, j),
                        ["before"] = l.BiasBefore[j],
                        ["dE_db"] = l.BiasGradient[j],
                        ["finite_difference"] = l.NumericBiasGradient?[j],
                        ["after"] = l.BiasAfter[j],
                    },
                };
                if (l.Mask.Count > 0)
                {
                    // After "out", as the step computed them: the mask, then what the next layer read.
                    neuron.Insert(3, "mask", l.Mask[j]);
                    neuron.Insert(4, "dropped_out", l.DroppedOut[j]);
                }
                neurons.Add(neuron);
            }
            var weights = new JsonArray();
            for (int j = 0; j < l.WeightsBefore.RowCount; j++)
            for (int i = 0; i < l.WeightsBefore.ColumnCount; i++)
                weights.Add(new JsonObject
                {
                    ["name"] = names.Weight(l.Index, j, i, l.WeightsBefore.ColumnCount),
                    ["unambiguous"] = names.Unambiguous(l.Index, j, i),
                    ["row"] = j,
                    ["column"] = i,
                    ["before"] = l.WeightsBefore[j, i],
                    ["dE_dw"] = l.WeightGradient[j, i],
                    ["finite_difference"] = l.NumericWeightGradient?[j, i],
                    ["after"] = l.WeightsAfter[j, i],
                });
            var layer = new JsonObject
            {
                ["index"] = l.Index,
                ["activation"] = l.Activation,
                ["bias_mode"] = l.BiasMode.ToString(),
                ["input"] = Array(l.Input),
                ["neurons"] = neurons,
                ["jacobian"] = Rows(l.Jacobian),
                ["weights"] = weights,
            };
            if (l.Dropout != 0) layer.Insert(3, "dropout", l.Dropout);
            layers.Add(layer);
        }
        return new JsonObject
        {
            ["optimizer"] = trace.Optimizer,
            ["learning_rate"] = trace.LearningRate,
            ["loss_function"] = trace.LossName,
            ["input"] = Array(trace.Input),
            ["target"] = Array(trace.Target),
            ["output"] = Array(trace.Output),
            ["loss_terms"] = Array(trace.LossTerms),
            ["loss"] = trace.Loss,
            ["layers"] = layers,
        };
    }

    /// <summary>The trace as indented JSON text.</summary>
    /// <param name="trace">The trace.</param>
    public static string Write(StepTrace trace) => ToJson(trace).ToJsonString(Indented);

    private static JsonArray Array(IEnumerable<double> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    private static JsonArray Rows(Matrix<double> m) => new(Enumerable.Range(0, m.RowCount).Select(i => (JsonNode?)Array(m.Row(i))).ToArray());
}
