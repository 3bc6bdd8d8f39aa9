using System.Text;
using static Backprop.Interactive.HtmlText;

namespace Backprop.Interactive;

/// <summary>
/// A <see cref="Network"/> as HTML: its shape, parameters and loss, then one table per layer with a row per neuron:
/// the weights into it from each input (W is stored outputs × inputs, so row j is neuron j) and its bias.
/// </summary>
internal static class NetworkHtml
{
    /// <summary>At most this many neurons (rows) and inputs (columns) of a layer are listed, then "…": a notebook
    /// cell stays readable, and a 784-input layer does not become a page of numbers.</summary>
    public const int MaxListed = 16;

    private const string More = "…";

    public static string Render(Network network)
    {
        var html = new StringBuilder("<div class=\"backprop-network\">");
        string shape = string.Join("-", network.Layers.Select(l => Number(l.OutputSize)).Prepend(Number(network.InputSize)));
        html.Paragraph($"A {shape} network: {Number(network.ParameterCount)} trainable parameters, loss {network.Loss.Name}.");
        for (int l = 0; l < network.Layers.Count; l++) Layer(html, network.Layers[l], l);
        return html.Append("</div>").ToString();
    }

    private static void Layer(StringBuilder html, DenseLayer layer, int l)
    {
        string dropout = layer.Dropout == 0 ? "" : $", dropout {Number(layer.Dropout)}";
        string caption = $"layers[{Number(l)}]: {Number(layer.OutputSize)} × {Number(layer.InputSize)}, {layer.Activation.Name}, " +
                         $"bias {layer.BiasMode.ToString().ToLowerInvariant()}{dropout}";
        int inputs = Math.Min(layer.InputSize, MaxListed), neurons = Math.Min(layer.OutputSize, MaxListed);
        bool moreInputs = layer.InputSize > inputs, biased = layer.BiasMode != BiasMode.None;

        var header = new List<string> { "neuron" };
        header.AddRange(Enumerable.Range(0, inputs).Select(i => $"w from {(l == 0 ? "input" : "neuron")} {Number(i + 1)}"));
        if (moreInputs) header.Add(More);
        if (biased) header.Add("bias");

        var rows = new List<IReadOnlyList<string>>();
        for (int j = 0; j < neurons; j++)
        {
            var row = new List<string> { Number(j + 1) };
            row.AddRange(Enumerable.Range(0, inputs).Select(i => Number(layer.Weights[j, i])));
            if (moreInputs) row.Add(More);
            if (biased) row.Add(Number(layer.Bias[j]));
            rows.Add(row);
        }
        if (layer.OutputSize > neurons) rows.Add(Enumerable.Repeat(More, header.Count).ToList());
        html.Table(caption, header, rows);
    }
}
