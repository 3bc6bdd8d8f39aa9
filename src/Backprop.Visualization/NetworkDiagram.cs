using System.Globalization;
using ScottPlot;

namespace Backprop.Visualization;

/// <summary>What the edge labels of a <see cref="NetworkDiagram"/> show besides each weight.</summary>
[Flags]
public enum EdgeDetail
{
    /// <summary>The weight only (before the step).</summary>
    Weight = 0,

    /// <summary>Also ∂E/∂w.</summary>
    Gradient = 1,

    /// <summary>Also the weight after the step.</summary>
    Updated = 2,
}

/// <summary>
/// A picture of a network in the style of the blog's 2-2-2 figure: neurons as labelled circles in columns
/// (inputs, hidden layers, outputs), an edge per weight labelled with its name and value — optionally ∂E/∂w and
/// the updated value — and each layer's bias as a node feeding its neurons. Written as PNG or SVG (drawn with
/// ScottPlot), or as Graphviz DOT text.
/// </summary>
public static class NetworkDiagram
{
    /// <summary>Draws the network of a traced step, labelled as the trace names it.</summary>
    /// <param name="trace">The trace (its weights before the step, and its gradients and updates if asked).</param>
    /// <param name="path">The file to write (.png or .svg).</param>
    /// <param name="detail">What each edge label shows besides the weight (default the weight only).</param>
    /// <param name="width">The width in pixels (default 1200).</param>
    /// <param name="height">The height in pixels (default 700).</param>
    public static void Save(StepTrace trace, string path, EdgeDetail detail = EdgeDetail.Weight, int width = 1200, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var names = TraceNames.For(trace);
        var plot = new Plot();
        plot.Font.Set(TrainingPlots.FontName);
        plot.HideGrid();
        plot.Layout.Frameless();
        plot.Axes.Frameless();

        int columns = trace.Layers.Count + 1;
        int tallest = Math.Max(trace.Input.Count, trace.Layers.Max(l => l.Out.Count));
        double Y(int j, int count) => (tallest - 1) / 2.0 + (count - 1) / 2.0 - j;
        const double r = 0.2, S = 2.5; // S: the distance between layers, in the units of the vertical spacing
        double biasY = -0.75;
        var labels = new List<(string Text, double X, double Y)>();

        // Edges first, so that the circles cover their ends; their labels last, on top of everything.
        for (int l = 0; l < trace.Layers.Count; l++)
        {
            var layer = trace.Layers[l];
            int inputs = layer.WeightsBefore.ColumnCount, outputs = layer.WeightsBefore.RowCount;
            for (int j = 0; j < outputs; j++)
            for (int i = 0; i < inputs; i++)
            {
                var (x1, y1, x2, y2) = (S * l, Y(i, inputs), S * (l + 1), Y(j, outputs));
                var line = plot.Add.Line(x1, y1, x2, y2);
                line.LineWidth = 1.5f;
                line.Color = Colors.Gray;
                // Labels sit at staggered points along their edges so that neighbours do not overlap.
                double t = 0.3 + 0.4 * i / Math.Max(1, inputs - 1);
                string text = names.Weight(l, j, i, inputs) + " = " + F(layer.WeightsBefore[j, i]);
                if (detail.HasFlag(EdgeDetail.Gradient)) text += "\n∂E/∂w = " + F(layer.WeightGradient[j, i]);
                if (detail.HasFlag(EdgeDetail.Updated)) text += "\n→ " + F(layer.WeightsAfter[j, i]);
                labels.Add((text, x1 + t * (x2 - x1), y1 + t * (y2 - y1)));
            }
            if (layer.BiasMode == BiasMode.None) continue;
            for (int j = 0; j < outputs; j++)
            {
                var line = plot.Add.Line(S * (l + 0.5), biasY, S * (l + 1), Y(j, outputs));
                line.LineWidth = 1;
                line.Color = Colors.DarkGray;
                line.LinePattern = LinePattern.Dashed;
            }
        }

        // Bias nodes: one per layer, below it, feeding each of its neurons.
        foreach (var layer in trace.Layers.Where(l => l.BiasMode != BiasMode.None))
        {
            bool shared = layer.BiasBefore.Distinct().Count() == 1;
            string text = shared
                ? names.Bias(layer.Index, 0) + "\n" + F(layer.BiasBefore[0])
                : string.Join("\n", layer.BiasBefore.Select((b, j) => names.Bias(layer.Index, j) + " = " + F(b)));
            if (layer.BiasMode == BiasMode.Frozen) text += "\n(frozen)";
            Node(plot, S * (layer.Index + 0.5), biasY, shared ? r : r * 1.3, Colors.Khaki, text);
        }
        for (int i = 0; i < trace.Input.Count; i++)
            Node(plot, 0, Y(i, trace.Input.Count), r, Colors.LightSkyBlue, TraceNames.Input(i) + "\n" + F(trace.Input[i]));
        foreach (var layer in trace.Layers)
        {
            bool output = layer.Index == trace.Layers.Count - 1;
            for (int j = 0; j < layer.Out.Count; j++)
                Node(plot, S * (layer.Index + 1), Y(j, layer.Out.Count), r, output ? Colors.LightSalmon : Colors.LightGreen,
                    names.Neuron(layer.Index, j) + "\n" + F(layer.Out[j]));
        }
        foreach (var (text, x, y) in labels)
            Style(plot.Add.Text(text, x, y), 11, Colors.Black, Colors.White.WithAlpha(0.9));
        var title = plot.Add.Text($"{string.Join("-", new[] { trace.Input.Count }.Concat(trace.Layers.Select(l => l.Out.Count)))} network, " +
                                  $"{string.Join(" / ", trace.Layers.Select(l => l.Activation).Distinct())}, {trace.LossName}: E = {F(trace.Loss)}",
            S * (columns - 1) / 2.0, tallest - 0.35);
        Style(title, 14, Colors.Black, Colors.Transparent);
        plot.Axes.SetLimits(-0.5, S * (columns - 1) + 0.5, biasY - 0.4, tallest - 0.2);
        plot.Axes.SquareUnits();
        TrainingPlots.Save(plot, path, width, height);
    }

