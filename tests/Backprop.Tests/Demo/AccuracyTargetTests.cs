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
}
