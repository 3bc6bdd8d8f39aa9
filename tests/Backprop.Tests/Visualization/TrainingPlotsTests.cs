using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Demo.Tour;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Visualization;

public sealed class TrainingPlotsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainingHistory History(bool withValidation)
    {
        var r = new Random(3);
        var x = Matrix<double>.Build.Dense(2, 60, (_, _) => r.NextDouble() * 2 - 1);
        var t = Matrix<double>.Build.Dense(2, 60, (i, j) => (x[0, j] + x[1, j] > 0 ? 1 : 0) == i ? 1 : 0);
        var data = new Dataset(x, t, ["neg", "pos"]);
        var network = Network.Create(2, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 1, Loss.CategoricalCrossEntropy);
        return new Trainer(new Adam(0.05), new TrainingOptions { Epochs = 12, BatchSize = 6, ValidationSplit = withValidation ? 0.25 : 0 })
            .Train(network, data);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_loss_curve_png_has_the_requested_size_and_its_title_and_labels_are_drawn()
    {
        string png = Path.Combine(_dir, "loss.png");

        TrainingPlots.LossCurve(History(withValidation: true), png, width: 800, height: 500);

        Pixels.Size(png).Should().Be((800, 500));
        Pixels.Dark(png, 250, 0, 550, 35).Should().BeGreaterThan(100, "the title text is drawn at the top");
        Pixels.Dark(png, 0, 150, 25, 350).Should().BeGreaterThan(100, "the y-axis label is drawn at the left");
        Pixels.Dark(png, 350, 470, 450, 500).Should().BeGreaterThan(50, "the x-axis label 'epoch' is drawn at the bottom");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_png_without_a_title_has_no_ink_where_the_title_would_be()
    {
        // The control for the test above: the title band is empty when there is no title, so ink there is text.
        string png = Path.Combine(_dir, "untitled.png");

        TrainingPlots.LossCurve(History(withValidation: false), png, title: "");

        Pixels.Dark(png, 250, 0, 550, 12).Should().Be(0);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_loss_curve_svg_names_both_series_and_the_axes()
    {
        string svg = Path.Combine(_dir, "loss.svg");

        TrainingPlots.LossCurve(History(withValidation: true), svg, title: "Loss of the test run");

        string text = File.ReadAllText(svg);
        var words = Regex.Matches(text, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => m.Groups[1].Value).ToArray();
        words.Should().Contain(["Loss of the test run", "training", "validation", "epoch", "mean loss per sample"]);
        text.Should().Contain("font-family=\"DejaVu Sans\"");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_accuracy_curve_is_written_with_both_series()
    {
        string svg = Path.Combine(_dir, "accuracy.svg");
        string png = Path.Combine(_dir, "accuracy.png");
        var history = History(withValidation: true);

        TrainingPlots.AccuracyCurve(history, svg);
        TrainingPlots.AccuracyCurve(history, png);

        File.ReadAllText(svg).Should().Contain("accuracy").And.Contain("validation");
        Pixels.Dark(png, 250, 0, 550, 35).Should().BeGreaterThan(100);
    }

    [Fact]
    public void An_unknown_extension_is_rejected_and_nothing_is_written()
    {
        string gif = Path.Combine(_dir, "loss.gif");

        var act = () => TrainingPlots.LossCurve(History(false), gif);

        act.Should().Throw<ArgumentException>().WithMessage("*.png or .svg*");
        Directory.GetFiles(_dir).Should().BeEmpty();
    }

    [Fact]
    public void A_history_without_accuracy_cannot_make_an_accuracy_curve()
    {
        var network = new Network(new DenseLayer(new[,] { { 0.5 } }, null, Activation.Identity));
        var history = new Trainer(new Sgd(0.1)).Train(network, Matrix<double>.Build.Dense(1, 3, 1.0), Matrix<double>.Build.Dense(1, 3, 2.0));

        var act = () => TrainingPlots.AccuracyCurve(history, Path.Combine(_dir, "a.png"));

        act.Should().Throw<ArgumentException>().WithMessage("*no accuracy*");
    }

    /// <summary>The lines a plot draws, read back from its scatter plottables.</summary>
    private static TrainingPlots.Series[] Drawn(ScottPlot.Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()
            .Select(s => s.Data.GetScatterPoints())
            .Select(p => new TrainingPlots.Series("", p.Select(c => c.X).ToArray(), p.Select(c => c.Y).ToArray())).ToArray();

    [Fact]
    public void The_ten_point_curve_plots_the_errors_the_console_prints()
    {
        var run = TenPointTour.Run();
        var console = new StringWriter();
        TenPointTour.WriteText(run, console);
        double[] printed = Regex.Matches(console.ToString(), @">epoch=(\d+), lrate=[0-9.]+, error=([0-9.]+)")
            .Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToArray();

        var (plot, _) = TrainingPlots.LossPlot(Pictures.TenPointCurve(run), Pictures.TenPointAxisLabel, "t", 800, 500);

        printed.Should().HaveCount(TenPointTour.Epochs).And.HaveElementAt(0, 6.350).And.HaveElementAt(19, 1.132);
        var line = Drawn(plot).Should().ContainSingle().Subject;
        line.X.Should().Equal(Enumerable.Range(0, TenPointTour.Epochs).Select(e => (double)e));
        line.Y.Select(y => Math.Round(y, 3)).Should().Equal(printed, "the picture shows the console's numbers");
        line.Y.Should().Equal(run.EpochErrors, "at full precision");
        plot.Axes.Left.Label.Text.Should().Be("error = Σ (target − out)² over the epoch");
    }

    public static TheoryData<string, double[], ScottPlot.Alignment> Curves() => new()
    {
        // A falling loss leaves the upper right free; a rising curve takes it and leaves the upper left.
        { "falling", Enumerable.Range(0, 20).Select(e => 6.0 / (1 + e)).ToArray(), ScottPlot.Alignment.UpperRight },
        { "rising", Enumerable.Range(0, 20).Select(e => (double)e).ToArray(), ScottPlot.Alignment.UpperLeft },
        // High at both ends and low in the middle: only the lower corners are free.
        { "valley", Enumerable.Range(0, 21).Select(e => (e - 10.0) * (e - 10.0)).ToArray(), ScottPlot.Alignment.LowerLeft },
        // Up and down over the whole range: no corner is free until the y axis is extended upwards.
        { "zigzag", Enumerable.Range(0, 20).Select(e => e % 2 == 0 ? 0.0 : 1.0).ToArray(), ScottPlot.Alignment.UpperRight },
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void The_legend_goes_to_a_corner_that_no_curve_passes_through(string name, double[] values, ScottPlot.Alignment expected)
    {
        var (plot, legend) = TrainingPlots.LossPlot(values, "loss", name, 800, 500);

        legend.Corner.Should().Be(expected);
        plot.Legend.Alignment.Should().Be(expected);
        legend.IsClearOf(plot, Drawn(plot)).Should().BeTrue();
        // The box is where ScottPlot draws the legend: its size as last rendered, inside the data area.
        plot.RenderInMemory(800, 500);
        var data = plot.RenderManager.LastRender.DataRect;
        (legend.Right - legend.Left).Should().BeApproximately(plot.Legend.LastRenderSize.Width + Math.Abs(plot.Legend.ShadowOffset.X), 1);
        (legend.Bottom - legend.Top).Should().BeApproximately(plot.Legend.LastRenderSize.Height + Math.Abs(plot.Legend.ShadowOffset.Y), 1);
        legend.Left.Should().BeGreaterThanOrEqualTo(data.Left);
        legend.Right.Should().BeLessThanOrEqualTo(data.Right + Math.Abs(plot.Legend.ShadowOffset.X));
        if (name == "zigzag") plot.Axes.GetLimits().Top.Should().BeGreaterThan(1.1, "the axis was extended above its autoscaled 1.05 to make room");
    }

    [Fact]
    public void The_legend_of_a_history_with_validation_covers_neither_curve()
    {
        var history = History(withValidation: true);
        var training = new TrainingPlots.Series("training", history.Epochs.Select(e => (double)e.Epoch).ToArray(), history.Epochs.Select(e => e.MeanLoss).ToArray());
        var validation = new TrainingPlots.Series("validation", history.Epochs.Select(e => (double)e.Epoch).ToArray(),
            history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray());

        var (plot, legend) = TrainingPlots.CurvePlot([training, validation], "t", "epoch", "mean loss per sample", 800, 500);

        Drawn(plot).Should().HaveCount(2);
        legend.IsClearOf(plot, Drawn(plot)).Should().BeTrue();
    }

    [Fact]
    public void A_loss_that_is_not_finite_is_refused_naming_its_epoch()
    {
        var act = () => TrainingPlots.LossCurve([1.0, 0.5, double.NaN], Path.Combine(_dir, "nan.png"), "loss");

        act.Should().Throw<ArgumentException>().WithMessage("*epoch 2 is NaN*");
        Directory.GetFiles(_dir).Should().BeEmpty();
    }
}
