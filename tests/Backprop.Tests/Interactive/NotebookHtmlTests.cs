using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Demo.Tour;
using Backprop.Interactive;
using Backprop.Tests.Reference;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Interactive;

public class NotebookHtmlTests
{
    private static StepTrace Mazur(bool fd = false) =>
        StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5), fd);

    /// <summary>A golden value as the tables print it: ten significant digits.</summary>
    private static string G10(params string[] path) => Golden.Number(path).ToString("G10", CultureInfo.InvariantCulture);

    private static string Step(string name) => G10("mazur", "single_step", name, "computed");

    [Fact]
    public void The_trace_tables_show_the_blogs_step_under_the_blogs_labels()
    {
        string html = NotebookHtml.Render(Mazur());

        HtmlTables.Row(html, "Forward pass", "o1").Should().Equal("o1", Step("net_o1"), Step("out_o1"), "sigmoid");
        HtmlTables.Row(html, "Loss", "E_total").Should().Equal("E_total", "", "", Step("E_total"));
        HtmlTables.Row(html, "Backward pass", "o1")[3].Should().Be(Step("delta_o1"));
        HtmlTables.Row(html, "Weights", "w5").Should().Equal("w5", "w[o1←h1]", "0.4", Step("dE_dw5"), G10("mazur", "single_step", "w5_new", "computed"));
        HtmlTables.Row(html, "Weights", "w1").Should().Equal("w1", "w[h1←i1]", "0.15", Step("dE_dw1"), G10("mazur", "single_step", "w1_new", "computed"));
        HtmlTables.Rows(html, "Biases").Skip(1).Select(r => r[1]).Should().AllBe("frozen");
        HtmlTables.Text(html).Should().Contain("E_total = " + Step("E_total"));
    }

    [Fact]
    public void The_trace_tables_put_each_finite_difference_beside_its_gradient_when_recorded()
    {
        var trace = Mazur(fd: true);

        string html = NotebookHtml.Render(trace);

        HtmlTables.Rows(html, "Weights")[0].Should().Equal("weight", "name", "before", "∂E/∂w", "finite difference", "after");
        HtmlTables.Row(html, "Weights", "w5")[4].Should().Be(trace.Layers[1].NumericWeightGradient![0, 0].ToString("G10", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_network_lists_each_layers_weights_row_by_neuron_with_its_bias()
    {
        string html = NotebookHtml.Render(MazurTour.CreateNetwork());

        HtmlTables.Text(html).Should().Contain("A 2-2-2 network: 8 trainable parameters, loss half-squared-error.");
        HtmlTables.Rows(html, "layers[1]: 2 × 2, sigmoid, bias frozen").Should().BeEquivalentTo(new[]
        {
            new[] { "neuron", "w from neuron 1", "w from neuron 2", "bias" },
            ["1", "0.4", "0.45", "0.6"],
            ["2", "0.5", "0.55", "0.6"],
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_wide_layer_lists_its_first_sixteen_neurons_and_inputs_then_an_ellipsis()
    {
        var network = Network.Create(100, [new LayerDefinition(40, Activation.ReLU), new LayerDefinition(3, Activation.Softmax)],
            ScaledInitializer.HeUniform, seed: 1, Loss.CategoricalCrossEntropy);

        var rows = HtmlTables.Rows(NotebookHtml.Render(network), "layers[0]: 40 × 100, relu, bias trainable");

        rows.Should().HaveCount(1 + 16 + 1, "the header, sixteen neurons and a row of ellipses");
        rows.Should().OnlyContain(r => r.Length == 1 + 16 + 1 + 1, "the neuron, sixteen inputs, an ellipsis and the bias");
        rows[1][1].Should().Be(network.Layers[0].Weights[0, 0].ToString("G10", CultureInfo.InvariantCulture));
        rows[^1].Should().AllBe("…");
    }

    [Fact]
    public void A_long_history_shows_a_log_scale_loss_curve_and_its_first_and_last_five_epochs()
    {
        var network = MazurTour.CreateNetwork();
        var history = new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 10_000 })
            .Train(network, Matrix<double>.Build.DenseOfColumnVectors(MazurTour.Input), Matrix<double>.Build.DenseOfColumnVectors(MazurTour.Target));

        string html = NotebookHtml.Render(history);

        var rows = HtmlTables.Rows(html, "Epochs");
        rows.Select(r => r[0]).Should().Equal("epoch", "0", "1", "2", "3", "4", "…", "9995", "9996", "9997", "9998", "9999");
        rows[2][1].Should().Be(G10("mazur", "training_10000_updates", "parallel/frozen", "E_after_1_update"), "epoch 1's loss is measured after the first update");
        HtmlTables.Text(html).Should().Contain("10000 epochs, every epoch ran.").And.Contain("mean loss per sample (log scale)");
        var points = Regex.Match(html, "<polyline[^>]*points=\"([^\"]*)\"").Groups[1].Value.Split(' ');
        points.Length.Should().BeInRange(2, 501, "the curve is thinned to at most 500 points and the last");
    }

    [Fact]
    public void A_short_history_lists_every_epoch_on_a_linear_scale()
    {
        var network = TenPointTour.CreateNetwork();
        var history = new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 10 }).Train(network, TenPointTour.Inputs(), TenPointTour.Targets());

        string html = NotebookHtml.Render(history);

        var rows = HtmlTables.Rows(html, "Epochs");
        rows.Select(r => r[0]).Should().Equal(Enumerable.Range(0, 10).Select(e => e.ToString(CultureInfo.InvariantCulture)).Prepend("epoch"));
        var errors = Golden.Vector("brownlee_tenpoint", "computed", "tenpoint_epoch_errors");
        rows[10][1].Should().Be((errors[9] / 2).ToString("G10", CultureInfo.InvariantCulture), "the summed loss is half the tutorial's error");
        HtmlTables.Text(html).Should().Contain("mean loss per sample").And.NotContain("log scale");
    }

    [Fact]
    public void The_confusion_matrix_shows_the_counts_and_each_classs_precision_and_recall()
    {
        var matrix = new ConfusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2);

        string html = NotebookHtml.Render(matrix, ["cat", "dog"]);

        HtmlTables.Text(html).Should().Contain("Accuracy 60.0 % (3 of 5 right).");
        HtmlTables.Rows(html, "Confusion matrix (rows: actual, columns: predicted)").Should().BeEquivalentTo(new[]
        {
            new[] { "actual", "predicted cat", "predicted dog" }, ["cat", "1", "1"], ["dog", "1", "2"],
        }, o => o.WithStrictOrdering());
        HtmlTables.Row(html, "Per class", "dog").Should().Equal("dog", (2.0 / 3).ToString("G10", CultureInfo.InvariantCulture), (2.0 / 3).ToString("G10", CultureInfo.InvariantCulture), "3");
    }

    [Fact]
    public void Text_from_data_is_escaped_and_runs_nothing()
    {
        const string Label = "</td><script>alert(1)</script><img src=x onerror=alert(2)>";

        string html = NotebookHtml.Render(new ConfusionMatrix([0, 1], [0, 1], 2), [Label, "b & \"c\""]);

        html.Should().NotContain("<script").And.NotContain("<img").And.Contain("&lt;script&gt;").And.Contain("b &amp; &quot;c&quot;");
        HtmlTables.Row(html, "Per class", Label)[3].Should().Be("1");
    }

    [Fact]
    public void Class_names_that_do_not_fit_the_matrix_are_refused_naming_both_counts()
    {
        var act = () => NotebookHtml.Render(new ConfusionMatrix([0, 1, 2], [0, 1, 2], 3), ["a", "b"]);

        act.Should().Throw<ArgumentException>().WithParameterName("classNames").WithMessage("classNames has 2 names, but the confusion matrix has 3 classes.*");
    }
}
