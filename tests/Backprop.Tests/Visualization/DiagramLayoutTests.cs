using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Demo.Tour;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Visualization;

/// <summary>The geometry of the network diagram: every weight's label on its own edge, clear of everything else.</summary>
public sealed class DiagramLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ConcurrentDictionary<(string, EdgeDetail), DiagramLayout> Layouts = new();

    /// <summary>The layout of a network, made once per shape and detail (the larger ones take a moment).</summary>
    private static DiagramLayout Layout(string shape, EdgeDetail detail) => Layouts.GetOrAdd((shape, detail), k => DiagramLayout.For(Trace(k.Item1), k.Item2));

    public static TheoryData<string, EdgeDetail> Networks() => new()
    {
        { "2-2-2", EdgeDetail.Gradient | EdgeDetail.Updated },
        { "2-2-2", EdgeDetail.Weight },
        { "3-4-3-2", EdgeDetail.Gradient | EdgeDetail.Updated },
        { "3-4-3-2", EdgeDetail.Weight },
        { "4-8-3", EdgeDetail.Gradient | EdgeDetail.Updated },
        { "4-8-3", EdgeDetail.Weight },
    };

    /// <summary>The blog's network for 2-2-2 (frozen shared biases); otherwise a seeded sigmoid network with trainable biases.</summary>
    internal static StepTrace Trace(string shape)
    {
        if (shape == "2-2-2") return StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5));
        int[] sizes = shape.Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var network = Network.Create(sizes[0], sizes.Skip(1).Select(n => new LayerDefinition(n, Activation.Sigmoid)).ToArray(), new UniformInitializer(), 11);
        var random = new Random(12);
        return StepTrace.Record(network, Vector<double>.Build.Dense(sizes[0], _ => random.NextDouble()),
            Vector<double>.Build.Dense(sizes[^1], _ => random.NextDouble()), new Sgd(0.5));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void No_two_labels_overlap(string shape, EdgeDetail detail)
    {
        var layout = Layout(shape, detail);

        layout.Separated.Should().BeTrue();
        var labels = layout.Labels;
        for (int a = 0; a < labels.Count; a++)
        for (int b = a + 1; b < labels.Count; b++)
            labels[a].Box.Overlaps(labels[b].Box).Should().BeFalse($"the labels '{labels[a].Text}' and '{labels[b].Text}' must not overlap");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void No_edge_crosses_the_label_of_another_edge(string shape, EdgeDetail detail)
    {
        var layout = Layout(shape, detail);

        foreach (var label in layout.Labels)
        for (int e = 0; e < layout.Edges.Count; e++)
        {
            if (e == label.Edge) continue;
            label.Box.Intersects(layout.Edges[e].Line).Should().BeFalse($"edge {e} must not cross the label '{label.Text}' of edge {label.Edge}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Each_label_sits_on_its_own_edge_and_outside_every_circle(string shape, EdgeDetail detail)
    {
        var trace = Trace(shape);
        var layout = Layout(shape, detail);

        layout.Labels.Should().HaveCount(trace.Layers.Sum(l => l.WeightsBefore.RowCount * l.WeightsBefore.ColumnCount));
        foreach (var label in layout.Labels)
        {
            var own = layout.Edges[label.Edge];
            own.IsBias.Should().BeFalse();
            own.Label.Should().Be(layout.Labels.ToList().IndexOf(label));
            var (x, y) = own.Line.At(label.Fraction);
            label.Box.X.Should().BeApproximately(x, 1e-9);
            label.Box.Y.Should().BeApproximately(y, 1e-9);
            label.Fraction.Should().BeInRange(0.05, 0.95);
            layout.Nodes.Should().OnlyContain(n => !label.Box.Intersects(n.X, n.Y, n.Radius), $"the label '{label.Text}' is outside every circle");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_circles_text_and_each_bias_text_fits_inside_it(string shape, EdgeDetail detail)
    {
        var layout = Layout(shape, detail);

        layout.Nodes.Where(n => n.Kind == NodeKind.Bias).Should().NotBeEmpty();
        foreach (var node in layout.Nodes)
        {
            var (width, height) = DiagramLayout.Measure(node.Text, DiagramLayout.NodeFontSize);
            node.TextBox.HalfWidth.Should().Be(width / 2);
            node.TextBox.HalfHeight.Should().Be(height / 2);
            node.TextBox.IsInside(node.X, node.Y, node.Radius).Should().BeTrue($"'{node.Text}' fits its circle of radius {node.Radius}");
        }
    }

    [Fact]
    public void The_labels_of_the_blogs_crossing_edges_keep_away_from_the_crossing()
    {
        // w2 (h1←i2) and w3 (h2←i1) cross half-way between the columns, as do w6 and w7.
        var layout = DiagramLayout.For(Trace("2-2-2"), EdgeDetail.Gradient | EdgeDetail.Updated);

        foreach (string name in new[] { "w2 ", "w3 ", "w6 ", "w7 " })
        {
            var label = layout.Labels.Single(l => l.Text.StartsWith(name, StringComparison.Ordinal));
            Math.Abs(label.Fraction - 0.5).Should().BeGreaterThan(0.1, $"{name.Trim()} sits away from the crossing at the middle");
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_svg_draws_each_label_background_where_the_layout_put_it()
    {
        var trace = Trace("4-8-3");
        var layout = DiagramLayout.For(trace, EdgeDetail.Gradient | EdgeDetail.Updated);
        string svg = Path.Combine(_dir, "483.svg");

        NetworkDiagram.Save(trace, svg, EdgeDetail.Gradient | EdgeDetail.Updated);

        var drawn = Backgrounds(File.ReadAllText(svg)).ToList();
        drawn.Should().HaveCount(layout.Labels.Count);
        // The picture at its natural size, one layout pixel per pixel, centred.
        var (width, height, scale) = NetworkDiagram.Fit(layout, null, null);
        scale.Should().Be(1);
        double dx = width / 2.0 - (layout.Left + layout.Right) / 2, dy = height / 2.0 - (layout.Top + layout.Bottom) / 2;
        foreach (var label in layout.Labels)
        {
            var match = drawn.Where(b => Math.Abs(b.X - (label.Box.X + dx)) < 0.5 && Math.Abs(b.Y - (label.Box.Y + dy)) < 0.5).ToList();
            match.Should().ContainSingle($"one background is drawn at the label '{label.Text}'");
            match[0].HalfWidth.Should().BeApproximately(label.Box.HalfWidth, 0.5);
            match[0].HalfHeight.Should().BeApproximately(label.Box.HalfHeight, 0.5);
            match[0].Angle.Should().BeApproximately(label.Box.Angle, 1e-3);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_requested_size_scales_the_whole_picture_and_keeps_its_labels_apart()
    {
        var trace = Trace("2-2-2");
        var layout = DiagramLayout.For(trace, EdgeDetail.Gradient | EdgeDetail.Updated);
        string svg = Path.Combine(_dir, "mazur.svg");

        NetworkDiagram.Save(trace, svg, EdgeDetail.Gradient | EdgeDetail.Updated, width: 1200, height: 700);

        var (width, height, scale) = NetworkDiagram.Fit(layout, 1200, 700);
        (width, height).Should().Be((1200, 700));
        scale.Should().Be(Math.Min(1200 / layout.Width, 700 / layout.Height));
        string text = File.ReadAllText(svg);
        text.Should().Contain("width=\"1200\" height=\"700\"");
        var drawn = Backgrounds(text).ToList();
        drawn.Should().HaveCount(8);
        for (int a = 0; a < drawn.Count; a++)
        for (int b = a + 1; b < drawn.Count; b++)
            drawn[a].Overlaps(drawn[b]).Should().BeFalse();
        drawn.Select(b => b.HalfWidth).Max().Should().BeApproximately(layout.Labels.Max(l => l.Box.HalfWidth) * scale, 1.5);
    }

    [Fact]
    public void A_network_too_large_to_label_is_drawn_for_its_shape_without_weight_labels()
    {
        var trace = Trace("16-16-2");

        var layout = DiagramLayout.For(trace, EdgeDetail.Gradient);

        (16 * 16 + 16 * 2).Should().BeGreaterThan(DiagramLayout.MaxLabelledWeights);
        layout.Labels.Should().BeEmpty();
        layout.Edges.Count(e => !e.IsBias).Should().Be(16 * 16 + 16 * 2);
        layout.Edges.Should().OnlyContain(e => e.Label == null);
        layout.Nodes.Should().OnlyContain(n => n.TextBox.IsInside(n.X, n.Y, n.Radius));
    }

    [Fact]
    public void A_size_below_the_minimum_is_refused_before_any_work()
    {
        string png = Path.Combine(_dir, "tiny.png");

        var act = () => NetworkDiagram.Save(Trace("2-2-2"), png, width: 10);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("width");
        File.Exists(png).Should().BeFalse();
    }

    /// <summary>The white label backgrounds of an SVG written by the diagram (not the page's own background).</summary>
    private static IEnumerable<Box> Backgrounds(string svg)
    {
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        foreach (Match m in Regex.Matches(svg, @"<rect fill=""white"" transform=""(translate|matrix)\(([^)]*)\)"" x=""([^""]+)"" y=""([^""]+)"" width=""([^""]+)"" height=""([^""]+)""/>"))
        {
            double[] t = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D).ToArray();
            var (x, y, angle) = m.Groups[1].Value == "translate" ? (t[0], t[1], 0.0) : (t[4], t[5], Math.Atan2(t[1], t[0]));
            double left = D(m.Groups[3].Value), top = D(m.Groups[4].Value), w = D(m.Groups[5].Value), h = D(m.Groups[6].Value);
            // The rectangle is centred on its anchor (x = −w/2, y = −h/2), as the labels are middle-centre aligned.
            left.Should().BeApproximately(-w / 2, 1e-3);
            top.Should().BeApproximately(-h / 2, 1e-3);
            yield return new Box(x, y, w / 2, h / 2, angle);
        }
    }
}
