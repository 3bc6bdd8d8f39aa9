using Backprop.Demo.Commands;
using Backprop.Tests.Demo;

namespace Backprop.Tests.Precision;

/// <summary>
/// Training in float32 reaches the accuracy of float64: the README's digits, iris and wheat-seeds runs, the same
/// seed and options in both precisions, each held-out set scored within one test sample of the other.
/// </summary>
public class FloatAccuracyTests
{
    /// <summary>Rounding to floats moves the weights by about 1e-7 relative, so a test sample near the decision
    /// boundary may change sides; more than one per held-out set would be a real loss of accuracy.</summary>
    private const int SamplesAllowedToDiffer = 1;

    [Fact]
    public void Digits_in_float32_score_the_test_split_within_one_sample_of_float64()
    {
        var (wide, narrow) = BothPrecisions(new TrainSettings
        {
            Data = "digits", Hidden = [32], Epochs = 60, LearningRate = 0.002, Scale = "minmax",
        });

        wide.Runs[0].EvaluationCount.Should().Be(359);
        wide.Runs[0].Confusion!.Accuracy.Should().BeGreaterThanOrEqualTo(0.97);
        ShouldAgree(wide, narrow);
    }

    [Fact]
    public void Iris_in_float32_scores_the_test_split_within_one_sample_of_float64()
    {
        var (wide, narrow) = BothPrecisions(new TrainSettings { Data = "iris", Hidden = [8], Epochs = 100, BatchSize = 8, LearningRate = 0.01 });

        wide.Runs[0].EvaluationCount.Should().Be(30);
        wide.Runs[0].Confusion!.Accuracy.Should().BeGreaterThanOrEqualTo(0.95);
        ShouldAgree(wide, narrow);
    }

    [Fact]
    public void Wheat_seeds_5_fold_in_float32_scores_each_fold_within_one_sample_of_float64()
    {
        // The UCI seeds file lives in ../shared/data beside the repository, never in it.
        string path = Path.GetFullPath(Path.Combine(DemoRunner.RepositoryRoot(), "..", "shared", "data", "seeds_dataset.csv"));
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: the UCI seeds file (210 rows; see ../shared/data/README.md beside the repository).", path);

        var (wide, narrow) = BothPrecisions(new TrainSettings
        {
            Data = path, Folds = 5, Hidden = [8], Activation = "tanh", Epochs = 100, BatchSize = 8, LearningRate = 0.01,
        });

        wide.Runs.Should().HaveCount(5);
        wide.MeanAccuracy!.Value.Should().BeApproximately(0.9476, 0.00005, "the README's 94.76 % mean accuracy");
        ShouldAgree(wide, narrow);
    }

    private static (TrainResult Wide, TrainResult Narrow) BothPrecisions(TrainSettings settings) =>
        (TrainRun.Run(settings with { Precision = "float64" }), TrainRun.Run(settings with { Precision = "float32" }));

    private static void ShouldAgree(TrainResult wide, TrainResult narrow)
    {
        narrow.Runs.Should().HaveCount(wide.Runs.Count);
        for (int run = 0; run < wide.Runs.Count; run++)
        {
            var (w, n) = (wide.Runs[run].Confusion!, narrow.Runs[run].Confusion!);
            n.Total.Should().Be(w.Total, "both precisions hold out the same samples");
            n.Correct.Should().BeInRange(w.Correct - SamplesAllowedToDiffer, w.Correct + SamplesAllowedToDiffer,
                $"run {run + 1}: float32 scores {n.Correct} of {n.Total}, float64 {w.Correct}");
        }
    }
}
