using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>Formats a <see cref="TrainResult"/> as text (<see cref="TrainJson"/> as JSON).</summary>
public static class TrainReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>What is about to be trained, printed before training starts: the data and the task chosen (and why),
    /// the network and the settings.</summary>
    public static void WriteSummary(TrainSettings s, TrainData input, string network, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(w);
        var d = input.Data;
        string labels = d.ClassNames is { } names ? $"{names.Count} classes ({string.Join(", ", names)})"
            : $"{(d.OutputCount == 1 ? "target" : d.OutputCount.ToString(C) + " targets")} {string.Join(", ", d.TargetNames)}";
        w.WriteLine($"data: {input.File}, {d.Count} samples, {d.FeatureCount} features, {labels}; task: {input.TaskName} ({input.Reason})");
        w.WriteLine($"network: {network}{(s.Precision == "float32" ? ", float32" : "")}");
        string batch = s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}";
        string lr = s.LearningRate is { } eta ? $" η={eta.ToString("R", C)}" : "";
        string scaling = d.IsClassification ? $"{s.Scale} scaling" : $"{s.Scale} scaling of the inputs and {s.TargetScale} of the targets";
        if (s.Optimizer == "lbfgs")
            w.WriteLine($"training: lbfgs, at most {s.Epochs} iterations of the full batch (line search), seed {s.Seed}, {scaling} fitted on the training part");
        else
            w.WriteLine($"training: {s.Optimizer}{lr}, {s.Epochs} epochs, {batch}, {(s.Shuffle ? "shuffled" : "in order")}, seed {s.Seed}, " +
                    $"{scaling} fitted on the training part");
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

    /// <summary>The results: the split, the training, and the evaluation — the accuracy with its confusion matrix,
    /// or R², RMSE, MAE and MSE in the targets' units — or each fold's and their mean.</summary>
    public static void WriteResult(TrainResult r, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(w);
        if (Interrupted(r) is { } interrupted) w.WriteLine(interrupted);
        if (r.Runs.Count > 1 || r.EvaluatedOn == "folds")
        {
            for (int f = 0; f < r.Runs.Count; f++)
                w.WriteLine($"fold {f + 1}: {Score(r.Runs[f])}");
            if (r.MeanAccuracy is { } mean) w.WriteLine($"mean accuracy over {r.Runs.Count} folds: {Pct(mean)}");
            if (r.MeanRSquared is { } r2)
                w.WriteLine($"mean R² over {r.Runs.Count} folds: {r2.ToString("F4", C)} (standard deviation {r.RSquaredDeviation!.Value.ToString("F4", C)}); " +
                            $"mean RMSE {Units(r.MeanRootMeanSquaredError!.Value)}");
            return;
        }
        var run = r.Runs[0];
        w.WriteLine($"split: {run.TrainCount} training / {run.EvaluationCount} {r.EvaluatedOn}{(r.EvaluatedOn == "test" && r.Settings.Stratify && r.Data.IsClassification ? " (stratified)" : "")}");
        string stop = run.History.StopReason == StopReason.EarlyStopped ? $", stopped early; best epoch {run.History.BestEpoch + 1} restored" : "";
        string scaled = run.Model.TargetScaler is null ? "" : " (scaled targets)";
        string final = run.History.Epochs.Count > 0 ? $"; final training loss {run.History.Epochs[^1].MeanLoss.ToString("F4", C)}{scaled}" : "";
        w.WriteLine($"trained {run.History.Epochs.Count} {(r.Settings.Optimizer == "lbfgs" ? "iterations" : "epochs")}{stop}{final}");
        if (run.Regression is { } g)
        {
            WriteRegression(r.EvaluatedOn, g, w);
            return;
        }
        w.WriteLine($"{r.EvaluatedOn} loss: {run.EvaluationLoss.ToString("F4", C)}");
        var m = run.Confusion!;
        w.WriteLine($"{r.EvaluatedOn} accuracy: {Score(run)}");
        var names = r.Data.ClassNames!;
        int width = Math.Max(5, names.Max(n => n.Length) + 1);
        w.WriteLine("confusion matrix (rows: actual, columns: predicted)");
        w.WriteLine(new string(' ', width + 2) + string.Concat(names.Select(n => n.PadLeft(width))));
        for (int a = 0; a < m.Classes; a++)
            w.WriteLine("  " + names[a].PadRight(width) + string.Concat(Enumerable.Range(0, m.Classes).Select(p => m[a, p].ToString(C).PadLeft(width))));
        w.WriteLine($"  {"class".PadRight(width)} precision  recall  support");
        for (int c = 0; c < m.Classes; c++)
            w.WriteLine($"  {names[c].PadRight(width)} {m.Precision(c).ToString("F4", C),9}  {m.Recall(c).ToString("F4", C),6}  {m.Support(c),7}");
    }

    /// <summary>"test: R² 0.4632, RMSE 53.4, MAE 42.1, MSE 2851.7 (progression, in its units)", and with several
    /// targets the overall means, then a line per target.</summary>
    public static void WriteRegression(string on, RegressionMetrics g, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(w);
        if (g.Targets.Count == 1)
        {
            w.WriteLine($"{on}: {Metrics(g.Targets[0])} ({g.Targets[0].Name}, in its units)");
            return;
        }
        w.WriteLine($"{on}, mean over {g.Targets.Count} targets: R² {g.RSquared.ToString("F4", C)}, RMSE {Units(g.RootMeanSquaredError)}, " +
                    $"MAE {Units(g.MeanAbsoluteError)}, MSE {Units(g.MeanSquaredError)}");
        int width = Math.Max(6, g.Targets.Max(t => t.Name.Length) + 1);
        foreach (var t in g.Targets) w.WriteLine($"  {t.Name.PadRight(width)} {Metrics(t)}");
    }

    private static string Metrics(TargetMetrics t) =>
        $"R² {t.RSquared.ToString("F4", C)}, RMSE {Units(t.RootMeanSquaredError)}, MAE {Units(t.MeanAbsoluteError)}, MSE {Units(t.MeanSquaredError)}";

    private static string Score(Evaluation e) => e.Confusion is { } m
        ? $"{Pct(m.Accuracy)} ({m.Correct} of {m.Total})"
        : $"R² {e.Regression!.RSquared.ToString("F4", C)}, RMSE {Units(e.Regression.RootMeanSquaredError)}, " +
          $"MAE {Units(e.Regression.MeanAbsoluteError)}, MSE {Units(e.Regression.MeanSquaredError)}";

    /// <summary>A value or an error in the targets' units: six significant digits.</summary>
    public static string Units(double x) => x.ToString("G6", C);

    private static string Pct(double x) => (100 * x).ToString("F2", C) + "%";
}
