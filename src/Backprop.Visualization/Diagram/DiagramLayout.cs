using System.Globalization;
using ScottPlot;

namespace Backprop.Visualization;

/// <summary>What a circle of the diagram stands for (it picks the fill).</summary>
internal enum NodeKind
{
    Input,
    Hidden,
    Output,
    Bias,
}

/// <summary>A circle of the diagram with its text; <see cref="Text"/>'s box is <see cref="TextBox"/>.</summary>
internal sealed record DiagramNode(double X, double Y, double Radius, string Text, Box TextBox, NodeKind Kind);

/// <summary>An edge (a weight's, or a bias's dashed one) and, for a weight, the index of its label.</summary>
internal sealed record DiagramEdge(Segment Line, bool IsBias, int? Label);

/// <summary>A weight's label: its text, the box its text and background fill, its edge and how far along it sits.</summary>
internal sealed record DiagramLabel(string Text, Box Box, int Edge, double Fraction);

/// <summary>
/// Where everything of a <see cref="NetworkDiagram"/> goes, in pixels of the picture at its natural size (y grows
/// downwards): the circles sized to their text, the edges, each weight's label on its own edge clear of every
/// other edge, circle and label, and the title. The renderer draws exactly this.
/// </summary>
internal sealed class DiagramLayout
{
    /// <summary>The font size of the weights' labels, in pixels.</summary>
    public const float LabelFontSize = 11;

    /// <summary>The font size of the circles' text.</summary>
    public const float NodeFontSize = 12;

    /// <summary>The font size of the title.</summary>
    public const float TitleFontSize = 14;

    /// <summary>The background round a label's text, in pixels, so that the label reads over lines.</summary>
    public const double LabelPadding = 3;

    /// <summary>The room between a circle's text and its outline.</summary>
    private const double NodePadding = 6;

    /// <summary>The smallest radius of a neuron, so that short texts still make round, clickable-looking nodes.</summary>
    private const double MinimumRadius = 30;

    /// <summary>The least room between a bias node and the lowest neuron above it.</summary>
    private const double BiasGap = 20;

    /// <summary>The empty border round the picture.</summary>
    private const double Margin = 20;

    /// <summary>The first try: room for this many labels side by side between two columns (a label near each end
    /// of an edge, overlapping a little), and this many stacked between two rows, plus some space.</summary>
    private const double StartLabelsAcross = 1.6, StartLabelsDown = 1.5, StartSpace = 40;

    /// <summary>The ways the picture grows when the labels do not fit, each step: wider columns, both, taller rows.</summary>
    private static readonly (double Columns, double Rows)[] Growths = [(1.15, 1), (1.15, 1.05), (1.15, 1.1), (1.15, 1.15), (1.1, 1.15), (1, 1.15)];

    /// <summary>The width / height of the screen a picture is chosen for (16:10).</summary>
    private const double ScreenAspect = 1.6;

    /// <summary>How many times the layout widens before it gives up and lets labels touch.</summary>
    private const int MaxAttempts = 14;

    /// <summary>Above this many weights the edges carry no labels: a picture that large is for the shape of the
    /// network (its console tables and DOT text carry the numbers).</summary>
    public const int MaxLabelledWeights = 200;

    /// <summary>The distance between the columns of an unlabelled network, in radii of its circles.</summary>
    private const double UnlabelledColumnGap = 8;

    private DiagramLayout(List<DiagramNode> nodes, List<DiagramEdge> edges, List<DiagramLabel> labels, string title, Box titleBox, bool separated)
    {
        Nodes = nodes;
        Edges = edges;
        Labels = labels;
        Title = title;
        TitleBox = titleBox;
        Separated = separated;
        var boxes = labels.Select(l => l.Box.Bounds()).Append(titleBox.Bounds())
            .Concat(nodes.Select(n => (n.X - n.Radius, n.Y - n.Radius, n.X + n.Radius, n.Y + n.Radius))).ToArray();
        (Left, Top, Right, Bottom) = (boxes.Min(b => b.Item1) - Margin, boxes.Min(b => b.Item2) - Margin,
            boxes.Max(b => b.Item3) + Margin, boxes.Max(b => b.Item4) + Margin);
    }