    /// <summary>The network of a trace as Graphviz DOT text (left to right, edges labelled with the weights).</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="detail">What each edge label shows besides the weight.</param>
    public static string ToDot(StepTrace trace, EdgeDetail detail = EdgeDetail.Weight)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var names = TraceNames.For(trace);
        var s = new System.Text.StringBuilder("digraph network {\n  rankdir=LR;\n  node [shape=circle, fontname=\"DejaVu Sans\"];\n");
        for (int i = 0; i < trace.Input.Count; i++) s.AppendLine($"  \"{TraceNames.Input(i)}\" [label=\"{TraceNames.Input(i)}\\n{F(trace.Input[i])}\"];");
        foreach (var layer in trace.Layers)
        {
            for (int j = 0; j < layer.Out.Count; j++)
                s.AppendLine($"  \"{names.Neuron(layer.Index, j)}\" [label=\"{names.Neuron(layer.Index, j)}\\n{F(layer.Out[j])}\"];");
            int inputs = layer.WeightsBefore.ColumnCount;
            for (int j = 0; j < layer.WeightsBefore.RowCount; j++)
            for (int i = 0; i < inputs; i++)
            {
                string label = names.Weight(layer.Index, j, i, inputs) + " = " + F(layer.WeightsBefore[j, i]);
                if (detail.HasFlag(EdgeDetail.Gradient)) label += "\\n∂E/∂w = " + F(layer.WeightGradient[j, i]);
                if (detail.HasFlag(EdgeDetail.Updated)) label += "\\n→ " + F(layer.WeightsAfter[j, i]);
                s.AppendLine($"  \"{names.LayerInput(layer.Index, i)}\" -> \"{names.Neuron(layer.Index, j)}\" [label=\"{label}\"];");
            }
            if (layer.BiasMode == BiasMode.None) continue;
            for (int j = 0; j < layer.Out.Count; j++)
            {
                string b = names.Bias(layer.Index, j);
                s.AppendLine($"  \"{b}\" [shape=box, label=\"{b} = {F(layer.BiasBefore[j])}\"];");
                s.AppendLine($"  \"{b}\" -> \"{names.Neuron(layer.Index, j)}\" [style=dashed];");
            }
        }
        return s.Append("}\n").ToString();
    }

    private static void Node(Plot plot, double x, double y, double r, Color fill, string text)
    {
        var circle = plot.Add.Circle(x, y, r);
        circle.FillColor = fill;
        circle.LineColor = Colors.DimGray;
        circle.LineWidth = 1.5f;
        Style(plot.Add.Text(text, x, y), 12, Colors.Black, Colors.Transparent);
    }

    private static void Style(ScottPlot.Plottables.Text label, float size, Color color, Color background)
    {
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelBackgroundColor = background;
        label.LabelAlignment = Alignment.MiddleCenter;
        label.LabelFontName = TrainingPlots.FontName;
    }

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
