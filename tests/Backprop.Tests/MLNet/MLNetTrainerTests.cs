using Backprop.MLNet;
using Microsoft.ML;

namespace Backprop.Tests.MLNet;

/// <summary>A Backprop trainer in an ML.NET pipeline scores each row as its own Backprop model predicts that row.</summary>
public sealed class MLNetTrainerTests
{
    /// <summary>Small and quick: the tests compare predictions, not accuracy.</summary>
    internal static readonly BackpropTrainerOptions Quick = new() { HiddenLayers = [8], Optimizer = new Adam(0.01), Epochs = 20, Seed = 3 };

    private static double[] Widened(float[] row) => [.. row.Select(v => (double)v)];

    [Fact]
    public void A_multiclass_trainer_writes_the_models_probabilities_as_Score_and_its_class_as_the_labels_key()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.NormalizeMeanVariance("Features").Fit(MLNetData.Iris(ml)).Transform(MLNetData.Iris(ml));
        using var fitted = ml.MulticlassClassification.Trainers.Backprop(Quick).Fit(data);

        var scored = fitted.Transform(data);
        var features = MLNetData.Vectors(scored, "Features");
        var scores = MLNetData.Vectors(scored, "Score");
        var predicted = MLNetData.Column<uint>(scored, "PredictedLabel");
        fitted.Model.InputScaler.Should().BeNull("NormalizeMeanVariance marked the features normalised, so the model scales nothing again");
        fitted.Model.ClassNames.Should().Equal("0", "1", "2");
        for (int i = 0; i < features.Length; i++)
        {
            double[] expected = fitted.Model.Predict(Widened(features[i]));
            scores[i].Should().HaveCount(3);
            for (int k = 0; k < 3; k++) FloatPrecision.ShouldMatch(scores[i][k], expected[k], $"row {i}, class {k}");
            predicted[i].Should().Be((uint)fitted.Model.Classify(Widened(features[i])).Index + 1, $"row {i}: keys count from 1");
        }
    }

    [Fact]
    public void A_float32_trainer_scores_each_row_as_its_float32_model_predicts_it()
    {
        var ml = new MLContext(1);
        var data = MLNetData.Iris(ml);
        using var fitted = ml.MulticlassClassification.Trainers.Backprop(Quick with { Precision = Backprop.Precision.Float32 }).Fit(data);

        var scored = fitted.Transform(data);
        var features = MLNetData.Vectors(scored, "Features");
        var scores = MLNetData.Vectors(scored, "Score");
        fitted.Model.Network.Precision.Should().Be(Backprop.Precision.Float32);
        for (int i = 0; i < features.Length; i++)
        {
            double[] expected = fitted.Model.Predict(Widened(features[i]));
            // ONNX Runtime's float Gemm sums in its own order: within a few float ulps of the terms (order 1).
            for (int k = 0; k < 3; k++) ((double)scores[i][k]).Should().BeApproximately(expected[k], 2e-6, $"row {i}, class {k}");
        }
    }

    [Fact]
    public void A_binary_trainer_writes_the_logit_as_Score_the_probability_of_true_and_the_class()
    {
        var ml = new MLContext(1);
        var data = MLNetData.BreastCancer(ml);
        using var fitted = ml.BinaryClassification.Trainers.Backprop(Quick).Fit(data);

        var scored = fitted.Transform(data);
        var features = MLNetData.Vectors(scored, "Features");
        var score = MLNetData.Column<float>(scored, "Score");
        var probability = MLNetData.Column<float>(scored, "Probability");
        var predicted = MLNetData.Column<bool>(scored, "PredictedLabel");
        fitted.Model.InputScaler.Should().NotBeNull("the raw features carry no normaliser's mark, so the model z-scores them");
        fitted.Model.ClassNames.Should().Equal("false", "true");
        predicted.Should().Contain(true).And.Contain(false);
        for (int i = 0; i < features.Length; i++)
        {
            double[] p = fitted.Model.Predict(Widened(features[i]));
            FloatPrecision.ShouldMatch(probability[i], p[1], $"row {i}");
            predicted[i].Should().Be(fitted.Model.Classify(Widened(features[i])).Index == 1, $"row {i}");
            // The logit net₁ − net₀ of the two-output softmax: p₁ = σ(net₁ − net₀).
            double logit = Math.Log(p[1]) - Math.Log(p[0]);
            if (Math.Abs(logit) < 20) score[i].Should().BeApproximately((float)logit, 1e-4f * Math.Max(1, Math.Abs((float)logit)), $"row {i}");
            else Math.Sign(score[i]).Should().Be(Math.Sign(logit), $"row {i}");
        }
    }

    [Fact]
    public void A_regression_trainer_writes_the_models_value_in_the_labels_units_as_Score()
    {
        var ml = new MLContext(1);
        var data = MLNetData.Diabetes(ml);
        using var fitted = ml.Regression.Trainers.Backprop(Quick).Fit(data);

        var scored = fitted.Transform(data);
        var features = MLNetData.Vectors(scored, "Features");
        var score = MLNetData.Column<float>(scored, "Score");
        fitted.Model.TargetScaler.Should().NotBeNull("the label is z-scored for training by default and unscaled on prediction");
        score.Average().Should().BeInRange(100, 200, "the progression is about 150 on average");
        for (int i = 0; i < features.Length; i++)
            FloatPrecision.ShouldMatch(score[i], fitted.Model.Predict(Widened(features[i]))[0], $"row {i}");
    }

    [Fact]
    public void The_same_data_options_and_seed_give_the_same_model_and_another_seed_another()
    {
        var ml = new MLContext(1);
        var data = MLNetData.Iris(ml);
        using var first = ml.MulticlassClassification.Trainers.Backprop(Quick).Fit(data);
        using var second = ml.MulticlassClassification.Trainers.Backprop(Quick).Fit(data);
        using var other = ml.MulticlassClassification.Trainers.Backprop(Quick with { Seed = 4 }).Fit(data);

        var weights = first.Model.Network.Layers[0].Weights.ToRowMajorArray();
        second.Model.Network.Layers[0].Weights.ToRowMajorArray().Should().Equal(weights);
        other.Model.Network.Layers[0].Weights.ToRowMajorArray().Should().NotEqual(weights);
        first.History.Epochs.Should().HaveCount(Quick.Epochs);
    }

    [Fact]
    public void The_options_reach_the_network_and_an_explicit_scaling_overrides_the_normalisers_mark()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.NormalizeMinMax("Features").Fit(MLNetData.Iris(ml)).Transform(MLNetData.Iris(ml));
        var options = Quick with { HiddenLayers = [5, 4], Activation = Activation.Tanh, InputScaling = Scaling.ZScore, Epochs = 3 };

        using var fitted = ml.MulticlassClassification.Trainers.Backprop(options).Fit(data);

        fitted.Model.Network.Layers.Select(l => l.OutputSize).Should().Equal(5, 4, 3);
        fitted.Model.Network.Layers[0].Activation.Should().Be(Activation.Tanh);
        fitted.Model.Network.Layers[^1].Activation.Should().Be(Activation.Softmax);
        fitted.Model.InputScaler.Should().BeOfType<StandardScaler>();
        fitted.History.Epochs.Should().HaveCount(3);
    }
}