    /// <summary>The circles: inputs, then each layer's neurons, then the bias nodes.</summary>
    public IReadOnlyList<DiagramNode> Nodes { get; }

    /// <summary>The edges: per layer its weights (outputs × inputs order), then its bias edges.</summary>
    public IReadOnlyList<DiagramEdge> Edges { get; }

    /// <summary>The weights' labels, in the order of their edges.</summary>
    public IReadOnlyList<DiagramLabel> Labels { get; }

    /// <summary>The title text and its box.</summary>
    public string Title { get; }

    /// <inheritdoc cref="Title"/>
    public Box TitleBox { get; }

    /// <summary>True when every label was placed clear of foreign edges, circles and other labels.</summary>
    public bool Separated { get; }

    /// <summary>The picture's extent, margin included.</summary>
    public double Left { get; }

    /// <inheritdoc cref="Left"/>
    public double Top { get; }

    /// <inheritdoc cref="Left"/>
    public double Right { get; }

    /// <inheritdoc cref="Left"/>
    public double Bottom { get; }

    /// <summary>The natural width, in pixels.</summary>
    public double Width => Right - Left;

    /// <summary>The natural height, in pixels.</summary>
    public double Height => Bottom - Top;

    /// <summary>Measures <paramref name="text"/> (lines split at \n) as the renderer will draw it.</summary>
    public static (double Width, double Height) Measure(string text, float size)
    {
        using var paint = Paint.NewDisposablePaint();
        var measured = new LabelStyle { FontName = TrainingPlots.FontName, FontSize = size }.Measure(text, paint);
        return (measured.Width, measured.Height);
    }

    /// <summary>Lays out the network of <paramref name="trace"/> with labels showing <paramref name="detail"/>.</summary>
    public static DiagramLayout For(StepTrace trace, EdgeDetail detail)
    {
        var names = TraceNames.For(trace);
        var layers = trace.Layers;
        int[] counts = [trace.Input.Count, .. layers.Select(l => l.Out.Count)];

        // Texts and their sizes first: they fix the radii and the labels' boxes.
        var columnTexts = new List<string[]> { Enumerable.Range(0, counts[0]).Select(i => TraceNames.Input(i) + "\n" + F(trace.Input[i])).ToArray() };
        columnTexts.AddRange(layers.Select(l => Enumerable.Range(0, l.Out.Count).Select(j => names.Neuron(l.Index, j) + "\n" + F(l.Out[j])).ToArray()));
        double radius = Math.Max(MinimumRadius, columnTexts.SelectMany(c => c).Max(t => HalfDiagonal(Measure(t, NodeFontSize))) + NodePadding);
        var weightTexts = layers.Select(l => WeightTexts(l, names, detail)).ToArray();
        var biasTexts = layers.Select(l => l.BiasMode == BiasMode.None ? null : BiasText(l, names)).ToArray();
        var biasRadii = biasTexts.Select(t => t is null ? 0 : Math.Max(MinimumRadius, HalfDiagonal(Measure(t, NodeFontSize)) + NodePadding)).ToArray();
        var labelSizes = weightTexts.SelectMany(t => t).Select(t => Measure(t, LabelFontSize)).ToArray();
        double labelWidth = labelSizes.Max(s => s.Width) + 2 * LabelPadding, labelHeight = labelSizes.Max(s => s.Height) + 2 * LabelPadding;

        string title = $"{string.Join("-", counts)} network, {string.Join(" / ", layers.Select(l => l.Activation).Distinct())}, " +
                       $"{trace.LossName}: E = {F(trace.Loss)}";
        var titleSize = Measure(title, TitleFontSize);

        var content = new Content(trace, counts, counts.Max(), columnTexts, radius, weightTexts, biasTexts, biasRadii, title, titleSize);

        double columnGap = 2 * radius + StartLabelsAcross * labelWidth + StartSpace, rowGap = 2 * radius + StartLabelsDown * labelHeight + StartSpace / 2;
        if (labelSizes.Length > MaxLabelledWeights)
            return Attempt(content with { WeightTexts = [] }, UnlabelledColumnGap * radius, 2 * radius + StartSpace / 2, fallback: true)!;
        if (Attempt(content, columnGap, rowGap, fallback: false) is { } first) return first;
        // Widen the columns, heighten the rows, or both, until the labels fit; keep the picture that shows its text
        // largest on a screen of the usual shape.
        DiagramLayout? best = null;
        foreach (var (columns, rows) in Growths)
        for (int attempt = 1; attempt < MaxAttempts; attempt++)
        {
            if (Attempt(content, columnGap * Math.Pow(columns, attempt), rowGap * Math.Pow(rows, attempt), fallback: false) is not { } layout) continue;
            if (best is null || ScreenFit(layout) < ScreenFit(best)) best = layout;
            break;
        }
        return best ?? Attempt(content, columnGap * Math.Pow(Growths[1].Columns, MaxAttempts), rowGap * Math.Pow(Growths[1].Rows, MaxAttempts), fallback: true)!;
    }

