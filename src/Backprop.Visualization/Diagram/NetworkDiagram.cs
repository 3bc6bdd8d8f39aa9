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
    /// <summary>
    /// Draws the network of a traced step, labelled as the trace names it. Each weight's label sits on its own edge,
    /// on a white background, at a point where it meets no other edge, circle or label; the circles are sized to
    /// their text. Without a size the picture has its natural size (columns and rows spread until the labels fit,
    /// choosing the spread that shows the text largest on a 16:10 screen); with one, everything (text included) is
    /// scaled to fit it, centred. A network of more than 200 weights is drawn for its shape, without weight labels
    /// (the console tables and <see cref="ToDot"/> carry its numbers).
    /// </summary>
    /// <param name="trace">The trace (its weights before the step, and its gradients and updates if asked).</param>
    /// <param name="path">The file to write (.png or .svg).</param>
    /// <param name="detail">What each edge label shows besides the weight (default the weight only).</param>
    /// <param name="width">The width in pixels (default: the natural width, or the one <paramref name="height"/> scales to).</param>
    /// <param name="height">The height in pixels (default: the natural height, or the one <paramref name="width"/> scales to).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 50 pixels.</exception>
    public static void Save(StepTrace trace, string path, EdgeDetail detail = EdgeDetail.Weight, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (width is { } w0) ArgumentOutOfRangeException.ThrowIfLessThan(w0, TrainingPlots.MinimumSize, nameof(width));
        if (height is { } h0) ArgumentOutOfRangeException.ThrowIfLessThan(h0, TrainingPlots.MinimumSize, nameof(height));
        var layout = DiagramLayout.For(trace, detail);
        var (w, h, scale) = Fit(layout, width, height);
        TrainingPlots.Save(Render(layout, w, h, scale), path, w, h);
    }

    /// <summary>The picture's size in pixels and the scale from the layout's pixels to it.</summary>
    internal static (int Width, int Height, double Scale) Fit(DiagramLayout layout, int? width, int? height)
    {
        double scale = (width, height) switch
        {
            ({ } w, { } h) => Math.Min(w / layout.Width, h / layout.Height),
            ({ } w, null) => w / layout.Width,
            (null, { } h) => h / layout.Height,
            _ => 1,
        };
        int Size(double natural) => Math.Max(TrainingPlots.MinimumSize, (int)Math.Ceiling(natural * scale - 1e-9));
        return (width ?? Size(layout.Width), height ?? Size(layout.Height), scale);
    }

    /// <summary>Draws <paramref name="layout"/> at <paramref name="scale"/>, centred in a width × height picture.</summary>
    internal static Plot Render(DiagramLayout layout, int width, int height, double scale)
    {
        var plot = new Plot();
        plot.Font.Set(TrainingPlots.FontName);
        plot.HideGrid();
        plot.Layout.Frameless();
        plot.Axes.Frameless();
        float s = (float)scale;

        // Edges first, so that the circles cover their ends; the labels last, on top of everything.
        foreach (var edge in layout.Edges)
        {
            var line = plot.Add.Line(edge.Line.X1, edge.Line.Y1, edge.Line.X2, edge.Line.Y2);
            line.LineWidth = (edge.IsBias ? 1 : 1.5f) * s;
            line.Color = edge.IsBias ? Colors.DarkGray : Colors.Gray;
            if (edge.IsBias) line.LinePattern = LinePattern.Dashed;
        }
        foreach (var node in layout.Nodes)
        {
            var circle = plot.Add.Circle(node.X, node.Y, node.Radius);
            circle.FillColor = node.Kind switch
            {
                NodeKind.Input => Colors.LightSkyBlue,
                NodeKind.Hidden => Colors.LightGreen,
                NodeKind.Output => Colors.LightSalmon,
                _ => Colors.Khaki,
            };
            circle.LineColor = Colors.DimGray;
            circle.LineWidth = 1.5f * s;
            Style(plot.Add.Text(node.Text, node.X, node.Y), DiagramLayout.NodeFontSize * s, Colors.Transparent, 0, 0);
        }
        foreach (var label in layout.Labels)
            Style(plot.Add.Text(label.Text, label.Box.X, label.Box.Y), DiagramLayout.LabelFontSize * s, Colors.White,
                (float)(DiagramLayout.LabelPadding * scale), (float)(label.Box.Angle * 180 / Math.PI));
        Style(plot.Add.Text(layout.Title, layout.TitleBox.X, layout.TitleBox.Y), DiagramLayout.TitleFontSize * s, Colors.Transparent, 0, 0);

        // The layout's pixels, y downwards: the bottom of the axis is the larger y.
        double cx = (layout.Left + layout.Right) / 2, cy = (layout.Top + layout.Bottom) / 2;
        double hx = width / scale / 2, hy = height / scale / 2;
        plot.Axes.SetLimits(cx - hx, cx + hx, cy + hy, cy - hy);
        return plot;
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

    private static void Style(ScottPlot.Plottables.Text label, float size, Color background, float padding, float rotation)
    {
        var style = label.LabelStyle;
        style.FontName = TrainingPlots.FontName;
        style.FontSize = size;
        style.ForeColor = Colors.Black;
        style.BackgroundColor = background;
        style.PixelPadding = new PixelPadding(padding);
        style.Alignment = Alignment.MiddleCenter;
        style.Rotation = rotation;
    }

    private static string F(double x) => DiagramLayout.F(x);
}
