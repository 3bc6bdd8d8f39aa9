using System.Globalization;
using System.Text.Json;

namespace Backprop.Tests.Demo;

/// <summary>
/// A model fitted and saved here, then used by predict in a fresh process: what the other process prints must be
/// what this one's model gives, bit for bit — the file carries the scaling, the network and the names whole.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FreshProcessPredictTests : IDisposable
{
    private static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-fresh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name + ".csv");

    private static double[] Row(Dataset data, int s) => data.Inputs.Column(s).ToArray();

    private static JsonElement Predict(string model, string csv)
    {
        var (exit, output, error) = DemoRunner.Run("predict", "--model", model, "--data", csv, "--json");
        exit.Should().Be(0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void A_classifier_fitted_here_predicts_the_same_labels_and_probabilities_bit_for_bit_in_a_fresh_process()
    {
        var iris = CsvDataset.Load(Bundled("iris")).WithClassNames(Species);
        var (train, _) = DataSplit.TrainTest(iris, 0.2, new Random(3));
        var model = Model.Fit(train, new FitOptions { Hidden = [8], Training = new TrainingOptions { Epochs = 30, BatchSize = 8, Shuffle = true } }, seed: 3).Model;
        string file = Path.Combine(_dir, "iris.json"), raw = Path.Combine(_dir, "raw.csv");
        model.Save(file);
        // The raw rows without their labels, as an app would get them.
        File.WriteAllLines(raw, [string.Join(",", iris.FeatureNames), .. Enumerable.Range(0, iris.Count)
            .Select(s => string.Join(",", Row(iris, s).Select(x => x.ToString("R", CultureInfo.InvariantCulture))))]);

        var root = Predict(file, raw);

        root.GetProperty("task").GetString().Should().Be("classification");
        root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).Should().Equal(Species);
        var labels = root.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()).ToArray();
        var probabilities = root.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        var outputs = root.GetProperty("outputs").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        labels.Should().HaveCount(iris.Count);
        for (int s = 0; s < iris.Count; s++)
        {
            var expected = model.Classify(Row(iris, s));
            labels[s].Should().Be(expected.Label, $"row {s}");
            probabilities[s].Should().Be(expected.Probability, $"row {s}'s probability, bit for bit");
            outputs[s].Should().Equal(model.Predict(Row(iris, s)), $"row {s}'s outputs");
        }
        labels.Distinct().Should().BeEquivalentTo(Species, "a trained classifier tells all three apart");
        root.TryGetProperty("accuracy", out _).Should().BeFalse("the file has no labels");
    }

    [Fact]
    public void A_regressor_fitted_here_predicts_the_same_values_and_r2_bit_for_bit_in_a_fresh_process()
    {
        var diabetes = CsvDataset.Load(Bundled("diabetes"));
        var model = Model.Fit(diabetes, new FitOptions { Hidden = [8], Training = new TrainingOptions { Epochs = 20, BatchSize = 16, Shuffle = true } }, seed: 2).Model;
        string file = Path.Combine(_dir, "diabetes.json");
        model.Save(file);

        var root = Predict(file, Bundled("diabetes"));

        root.GetProperty("task").GetString().Should().Be("regression");
        root.GetProperty("targets").EnumerateArray().Select(t => t.GetString()).Should().Equal("progression");
        var values = root.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        values.Should().HaveCount(diabetes.Count);
        for (int s = 0; s < diabetes.Count; s++) values[s].Should().Be(model.Predict(Row(diabetes, s))[0], $"row {s}, bit for bit");
        var evaluation = model.Evaluate(diabetes).Regression!;
        root.GetProperty("r2").GetDouble().Should().Be(evaluation.RSquared, "the file's progression column is the target");
        root.GetProperty("rmse").GetDouble().Should().Be(evaluation.RootMeanSquaredError);
        root.GetProperty("mae").GetDouble().Should().Be(evaluation.MeanAbsoluteError);
    }
}
