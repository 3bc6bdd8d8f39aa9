using System.Text.RegularExpressions;
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
}
