using Backprop.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.Tests.MLNet;

/// <summary>ML.NET's own machinery — Evaluate, CrossValidate, PredictionEngine, Save and Load — on pipelines that end in a
/// Backprop trainer, unchanged.</summary>
public sealed class MLNetPipelineTests
{
    private static readonly BackpropTrainerOptions Iris = new() { HiddenLayers = [8], Optimizer = new Adam(0.01), Epochs = 60, BatchSize = 8, Seed = 1 };

    /// <summary>The iris pipeline of the package README: species as text made a key, the features z-scored, the trainer,
    /// and the predicted key turned back into the species.</summary>
    private static IEstimator<ITransformer> Pipeline(MLContext ml, BackpropTrainerOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Backprop(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    private sealed class Flower
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        /// <summary>Unknown when predicting; the pipeline's MapValueToKey reads it (as for ML.NET's own trainers).</summary>
        public string Label { get; set; } = "";
    }

    private sealed class Species
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void Evaluate_reads_a_multiclass_pipelines_scores_and_the_prediction_engine_gives_the_species_back()
    {
        var ml = new MLContext(1);
        var split = ml.Data.TrainTestSplit(MLNetData.Load(ml, "iris", 4, DataKind.String), testFraction: 0.2, seed: 1);
        var model = Pipeline(ml, Iris).Fit(split.TrainSet);

        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        var engine = ml.Model.CreatePredictionEngine<Flower, Species>(model);
        var setosa = engine.Predict(new Flower { Features = [5.1f, 3.5f, 1.4f, 0.2f] });
        var virginica = engine.Predict(new Flower { Features = [6.9f, 3.1f, 5.4f, 2.1f] });

        metrics.MicroAccuracy.Should().BeGreaterThanOrEqualTo(0.95);
        metrics.ConfusionMatrix.NumberOfClasses.Should().Be(3);
        metrics.LogLoss.Should().BeGreaterThan(0).And.BeLessThan(0.5);
        setosa.PredictedLabel.Should().Be("0");
        virginica.PredictedLabel.Should().Be("2");
        setosa.Score.Should().HaveCount(3);
        setosa.Score.Sum().Should().BeApproximately(1, 1e-5f);
        setosa.Score[0].Should().BeGreaterThan(0.9f, "the key of species 0 is the first, as MapValueToKey met it first");
    }

    [Fact]
    public void CrossValidate_fits_and_scores_each_fold_with_the_binary_and_regression_evaluators()
    {
        var ml = new MLContext(1);
        var options = Iris with { Epochs = 15 };

        var binary = ml.BinaryClassification.CrossValidate(MLNetData.BreastCancer(ml), ml.BinaryClassification.Trainers.Backprop(options), numberOfFolds: 3);
        var regression = ml.Regression.CrossValidate(MLNetData.Diabetes(ml), ml.Regression.Trainers.Backprop(options), numberOfFolds: 3);

        binary.Should().HaveCount(3);
        binary.Select(f => f.Metrics.Accuracy).Should().OnlyContain(a => a > 0.9);
        binary.Select(f => f.Metrics.AreaUnderRocCurve).Should().OnlyContain(a => a > 0.95);
        binary.Select(f => f.Metrics.LogLoss).Should().OnlyContain(l => l > 0 && l < 0.5, "log-loss reads Probability");
        regression.Should().HaveCount(3);
        regression.Select(f => f.Metrics.RSquared).Should().OnlyContain(r => r > 0.2 && r < 1);
    }

    [Fact]
    public void A_saved_pipeline_loads_in_a_fresh_context_and_predicts_the_same_floats()
    {
        var ml = new MLContext(1);
        var data = MLNetData.Load(ml, "iris", 4, DataKind.String);
        var model = Pipeline(ml, Iris with { Epochs = 10 }).Fit(data);
        string file = Path.Combine(Path.GetTempPath(), $"backprop-mlnet-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, file);
            var fresh = new MLContext(7);
            using var loaded = (TransformerChain<ITransformer>)fresh.Model.Load(file, out var schema);

            var before = model.Transform(data);
            var after = loaded.Transform(fresh.Data.LoadFromEnumerable(fresh.Data.CreateEnumerable<TextRow>(data, reuseRowObject: false)));
            MLNetData.Vectors(after, "Score").Should().BeEquivalentTo(MLNetData.Vectors(before, "Score"), o => o.WithStrictOrdering());
            MLNetData.Column<string>(after, "PredictedLabel").Should().Equal(MLNetData.Column<string>(before, "PredictedLabel"));
            schema.Select(c => c.Name).Should().Equal("Features", "Label");
            after.Schema.Select(c => c.Name).Should().NotContain(c => c.StartsWith("Backprop.", StringComparison.Ordinal), "the intermediate columns are dropped");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class TextRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [Fact]
    public void The_output_schema_names_the_columns_the_evaluators_read_before_anything_is_fitted()
    {
        var ml = new MLContext(1);
        var iris = MLNetData.Load(ml, "iris", 4, DataKind.String);

        var multiclass = Pipeline(ml, Iris).GetOutputSchema(Shape(iris.Schema));
        var binary = ml.BinaryClassification.Trainers.Backprop().GetOutputSchema(Shape(MLNetData.BreastCancer(ml).Schema));
        var regression = ml.Regression.Trainers.Backprop().GetOutputSchema(Shape(MLNetData.Diabetes(ml).Schema));

        Column(multiclass, "Score").Kind.Should().Be(SchemaShape.Column.VectorKind.Vector);
        Column(multiclass, "PredictedLabel").ItemType.Should().Be(TextDataViewType.Instance, "MapKeyToValue found the label's key values on it");
        Column(binary, "Score").ItemType.Should().Be(NumberDataViewType.Single);
        Column(binary, "Probability").ItemType.Should().Be(NumberDataViewType.Single);
        Column(binary, "PredictedLabel").ItemType.Should().Be(BooleanDataViewType.Instance);
        Column(regression, "Score").Kind.Should().Be(SchemaShape.Column.VectorKind.Scalar);
        regression.Select(c => c.Name).Should().NotContain(c => c.StartsWith("Backprop.", StringComparison.Ordinal));
    }

    private static SchemaShape.Column Column(SchemaShape shape, string name) => shape.Single(c => c.Name == name);

    /// <summary>ML.NET's SchemaShape.Create, the shape of a data view's schema, which ML.NET keeps internal.</summary>
    private static SchemaShape Shape(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, [schema])!;
}
