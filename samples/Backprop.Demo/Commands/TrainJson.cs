using System.Text.Json.Nodes;
using Backprop.Demo.Tour;

namespace Backprop.Demo.Commands;

/// <summary>A <see cref="TrainResult"/> as JSON, numbers at full precision: the data, the task, the network, and
/// per run its history, its test rows and its metrics.</summary>
public static class TrainJson
{
    /// <summary>The whole result. Each run has <c>test_indices</c>, the 0-based data rows (in file order) it was
    /// evaluated on, so another library can be scored on the very same folds; a classifier's run has
    /// <c>accuracy</c>, <c>confusion</c>, <c>precision</c> and <c>recall</c>, a regressor's <c>r2</c>, <c>rmse</c>,
    /// <c>mae</c> and <c>mse</c> (means over the targets, in their units) and the same per target.</summary>
    public static JsonObject ToJson(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var runs = new JsonArray();
        foreach (var run in r.Runs) runs.Add(Run(run));
        var d = r.Data;
        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["file"] = r.Input.File,
                ["samples"] = d.Count,
                ["features"] = d.FeatureCount,
                ["classes"] = d.ClassNames is { } c ? Strings(c) : null,
                ["targets"] = d.IsClassification ? null : Strings(d.TargetNames),
            },
            ["task"] = r.Input.TaskName,
            ["task_reason"] = r.Input.Reason,
            ["network"] = r.Network,
            ["optimizer"] = r.Settings.Optimizer,
            ["evaluated_on"] = r.EvaluatedOn,
            ["runs"] = runs,
            ["mean_accuracy"] = r.MeanAccuracy,
            ["mean_r2"] = r.MeanRSquared,
            ["std_r2"] = r.RSquaredDeviation,
            ["mean_rmse"] = r.MeanRootMeanSquaredError,
            ["interrupted"] = r.Interrupted is { } i ? new JsonObject { ["run"] = i.Run, ["epoch"] = i.Epoch, ["batch"] = i.Batch } : null,
        };
    }

    private static JsonObject Run(Evaluation run)
    {
        var o = new JsonObject
        {
            ["train_samples"] = run.TrainCount,
            ["evaluation_samples"] = run.EvaluationCount,
            ["test_indices"] = Json.Array(run.TestIndices),
            ["stop_reason"] = run.History.StopReason.ToString(),
            ["best_epoch"] = run.History.BestEpoch,
            ["history"] = new JsonArray(run.History.Epochs.Select(e => (JsonNode?)new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["loss"] = e.Loss,
                ["mean_loss"] = e.MeanLoss,
                ["training_accuracy"] = e.TrainingAccuracy,
                ["validation_loss"] = e.ValidationLoss,
                ["validation_accuracy"] = e.ValidationAccuracy,
                ["learning_rate"] = e.LearningRate,
                ["elapsed_ms"] = e.Elapsed.TotalMilliseconds,
            }).ToArray()),
            ["evaluation_loss"] = run.EvaluationLoss,
        };
        if (run.Confusion is { } m)
        {
            o["accuracy"] = m.Accuracy;
            o["correct"] = m.Correct;
            o["confusion"] = new JsonArray(Enumerable.Range(0, m.Classes).Select(a =>
                (JsonNode?)Json.Array(Enumerable.Range(0, m.Classes).Select(p => m[a, p]))).ToArray());
            o["precision"] = Json.Array(Enumerable.Range(0, m.Classes).Select(m.Precision));
            o["recall"] = Json.Array(Enumerable.Range(0, m.Classes).Select(m.Recall));
        }
        if (run.Regression is { } g)
        {
            o["r2"] = g.RSquared;
            o["rmse"] = g.RootMeanSquaredError;
            o["mae"] = g.MeanAbsoluteError;
            o["mse"] = g.MeanSquaredError;
            o["targets"] = Targets(g);
        }
        return o;
    }

    /// <summary>Each target's name, r2, rmse, mae and mse.</summary>
    public static JsonArray Targets(RegressionMetrics g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new(g.Targets.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["r2"] = t.RSquared,
            ["rmse"] = t.RootMeanSquaredError,
            ["mae"] = t.MeanAbsoluteError,
            ["mse"] = t.MeanSquaredError,
        }).ToArray());
    }

    private static JsonArray Strings(IEnumerable<string> names) => new(names.Select(n => (JsonNode?)n).ToArray());
}
