using System.Text.RegularExpressions;
using Backprop.Demo.Tour;
using Backprop.Visualization;
using Spectre.Console;

namespace Backprop.Tests.Visualization;

public sealed class DiagramAndTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-diagram-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StepTrace Mazur() => StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5));

    private static string[] SvgTexts(string path) =>
        Regex.Matches(File.ReadAllText(path), @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    [Trait("Category", "Integration")]
    public void The_svg_diagram_labels_every_neuron_weight_and_bias_of_the_blogs_network()
    {
        string svg = Path.Combine(_dir, "mazur.svg");

        NetworkDiagram.Save(Mazur(), svg, EdgeDetail.Gradient | EdgeDetail.Updated);

        string all = string.Join("\n", SvgTexts(svg));
        foreach (var label in new[] { "i1", "i2", "h1", "h2", "o1", "o2", "b1", "b2" }) all.Should().Contain(label);
        foreach (var w in new[] { "w1 = 0.15", "w4 = 0.3", "w5 = 0.4", "w8 = 0.55" }) all.Should().Contain(w);
        all.Should().Contain("∂E/∂w = 0.082167").And.Contain("→ 0.358916").And.Contain("0.35").And.Contain("(frozen)");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_png_diagram_draws_its_text()
    {
        string png = Path.Combine(_dir, "mazur.png");
        var layout = DiagramLayout.For(Mazur(), EdgeDetail.Weight);
        var (_, _, scale) = NetworkDiagram.Fit(layout, 1200, 700);
        // The title's box in the picture: the layout is scaled about its centre into the middle of the picture.
        var title = layout.TitleBox;
        int Px(double x) => (int)Math.Round(600 + (x - (layout.Left + layout.Right) / 2) * scale);
        int Py(double y) => (int)Math.Round(350 + (y - (layout.Top + layout.Bottom) / 2) * scale);

        NetworkDiagram.Save(Mazur(), png, width: 1200, height: 700);

        Pixels.Size(png).Should().Be((1200, 700));
        Pixels.Dark(png, Px(title.X - title.HalfWidth), Py(title.Y - title.HalfHeight), Px(title.X + title.HalfWidth), Py(title.Y + title.HalfHeight))
            .Should().BeGreaterThan(150, "the title is drawn in its box");
        Pixels.Dark(png, 0, 0, 1200, Py(title.Y - title.HalfHeight) - 2).Should().Be(0, "nothing is drawn above the title");
    }

    [Fact]
    public void The_dot_export_has_a_labelled_edge_per_weight_and_the_biases()
    {
        string dot = NetworkDiagram.ToDot(Mazur(), EdgeDetail.Updated);

        dot.Should().StartWith("digraph network {");
        Regex.Count(dot, "->").Should().Be(8 + 4);
        dot.Should().Contain("\"h1\" -> \"o1\" [label=\"w5 = 0.4\\n→ 0.358916\"]");
        dot.Should().Contain("\"b1\" [shape=box, label=\"b1 = 0.35\"]");
    }

    [Fact]
    public void Console_tables_show_the_blogs_labels_and_numbers()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;

        console.Write(TraceTables.Render(Mazur()));
        console.Write(TraceTables.Render(ChainRule.For(Mazur(), 0, 0, 0)));

        string text = writer.ToString();
        text.Should().Contain("w[o1←h1]").And.Contain("0.0821670405642").And.Contain("0.358916479718");
        text.Should().Contain("E_total").And.Contain("0.29837110876").And.Contain("∂E_o2/∂out_h1 = δ_o2·w7");
    }

    [Fact]
    public void Console_tables_of_a_step_with_dropout_show_each_masked_neuron()
    {
        var network = Network.Create(2, [new LayerDefinition(3, Activation.Tanh) { Dropout = 0.5 }, new LayerDefinition(1)],
            new UniformInitializer(-1, 1), seed: 3);
        network.SeedDropout(2); // h1 dropped, h2 and h3 kept
        var trace = StepTrace.Record(network, MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray([0.5, -0.5]),
            MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray([1.0]), new Sgd(0.5));
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;

        console.Write(TraceTables.Render(trace));

        string text = writer.ToString();
        text.Should().Contain("Dropout: out′ = out·m/(1 − p)").And.Contain("mask m");
        trace.Layers[0].Mask.Should().Equal(0, 1, 1);
        text.Should().Contain(trace.Layers[0].DroppedOut[1].ToString("G12", System.Globalization.CultureInfo.InvariantCulture));
    }
}
