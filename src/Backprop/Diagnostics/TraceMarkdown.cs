using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>Writes a <see cref="StepTrace"/> as Markdown tables: forward pass, dropout (when a layer has it), loss,
/// backward pass, weights, biases.</summary>
public static class TraceMarkdown
{
    /// <summary>The trace as Markdown.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="digits">Significant digits of each number (default 12).</param>
    public static string Write(StepTrace trace, int digits = 12)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var names = TraceNames.For(trace);
        string F(double x) => x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine($"# One training step ({trace.Optimizer}, η = {F(trace.LearningRate)}, loss {trace.LossName})").AppendLine();
        s.AppendLine("## Forward pass").AppendLine();
        s.AppendLine("| neuron | net | out | activation |").AppendLine("|---|---|---|---|");
        for (int i = 0; i < trace.Input.Count; i++) s.AppendLine($"| {TraceNames.Input(i)} | | {F(trace.Input[i])} | input |");
        foreach (var l in trace.Layers)
            for (int j = 0; j < l.Out.Count; j++)
                s.AppendLine($"| {names.Neuron(l.Index, j)} | {F(l.Net[j])} | {F(l.Out[j])} | {l.Activation} |");
        if (trace.Layers.Any(l => l.Mask.Count > 0))
        {
            s.AppendLine().AppendLine("## Dropout").AppendLine();
            s.AppendLine("out′ = out·m/(1 − p) is what the next layer reads; the backward pass multiplies ∂E/∂out′ by the same m/(1 − p).").AppendLine();
            s.AppendLine("| neuron | p | out | mask m | out′ |").AppendLine("|---|---|---|---|---|");
            foreach (var l in trace.Layers.Where(l => l.Mask.Count > 0))
                for (int j = 0; j < l.Out.Count; j++)
                    s.AppendLine($"| {names.Neuron(l.Index, j)} | {F(l.Dropout)} | {F(l.Out[j])} | {F(l.Mask[j])} | {F(l.DroppedOut[j])} |");
        }
        s.AppendLine().AppendLine("## Loss").AppendLine();
        s.AppendLine("| output | target | out | E term |").AppendLine("|---|---|---|---|");
        for (int k = 0; k < trace.Output.Count; k++)
            s.AppendLine($"| {names.Neuron(trace.Layers.Count - 1, k)} | {F(trace.Target[k])} | {F(trace.Output[k])} | {F(trace.LossTerms[k])} |");
        s.AppendLine().AppendLine($"{(names.BlogStyle ? "E_total" : "E")} = {F(trace.Loss)}").AppendLine();
        s.AppendLine("## Backward pass").AppendLine();
        s.AppendLine("| neuron | ∂E/∂out | ∂out/∂net | δ = ∂E/∂net |").AppendLine("|---|---|---|---|");
        foreach (var l in trace.Layers.Reverse())
            for (int j = 0; j < l.Out.Count; j++)
                s.AppendLine($"| {names.Neuron(l.Index, j)} | {F(l.OutputGradient[j])} | {(l.IsElementwise ? F(l.Derivative[j]) : "(Jacobian)")} | {F(l.Delta[j])} |");
        s.AppendLine().AppendLine("## Weights").AppendLine();
        bool fd = trace.HasFiniteDifferences;
        s.AppendLine(fd ? "| weight | name | before | ∂E/∂w | finite difference | after |" : "| weight | name | before | ∂E/∂w | after |")
         .AppendLine(fd ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var l in trace.Layers)
            for (int j = 0; j < l.WeightsBefore.RowCount; j++)
            for (int i = 0; i < l.WeightsBefore.ColumnCount; i++)
            {
                string numeric = fd ? $" {F(l.NumericWeightGradient![j, i])} |" : "";
                s.AppendLine($"| {names.Weight(l.Index, j, i, l.WeightsBefore.ColumnCount)} | {names.Unambiguous(l.Index, j, i)} | " +
                             $"{F(l.WeightsBefore[j, i])} | {F(l.WeightGradient[j, i])} |{numeric} {F(l.WeightsAfter[j, i])} |");
            }
        if (trace.Layers.Any(l => l.BiasMode != BiasMode.None))
        {
            s.AppendLine().AppendLine("## Biases").AppendLine();
            s.AppendLine(fd ? "| bias | mode | before | ∂E/∂b | finite difference | after |" : "| bias | mode | before | ∂E/∂b | after |")
             .AppendLine(fd ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
            foreach (var l in trace.Layers.Where(l => l.BiasMode != BiasMode.None))
                for (int j = 0; j < l.BiasBefore.Count; j++)
                {
                    string numeric = fd ? $" {F(l.NumericBiasGradient![j])} |" : "";
                    s.AppendLine($"| {names.Bias(l.Index, j)} | {l.BiasMode.ToString().ToLowerInvariant()} | {F(l.BiasBefore[j])} | " +
                                 $"{F(l.BiasGradient[j])} |{numeric} {F(l.BiasAfter[j])} |");
                }
        }
        return s.ToString();
    }

    /// <summary>A chain rule as Markdown: the product, then the factors and, for a hidden weight, the sum behind ∂E/∂out.</summary>
    /// <param name="rule">The chain rule.</param>
    /// <param name="digits">Significant digits (default 12).</param>
    public static string Write(ChainRule rule, int digits = 12)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string F(double x) => x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine($"∂{rule.Loss}/∂{rule.Weight} ({rule.Unambiguous}) = {string.Join(" × ", rule.Factors.Select(f => F(f.Value)))} = {F(rule.Product)}").AppendLine();
        s.AppendLine("| factor | value |").AppendLine("|---|---|");
        foreach (var f in rule.Factors) s.AppendLine($"| {f.Label} | {F(f.Value)} |");
        foreach (var t in rule.OutputGradientTerms) s.AppendLine($"| {t.Label} | {F(t.Value)} |");
        return s.ToString();
    }
}
