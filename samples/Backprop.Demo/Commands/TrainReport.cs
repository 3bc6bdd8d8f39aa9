using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;

namespace Backprop.Demo.Commands;

/// <summary>Formats a <see cref="TrainResult"/> as text or JSON.</summary>
public static class TrainReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>What is about to be trained, printed before training starts: the data, the network and the settings.</summary>
    public static void WriteSummary(TrainSettings s, Dataset d, string network, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(w);
        string classes = d.ClassNames is { } names ? $", {names.Count} classes ({string.Join(", ", names)})" : ", regression";
        w.WriteLine($"data: {Path.GetFileName(s.DataPath())}, {d.Count} samples, {d.FeatureCount} features{classes}");
        w.WriteLine($"network: {network}");
        string batch = s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}";
        string lr = s.LearningRate is { } eta ? $" η={eta.ToString("R", C)}" : "";
        w.WriteLine($"training: {s.Optimizer}{lr}, {s.Epochs} epochs, {batch}, {(s.Shuffle ? "shuffled" : "in order")}, seed {s.Seed}, " +
                    $"{s.Scale} scaling fitted on the training part");
    }

    /// <summary>One line per epoch, for redirected output.</summary>
    public static string EpochLine(int run, int runs, int epochs, EpochReport r)
    {
        string fold = runs > 1 ? $"fold {run + 1}  " : "";
        string acc = r.TrainingAccuracy is { } a ? $"  accuracy {a.ToString("F4", C)}" : "";
        string val = r.ValidationLoss is { } vl ? $"  val_loss {vl.ToString("F4", C)}" : "";
        string vacc = r.ValidationAccuracy is { } va ? $"  val_accuracy {va.ToString("F4", C)}" : "";
        return $"{fold}epoch {r.Epoch + 1,4}/{epochs}  loss {r.MeanLoss.ToString("F4", C)}{acc}{val}{vacc}  {r.Elapsed.TotalMilliseconds.ToString("F0", C)} ms";
    }

    /// <summary>"interrupted (Ctrl-C) in epoch 4/50, before batch 13: 3 epochs and 12 batches trained; …", or null.</summary>
    public static string? Interrupted(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Interrupted is not { } i) return null;
        string fold = r.Settings.Folds >= 2 ? $"fold {i.Run + 1}/{r.Settings.Folds}, " : "";
        return $"interrupted (Ctrl-C) in {fold}epoch {i.Epoch + 1}/{r.Settings.Epochs}, before batch {i.Batch + 1}: " +
               $"{i.Epoch} epoch{(i.Epoch == 1 ? "" : "s")} and {i.Batch} batch{(i.Batch == 1 ? "" : "es")} trained; the results so far:";
    }

    /// <summary>The results: the split, the training, and the evaluation with its confusion matrix (or each fold).</summary>
    public static void WriteResult(TrainResult r, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(w);
        var d = r.Data;
        if (Interrupted(r) is { } interrupted) w.WriteLine(interrupted);
        if (r.Runs.Count > 1 || r.EvaluatedOn == "folds")
        {
            for (int f = 0; f < r.Runs.Count; f++)
                w.WriteLine($"fold {f + 1}: {Score(r.Runs[f])}");
            if (r.MeanAccuracy is { } mean) w.WriteLine($"mean accuracy over {r.Runs.Count} folds: {Pct(mean)}");
            return;
        }
        var run = r.Runs[0];
        w.WriteLine($"split: {run.TrainCount} training / {run.EvaluationCount} {r.EvaluatedOn}{(r.EvaluatedOn == "test" && r.Settings.Stratify ? " (stratified)" : "")}");
        string stop = run.History.StopReason == StopReason.EarlyStopped ? $", stopped early; best epoch {run.History.BestEpoch + 1} restored" : "";
        string final = run.History.Epochs.Count > 0 ? $"; final training loss {run.History.Epochs[^1].MeanLoss.ToString("F4", C)}" : "";
        w.WriteLine($"trained {run.History.Epochs.Count} epochs{stop}{final}");
        w.WriteLine($"{r.EvaluatedOn} loss: {run.EvaluationLoss.ToString("F4", C)}");
        if (run.Confusion is not { } m) return;
        w.WriteLine($"{r.EvaluatedOn} accuracy: {Score(run)}");
        var names2 = d.ClassNames!;
        int width = Math.Max(5, names2.Max(n => n.Length) + 1);
        w.WriteLine("confusion matrix (rows: actual, columns: predicted)");
        w.WriteLine(new string(' ', width + 2) + string.Concat(names2.Select(n => n.PadLeft(width))));
        for (int a = 0; a < m.Classes; a++)
            w.WriteLine("  " + names2[a].PadRight(width) + string.Concat(Enumerable.Range(0, m.Classes).Select(p => m[a, p].ToString(C).PadLeft(width))));
        w.WriteLine($"  {"class".PadRight(width)} precision  recall  support");
        for (int c = 0; c < m.Classes; c++)
            w.WriteLine($"  {names2[c].PadRight(width)} {m.Precision(c).ToString("F4", C),9}  {m.Recall(c).ToString("F4", C),6}  {m.Support(c),7}");
    }

    /// <summary>The whole result as JSON: settings, data, network, history and metrics.</summary>
    public static JsonObject ToJson(TrainResult r)
    {
        var runs = new JsonArray();
        foreach (var run in r.Runs)
        {
            var o = new JsonObject
            {
                ["train_samples"] = run.TrainCount,
                ["evaluation_samples"] = run.EvaluationCount,
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
            runs.Add(o);
        }
        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["file"] = Path.GetFileName(r.Settings.DataPath()),
                ["samples"] = r.Data.Count,
                ["features"] = r.Data.FeatureCount,
                ["classes"] = r.Data.ClassNames is { } c ? new JsonArray(c.Select(n => (JsonNode?)n).ToArray()) : null,
            },
            ["network"] = r.Network,
            ["optimizer"] = r.Settings.Optimizer,
            ["evaluated_on"] = r.EvaluatedOn,
            ["runs"] = runs,
            ["mean_accuracy"] = r.MeanAccuracy,
            ["interrupted"] = r.Interrupted is { } i ? new JsonObject { ["run"] = i.Run, ["epoch"] = i.Epoch, ["batch"] = i.Batch } : null,
        };
    }

    private static string Score(Evaluation e) => e.Confusion is { } m
        ? $"{Pct(m.Accuracy)} ({m.Correct} of {m.Total})"
        : $"loss {e.EvaluationLoss.ToString("F4", C)}";

    private static string Pct(double x) => (100 * x).ToString("F2", C) + "%";
}
