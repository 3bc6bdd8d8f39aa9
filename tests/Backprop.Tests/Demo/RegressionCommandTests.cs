using System.Text.Json;

namespace Backprop.Tests.Demo;

/// <summary>train on a regression target, run as a user would in a process of its own.</summary>
[Trait("Category", "Integration")]
public sealed class RegressionCommandTests
{
    private const int DiabetesRows = 442;

    [Fact]
    public void Five_folds_of_diabetes_report_r2_per_fold_and_test_indices_that_cover_every_row_once()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "diabetes", "--folds", "5", "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("task").GetString().Should().Be("regression");
        root.GetProperty("data").GetProperty("targets").EnumerateArray().Select(t => t.GetString()).Should().Equal("progression");
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        runs.Should().HaveCount(5);
        var r2 = runs.Select(r => r.GetProperty("r2").GetDouble()).ToArray();
        r2.Should().OnlyContain(x => x > 0 && x < 1, "a network beats the mean on every fold, and no fold is perfect");
        foreach (var run in runs)
        {
            run.TryGetProperty("confusion", out _).Should().BeFalse("a regressor has no confusion matrix");
            var target = run.GetProperty("targets")[0];
            target.GetProperty("name").GetString().Should().Be("progression");
            target.GetProperty("r2").GetDouble().Should().Be(run.GetProperty("r2").GetDouble());
            double mse = run.GetProperty("mse").GetDouble();
            run.GetProperty("rmse").GetDouble().Should().BeApproximately(Math.Sqrt(mse), 1e-9 * Math.Sqrt(mse));
            run.GetProperty("mae").GetDouble().Should().BeInRange(1, run.GetProperty("rmse").GetDouble());
        }
        var indices = runs.SelectMany(r => r.GetProperty("test_indices").EnumerateArray().Select(i => i.GetInt32())).ToArray();
        indices.Should().HaveCount(DiabetesRows).And.OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(0, DiabetesRows));
        runs.Should().OnlyContain(r => r.GetProperty("test_indices").GetArrayLength() == r.GetProperty("evaluation_samples").GetInt32());
        root.GetProperty("mean_r2").GetDouble().Should().BeApproximately(r2.Average(), 1e-15);
        root.GetProperty("std_r2").GetDouble().Should().BeApproximately(Math.Sqrt(r2.Average(x => (x - r2.Average()) * (x - r2.Average()))), 1e-15);
        root.GetProperty("mean_rmse").GetDouble().Should().BeApproximately(runs.Average(r => r.GetProperty("rmse").GetDouble()), 1e-12);
    }

    [Fact]
    public void Diabetes_without_a_task_says_it_chose_regression_and_why_and_reports_r2_in_the_targets_units()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "diabetes");

        exit.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        lines[0].Should().Be("data: diabetes.csv, 442 samples, 10 features, target progression; task: regression " +
                             "(the labels are 214 distinct whole numbers, more than the 50 classes a classifier is allowed)");
        lines[1].Should().Be("network: 10-16(relu)-1(identity), mse, 193 parameters");
        lines[2].Should().EndWith("zscore scaling of the inputs and zscore of the targets fitted on the training part");
        lines.Should().Contain("split: 354 training / 88 test");
        lines.Should().ContainSingle(l => l.StartsWith("test: R² ", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"^test: R² 0\.\d{4}, RMSE \d+(\.\d+)?, MAE \d+(\.\d+)?, MSE \d+(\.\d+)? \(progression, in its units\)$");
        output.Should().NotContain("confusion matrix").And.NotContain("accuracy");
    }

    [Fact]
    public void Task_regression_is_named_as_the_reason_and_early_stopping_works_on_the_validation_loss()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "diabetes", "--task", "regression", "--validation-split", "0.2",
            "--patience", "5", "--epochs", "500");

        exit.Should().Be(0, error);
        output.Should().Contain("; task: regression (--task)").And.Contain("val_loss ").And.MatchRegex(@"stopped early; best epoch \d+ restored");
    }

    [Fact]
    public void Two_label_columns_are_two_regression_targets_each_with_its_metrics()
    {
        var (exit, output, error) = DemoRunner.Run("train", "--data", "diabetes", "--label-name", "s5,s6", "--epochs", "5", "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("task_reason").GetString().Should().Be("there are 2 label columns, and several targets are read as regression");
        root.GetProperty("data").GetProperty("features").GetInt32().Should().Be(9);
        var run = root.GetProperty("runs")[0];
        var targets = run.GetProperty("targets").EnumerateArray().ToArray();
        targets.Select(t => t.GetProperty("name").GetString()).Should().Equal("s5", "s6");
        run.GetProperty("r2").GetDouble().Should().BeApproximately(targets.Average(t => t.GetProperty("r2").GetDouble()), 1e-15);
    }
}
