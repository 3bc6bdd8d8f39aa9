using System.Text.Json;

namespace Backprop.Tests.Demo;

// Every test runs the demo in a process of its own.
[Trait("Category", "Integration")]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_notebooks_architecture_trains_on_the_ten_points_and_its_loss_falls()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "tenpoint", "--hidden", "2,2", "--activation", "sigmoid",
            "--loss", "half-squared-error", "--optimizer", "sgd", "--learning-rate", "0.5", "--batch-size", "1",
            "--epochs", "300", "--test-fraction", "0", "--scale", "none", "--no-shuffle", "--init", "uniform", "--json");

        exit.Should().Be(0, error);
        var run = JsonDocument.Parse(output).RootElement.GetProperty("runs")[0];
        var losses = run.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("mean_loss").GetDouble()).ToArray();
        JsonDocument.Parse(output).RootElement.GetProperty("network").GetString().Should().StartWith("2-2(sigmoid)-2(sigmoid)-2(sigmoid)");
        losses.Should().HaveCount(300);
        losses[^1].Should().BeLessThan(0.5 * losses[0]);
        run.GetProperty("accuracy").GetDouble().Should().Be(1.0);
    }

    [Theory]
    [InlineData("rmsprop", "0.01", "--schedule", "cosine:100")]
    [InlineData("adagrad", "0.1", "--clip-norm", "1")]
    [InlineData("adamw", "0.01", "--schedule", "warmup:10")]
    [InlineData("nadam", "0.01", "--clip-value", "0.5")]
    [InlineData("sgd", "0.1", "--l1", "0.0001")]
    [InlineData("rprop", "0.01", "--schedule", "none")]
    public void Each_adaptive_optimizer_trains_iris_from_the_command_line(string optimizer, string learningRate, string option, string value)
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "iris", "--hidden", "8", "--epochs", "100",
            "--batch-size", "8", "--optimizer", optimizer, "--learning-rate", learningRate, option, value, "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("optimizer").GetString().Should().Be(optimizer);
        root.GetProperty("runs")[0].GetProperty("accuracy").GetDouble().Should().BeGreaterThanOrEqualTo(0.9);
    }

    [Fact]
    public void Iris_reaches_at_least_95_percent_on_a_stratified_test_split()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "iris", "--hidden", "8", "--epochs", "100",
            "--batch-size", "8", "--learning-rate", "0.01", "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("evaluated_on").GetString().Should().Be("test");
        var run = root.GetProperty("runs")[0];
        run.GetProperty("evaluation_samples").GetInt32().Should().Be(30);
        run.GetProperty("accuracy").GetDouble().Should().BeGreaterThanOrEqualTo(0.95);
        run.GetProperty("confusion").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(x => x.GetInt32()).Should().Be(30);
    }

    [Fact]
    public void Redirected_output_prints_one_line_per_epoch_then_the_confusion_matrix_and_writes_the_plot()
    {
        string plot = Path.Combine(_dir, "curve.svg");

        var (exit, output, error) = DemoRunner.Run("train", "--data", "iris", "--hidden", "4", "--epochs", "5", "--plot", plot);

        exit.Should().Be(0, error);
        var lines = output.Split('\n');
        lines.Count(l => l.StartsWith("epoch ")).Should().Be(5);
        lines.Take(4).Should().Equal(
            "data: iris.csv, 150 samples, 4 features, 3 classes (0, 1, 2); task: classification (the labels are 3 distinct whole numbers)",
            "network: 4-4(relu)-3(softmax), categorical-cross-entropy, 35 parameters",
            "training: adam, 5 epochs, batch 32, shuffled, seed 1, zscore scaling fitted on the training part",
            lines[3]);
        lines[3].Should().StartWith("epoch    1/5  loss ");
        output.Should().Contain("confusion matrix").And.Contain("precision").And.Contain("test accuracy:");
        File.ReadAllText(plot).Should().Contain("training");
    }

    [Fact]
    public void Cross_validation_reports_every_fold_and_the_mean()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "iris", "--hidden", "4", "--epochs", "5", "--folds", "3");

        exit.Should().Be(0, error);
        output.Should().Contain("fold 1:").And.Contain("fold 3:").And.Contain("mean accuracy over 3 folds");
    }

    [Fact]
    public void A_malformed_csv_is_reported_with_its_line_and_column()
    {
        string csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(csv, "a,b,label\n1,2,0\n3,oops,1\n");

        var (exit, _, error) = DemoRunner.Run("train", "--data", csv);

        exit.Should().Be(2);
        error.Should().Contain("bad.csv, line 3, column 2").And.Contain("'oops'");
    }

    // The parser's range checks are in ParseErrorTests (in process), the rest of the bad input in BadInputTests.
    [Fact]
    public void Bad_settings_are_reported_clearly()
    {
        DemoRunner.Run("train", "--data", "iris", "--optimizer", "rprop", "--weight-decay", "0.1").Error.Should().Contain("--weight-decay 0.1: does not apply to rprop");
        DemoRunner.Run("train", "--data", "iris", "--schedule", "cosine:0").Error.Should().Contain("--schedule cosine:0: epochs must be at least 1; got 0.");
        DemoRunner.Run("train", "--data", "iris", "--schedule", "cosine:x").Error.Should().Contain("cosine:EPOCHS[:MIN]");
        DemoRunner.Run("train", "--data", "nowhere.csv").Error.Should().Contain("iris, digits, tenpoint");
        DemoRunner.Run("train", "--data", "iris", "--loss", "categorical-cross-entropy", "--output-activation", "sigmoid")
            .Error.Should().Contain("--loss categorical-cross-entropy with output activation sigmoid: ").And.Contain("softmax");
    }

    [Fact]
    public void Brownlee_seeds_without_its_file_says_what_is_missing()
    {
        var (exit, _, error) = DemoRunner.Run("brownlee-seeds", "--data", Path.Combine(_dir, "missing.csv"));

        exit.Should().Be(2);
        error.Should().Contain("missing.csv");
    }
}