    /// <summary>How much a layout must shrink to fit a screen of <see cref="ScreenAspect"/> (smaller is better).</summary>
    private static double ScreenFit(DiagramLayout layout) => Math.Max(layout.Width / ScreenAspect, layout.Height);

    /// <summary>What is drawn, measured: it does not change as the layout grows. No weight texts: no labels.</summary>
    private sealed record Content(StepTrace Trace, int[] Counts, int Tallest, List<string[]> ColumnTexts, double Radius,
        string[][] WeightTexts, string?[] BiasTexts, double[] BiasRadii, string Title, (double Width, double Height) TitleSize);

    /// <summary>The layout with columns <paramref name="columnGap"/> apart and rows <paramref name="rowGap"/> apart, or
    /// null when the labels do not fit (unless <paramref name="fallback"/>: then they go to the middle of their edges).</summary>
    private static DiagramLayout? Attempt(Content content, double columnGap, double rowGap, bool fallback)
    {
        var (trace, counts, tallest, columnTexts, radius, weightTexts, biasTexts, biasRadii, title, titleSize) = content;
        var layers = trace.Layers;
        double top = titleSize.Height + 2 * Margin;
        double X(int column) => radius + column * columnGap;
        double Y(int column, int j) => top + radius + (j + (tallest - counts[column]) / 2.0) * rowGap;
        double lowest = top + radius + (tallest - 1) * rowGap;

        var nodes = new List<DiagramNode>();
        for (int c = 0; c < counts.Length; c++)
        for (int j = 0; j < counts[c]; j++)
        {
            var kind = c == 0 ? NodeKind.Input : c == counts.Length - 1 ? NodeKind.Output : NodeKind.Hidden;
            nodes.Add(Node(X(c), Y(c, j), radius, columnTexts[c][j], kind));
        }
        var edges = new List<DiagramEdge>();
        var labelled = new List<(int Edge, double HalfWidth, double HalfHeight)>();
        var labelTexts = new List<string>();
        for (int l = 0; l < layers.Count; l++)
        {
            int inputs = counts[l], outputs = counts[l + 1];
            for (int j = 0; j < outputs; j++)
            for (int i = 0; i < inputs; i++)
            {
                if (weightTexts.Length == 0)
                {
                    edges.Add(new DiagramEdge(new Segment(X(l), Y(l, i), X(l + 1), Y(l + 1, j)), false, null));
                    continue;
                }
                string text = weightTexts[l][j * inputs + i];
                var size = Measure(text, LabelFontSize);
                labelled.Add((edges.Count, size.Width / 2 + LabelPadding, size.Height / 2 + LabelPadding));
                labelTexts.Add(text);
                edges.Add(new DiagramEdge(new Segment(X(l), Y(l, i), X(l + 1), Y(l + 1, j)), false, labelTexts.Count - 1));
            }
            if (biasTexts[l] is not { } biasText) continue;
            // As in the blog's figure, the bias node sits below its layer's inputs, a row beneath the tallest
            // column, and feeds the layer's neurons like one more input.
            double bx = X(l), by = lowest + Math.Max(rowGap / 2, radius + biasRadii[l] + BiasGap);
            nodes.Add(Node(bx, by, biasRadii[l], biasText, NodeKind.Bias));
            for (int j = 0; j < outputs; j++) edges.Add(new DiagramEdge(new Segment(bx, by, X(l + 1), Y(l + 1, j)), true, null));
        }
        var titleBox = new Box((X(0) + X(counts.Length - 1)) / 2, Margin + titleSize.Height / 2, titleSize.Width / 2, titleSize.Height / 2, 0);

        var lines = edges.Select(e => e.Line).ToArray();
        var placed = LabelPlacer.Place(lines, labelled, nodes.Select(n => (n.X, n.Y, n.Radius)).ToArray(), titleBox);
        if (placed is null && !fallback) return null;
        bool searched = placed is not null;
        placed ??= labelled.Select(l => (Middle(lines[l.Edge], l.HalfWidth, l.HalfHeight), 0.5)).ToArray();
        var labels = labelled.Select((l, k) => new DiagramLabel(labelTexts[k], placed[k].Box, l.Edge, placed[k].Fraction)).ToList();
        return new DiagramLayout(nodes, edges, labels, title, titleBox, separated: searched || Check(lines, labels, nodes, titleBox));
    }

