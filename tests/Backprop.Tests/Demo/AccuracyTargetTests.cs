using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>The README's accuracy figures, rerun in process with the README's settings.</summary>
public class AccuracyTargetTests
{
    [Fact]
    public void Digits_64_32_10_with_softmax_and_cross_entropy_reaches_97_percent_on_a_stratified_80_20_split()
    {
        var result = TrainRun.Run(new TrainSettings
        {
            Data = "digits", Hidden = [32], Epochs = 60, LearningRate = 0.002, Scale = "minmax",
        });

        result.Network.Should().StartWith("64-32(relu)-10(softmax), categorical-cross-entropy");
        result.Runs[0].EvaluationCount.Should().Be(359);
        result.Runs[0].Confusion!.Accuracy.Should().BeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void Iris_reaches_95_percent_on_a_stratified_80_20_split()
    {
        var result = TrainRun.Run(new TrainSettings { Data = "iris", Hidden = [8], Epochs = 100, BatchSize = 8, LearningRate = 0.01 });

        result.Runs[0].Confusion!.Accuracy.Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Theory]
    [InlineData("breast_cancer", 0.9771)]
    [InlineData("wine", 0.9606)]
    public void Breast_cancer_and_wine_reach_the_readmes_5_fold_mean_accuracy_with_the_defaults(string data, double readme)
    {
        var result = TrainRun.Run(new TrainSettings { Data = data, Folds = 5 });

        result.Input.Task.Should().Be(LabelKind.Classification);
        result.MeanAccuracy!.Value.Should().BeApproximately(readme, 0.00005, "the README prints it to two decimals of a percent");
    }

    [Fact]
    public void Diabetes_reaches_the_readmes_5_fold_mean_r2_with_the_defaults()
    {
        var result = TrainRun.Run(new TrainSettings { Data = "diabetes", Folds = 5 });

        result.Input.Task.Should().Be(LabelKind.Regression);
        result.MeanRSquared!.Value.Should().BeApproximately(0.3926, 0.00005);
        result.RSquaredDeviation!.Value.Should().BeApproximately(0.1157, 0.00005);
        result.MeanRootMeanSquaredError!.Value.Should().BeApproximately(58.74, 0.005);
    }
}
