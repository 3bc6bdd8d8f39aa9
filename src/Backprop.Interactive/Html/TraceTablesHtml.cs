using System.Text;
using static Backprop.Interactive.HtmlText;

namespace Backprop.Interactive;

/// <summary>
/// A <see cref="StepTrace"/> as HTML tables, with the labels of <see cref="TraceNames"/> (the blog's i1, h1, o1,
/// w1..w8 for one hidden layer): the forward pass, the loss, the backward pass, the weights and the biases.
/// </summary>
internal static class TraceTablesHtml
{
    public static string Render(StepTrace trace)
    {
        var names = TraceNames.For(trace);
        string total = names.BlogStyle ? "E_total" : "E";
        var html = new StringBuilder("<div class=\"backprop-trace\">");
        html.Paragraph($"One training step: {trace.Optimizer}, η = {Number(trace.LearningRate)}, loss {trace.LossName}; {total} = {Number(trace.Loss)}");

        var forward = Enumerable.Range(0, trace.Input.Count)
            .Select(i => (IReadOnlyList<string>)[TraceNames.Input(i), "", Number(trace.Input[i]), "input"])
            .Concat(trace.Layers.SelectMany(l => Enumerable.Range(0, l.Out.Count)
                .Select(j => (IReadOnlyList<string>)[names.Neuron(l.Index, j), Number(l.Net[j]), Number(l.Out[j]), l.Activation])));
        html.Table("Forward pass", ["neuron", "net", "out", "activation"], forward);

        int last = trace.Layers.Count - 1;
        var loss = Enumerable.Range(0, trace.Output.Count)
            .Select(k => (IReadOnlyList<string>)[names.Neuron(last, k), Number(trace.Target[k]), Number(trace.Output[k]), Number(trace.LossTerms[k])])
            .Append([total, "", "", Number(trace.Loss)]);
        html.Table("Loss", ["output", "target", "out", "E term"], loss);

        var backward = trace.Layers.Reverse().SelectMany(l => Enumerable.Range(0, l.Out.Count)
            .Select(j => (IReadOnlyList<string>)[names.Neuron(l.Index, j), Number(l.OutputGradient[j]),
                l.IsElementwise ? Number(l.Derivative[j]) : "(Jacobian)", Number(l.Delta[j])]));
        html.Table("Backward pass", ["neuron", "∂E/∂out", "∂out/∂net", "δ = ∂E/∂net"], backward);

        bool fd = trace.HasFiniteDifferences;
        var weights = trace.Layers.SelectMany(l =>
            from j in Enumerable.Range(0, l.WeightsBefore.RowCount)
            from i in Enumerable.Range(0, l.WeightsBefore.ColumnCount)
            select WeightRow(names, l, j, i, fd));
        html.Table("Weights", fd ? ["weight", "name", "before", "∂E/∂w", "finite difference", "after"] : ["weight", "name", "before", "∂E/∂w", "after"], weights);

        var biased = trace.Layers.Where(l => l.BiasMode != BiasMode.None).ToList();
        if (biased.Count > 0)
        {
            var biases = biased.SelectMany(l => Enumerable.Range(0, l.BiasBefore.Count).Select(j => BiasRow(names, l, j, fd)));
            html.Table("Biases", fd ? ["bias", "mode", "before", "∂E/∂b", "finite difference", "after"] : ["bias", "mode", "before", "∂E/∂b", "after"], biases);
        }
        return html.Append("</div>").ToString();
    }

    private static List<string> WeightRow(TraceNames names, LayerTrace l, int j, int i, bool fd)
    {
        var row = new List<string>
        {
            names.Weight(l.Index, j, i, l.WeightsBefore.ColumnCount), names.Unambiguous(l.Index, j, i),
            Number(l.WeightsBefore[j, i]), Number(l.WeightGradient[j, i]),
        };
        if (fd) row.Add(Number(l.NumericWeightGradient![j, i]));
        row.Add(Number(l.WeightsAfter[j, i]));
        return row;
    }

    private static List<string> BiasRow(TraceNames names, LayerTrace l, int j, bool fd)
    {
        var row = new List<string> { names.Bias(l.Index, j), l.BiasMode.ToString().ToLowerInvariant(), Number(l.BiasBefore[j]), Number(l.BiasGradient[j]) };
        if (fd) row.Add(Number(l.NumericBiasGradient![j]));
        row.Add(Number(l.BiasAfter[j]));
        return row;
    }
}