    private static Box Middle(Segment line, double halfWidth, double halfHeight) => new(line.At(0.5).X, line.At(0.5).Y, halfWidth, halfHeight, 0);

    /// <summary>True when no label touches another label, a foreign edge, a circle or the title.</summary>
    private static bool Check(Segment[] lines, List<DiagramLabel> labels, List<DiagramNode> nodes, Box title) =>
        labels.All(a => labels.All(b => ReferenceEquals(a, b) || !a.Box.Overlaps(b.Box))
                        && lines.Where((_, e) => e != a.Edge).All(s => !a.Box.Intersects(s))
                        && nodes.All(n => !a.Box.Intersects(n.X, n.Y, n.Radius)) && !a.Box.Overlaps(title));

    private static DiagramNode Node(double x, double y, double radius, string text, NodeKind kind)
    {
        var (w, h) = Measure(text, NodeFontSize);
        return new DiagramNode(x, y, radius, text, new Box(x, y, w / 2, h / 2, 0), kind);
    }

    private static string[] WeightTexts(LayerTrace layer, TraceNames names, EdgeDetail detail)
    {
        int inputs = layer.WeightsBefore.ColumnCount;
        var texts = new string[layer.WeightsBefore.RowCount * inputs];
        for (int j = 0; j < layer.WeightsBefore.RowCount; j++)
        for (int i = 0; i < inputs; i++)
        {
            string text = names.Weight(layer.Index, j, i, inputs) + " = " + F(layer.WeightsBefore[j, i]);
            if (detail.HasFlag(EdgeDetail.Gradient)) text += "\n∂E/∂w = " + F(layer.WeightGradient[j, i]);
            if (detail.HasFlag(EdgeDetail.Updated)) text += "\n→ " + F(layer.WeightsAfter[j, i]);
            texts[j * inputs + i] = text;
        }
        return texts;
    }

    private static string BiasText(LayerTrace layer, TraceNames names)
    {
        bool shared = layer.BiasBefore.Distinct().Count() == 1;
        string text = shared
            ? names.Bias(layer.Index, 0) + "\n" + F(layer.BiasBefore[0])
            : string.Join("\n", layer.BiasBefore.Select((b, j) => names.Bias(layer.Index, j) + " = " + F(b)));
        return layer.BiasMode == BiasMode.Frozen ? text + "\n(frozen)" : text;
    }

    private static double HalfDiagonal((double Width, double Height) size) => Math.Sqrt(size.Width * size.Width + size.Height * size.Height) / 2;

    internal static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
