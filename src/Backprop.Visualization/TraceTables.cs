using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Visualization;

/// <summary>Console tables (Spectre.Console) of a <see cref="StepTrace"/>: forward pass, dropout (when a layer has
/// it), loss, backward pass, weights, biases.</summary>
public static class TraceTables
{
    /// <summary>The trace as console tables, one per section.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="digits">Significant digits of each number (default 12).</param>
    public static IRenderable Render(StepTrace trace, int digits = 12)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var names = TraceNames.For(trace);
        string F(double x) => x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        string E = names.BlogStyle ? "E_total" : "E";

        var forward = Table("The forward pass", "neuron", "net", "out", "activation");
        for (int i = 0; i < trace.Input.Count; i++) forward.AddRow(TraceNames.Input(i), "", F(trace.Input[i]), "input");
        foreach (var l in trace.Layers)
            for (int j = 0; j < l.Out.Count; j++)
                forward.AddRow(names.Neuron(l.Index, j), F(l.Net[j]), F(l.Out[j]), l.Activation);

        var parts = new List<IRenderable> { forward };
        if (trace.Layers.Any(l => l.Mask.Count > 0))
        {
            var dropout = Table("Dropout: out′ = out·m/(1 − p), what the next layer reads", "neuron", "p", "out", "mask m", "out′");
            foreach (var l in trace.Layers.Where(l => l.Mask.Count > 0))
                for (int j = 0; j < l.Out.Count; j++)
                    dropout.AddRow(names.Neuron(l.Index, j), F(l.Dropout), F(l.Out[j]), F(l.Mask[j]), F(l.DroppedOut[j]));
            parts.Add(dropout);
        }

        var loss = Table($"The loss ({trace.LossName})", "output", "target", "out", "E term");
        for (int k = 0; k < trace.Output.Count; k++)
            loss.AddRow("E_" + names.Neuron(trace.Layers.Count - 1, k), F(trace.Target[k]), F(trace.Output[k]), F(trace.LossTerms[k]));
        loss.AddRow(E, "", "", F(trace.Loss));

        var backward = Table("The backwards pass", "neuron", $"∂{E}/∂out", "∂out/∂net", $"δ = ∂{E}/∂net");
        foreach (var l in trace.Layers.Reverse())
            for (int j = 0; j < l.Out.Count; j++)
                backward.AddRow(names.Neuron(l.Index, j), F(l.OutputGradient[j]), l.IsElementwise ? F(l.Derivative[j]) : "(Jacobian)", F(l.Delta[j]));

        bool fd = trace.HasFiniteDifferences;
        var weights = fd
            ? Table($"The weights (η = {F(trace.LearningRate)})", "weight", "name", "before", $"∂{E}/∂w", "finite difference", "after")
            : Table($"The weights (η = {F(trace.LearningRate)})", "weight", "name", "before", $"∂{E}/∂w", "after");
        foreach (var l in trace.Layers)
            for (int j = 0; j < l.WeightsBefore.RowCount; j++)
            for (int i = 0; i < l.WeightsBefore.ColumnCount; i++)
            {
                var cells = new List<string> { names.Weight(l.Index, j, i, l.WeightsBefore.ColumnCount), names.Unambiguous(l.Index, j, i), F(l.WeightsBefore[j, i]), F(l.WeightGradient[j, i]) };
                if (fd) cells.Add(F(l.NumericWeightGradient![j, i]));
                cells.Add(F(l.WeightsAfter[j, i]));
                weights.AddRow(cells.Select(Markup.Escape).ToArray());
            }

        parts.AddRange([loss, backward, weights]);
        if (trace.Layers.Any(l => l.BiasMode != BiasMode.None))
        {
            var biases = fd
                ? Table("The biases", "bias", "mode", "before", $"∂{E}/∂b", "finite difference", "after")
                : Table("The biases", "bias", "mode", "before", $"∂{E}/∂b", "after");
            foreach (var l in trace.Layers.Where(l => l.BiasMode != BiasMode.None))
                for (int j = 0; j < l.BiasBefore.Count; j++)
                {
                    var cells = new List<string> { names.Bias(l.Index, j), l.BiasMode.ToString().ToLowerInvariant(), F(l.BiasBefore[j]), F(l.BiasGradient[j]) };
                    if (fd) cells.Add(F(l.NumericBiasGradient![j]));
                    cells.Add(F(l.BiasAfter[j]));
                    biases.AddRow(cells.Select(Markup.Escape).ToArray());
                }
            parts.Add(biases);
        }
        return new Rows(parts);
    }

    /// <summary>A chain rule as a table: each factor, and for a hidden weight the terms of ∂E/∂out.</summary>
    /// <param name="rule">The chain rule.</param>
    /// <param name="digits">Significant digits (default 12).</param>
    public static IRenderable Render(ChainRule rule, int digits = 12)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string F(double x) => x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var table = Table($"∂{rule.Loss}/∂{rule.Weight} ({rule.Unambiguous})", "factor", "value");
        table.Caption = new TableTitle(Markup.Escape($"= {string.Join(" × ", rule.Factors.Select(f => F(f.Value)))} = {F(rule.Product)}"));
        foreach (var f in rule.Factors) table.AddRow(Markup.Escape(f.Label), F(f.Value));
        foreach (var t in rule.OutputGradientTerms) table.AddRow(Markup.Escape("  " + t.Label), F(t.Value));
        return table;
    }

    private static Table Table(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)) { Alignment = c is "neuron" or "weight" or "name" or "bias" or "mode" or "activation" or "output" or "factor" ? Justify.Left : Justify.Right });
        return table;
    }
}
