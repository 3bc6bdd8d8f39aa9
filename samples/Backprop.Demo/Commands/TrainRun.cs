using Backprop.Visualization;

namespace Backprop.Demo.Commands;

/// <summary>One evaluated model: a split's test result or one fold of a cross-validation.</summary>
/// <param name="History">The training history (losses in the scaled targets' units for a regressor).</param>
/// <param name="Metrics">The model's evaluation on the raw evaluation data: a confusion matrix, or MSE, MAE, RMSE
/// and R² in the targets' units.</param>
/// <param name="EvaluationLoss">The network's mean loss per sample on the evaluation data, scaled as in training.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="TestIndices">The 0-based rows (in file order) the model was evaluated on, ascending.</param>
/// <param name="Model">The trained model (partly trained when Ctrl-C stopped it).</param>
public sealed record Evaluation(TrainingHistory History, ModelEvaluation Metrics, double EvaluationLoss, int TrainCount,
    IReadOnlyList<int> TestIndices, Model Model)
{
    /// <summary>Actual against predicted classes (classification), else null.</summary>
    public ConfusionMatrix? Confusion => Metrics.Confusion;

    /// <summary>The regression metrics (regression), else null.</summary>
    public RegressionMetrics? Regression => Metrics.Regression;

    /// <summary>Evaluation samples.</summary>
    public int EvaluationCount => Metrics.Count;
}

/// <summary>What <c>train</c> produced.</summary>
/// <param name="Settings">The settings.</param>
/// <param name="Input">The data read and the task chosen.</param>
/// <param name="Network">A description of the network of the (last) run.</param>
/// <param name="Runs">One evaluation, or one per fold.</param>
/// <param name="EvaluatedOn">"test", "training" or "folds".</param>
/// <param name="Interrupted">Where Ctrl-C stopped training (the last run is then partly trained), or null.</param>
public sealed record TrainResult(TrainSettings Settings, TrainData Input, string Network, IReadOnlyList<Evaluation> Runs, string EvaluatedOn,
    Interruption? Interrupted = null)
{
    /// <summary>The data read.</summary>
    public Dataset Data => Input.Data;

    /// <summary>The mean accuracy over the runs (classification), else null.</summary>
    public double? MeanAccuracy => Runs.All(r => r.Confusion is not null) ? Runs.Average(r => r.Confusion!.Accuracy) : null;

    /// <summary>The mean R² over the runs (regression), else null.</summary>
    public double? MeanRSquared => Regression(m => m.RSquared)?.Average();

    /// <summary>The standard deviation of the runs' R², √(Σ(R²ᵢ − mean)²/k) over the k runs (numpy's std), else null.</summary>
    public double? RSquaredDeviation => Regression(m => m.RSquared) is { } r2
        ? Math.Sqrt(r2.Average(x => (x - r2.Average()) * (x - r2.Average()))) : null;

    /// <summary>The mean RMSE over the runs (regression, in the targets' units), else null.</summary>
    public double? MeanRootMeanSquaredError => Regression(m => m.RootMeanSquaredError)?.Average();

    private double[]? Regression(Func<RegressionMetrics, double> value) =>
        Runs.All(r => r.Regression is not null) ? Runs.Select(r => value(r.Regression!)).ToArray() : null;
}

/// <summary>Where a cancellation stopped training.</summary>
/// <param name="Run">The 0-based run (fold) that was stopped.</param>
/// <param name="Epoch">The 0-based epoch in which it stopped.</param>
/// <param name="Batch">The 0-based batch of that epoch that was not run.</param>
public sealed record Interruption(int Run, int Epoch, int Batch);

/// <summary>Runs <c>train</c>: read, split or fold, <see cref="Model.Fit"/> on each raw training part, evaluate the
/// model on the raw test part, plot, save.</summary>
public static class TrainRun
{
    /// <summary>Reads the data and runs it, reporting each epoch of each run to <paramref name="onEpoch"/>.</summary>
    public static TrainResult Run(TrainSettings s, Action<int, EpochReport>? onEpoch = null, CancellationToken cancellationToken = default) =>
        Run(s, TrainData.Load(s), onEpoch, cancellationToken);

    /// <summary>The runs' training and test rows (0-based, in file order): the k folds, the seeded (stratified) split,
    /// or all rows for both; and what the runs are evaluated on ("folds", "test" or "training").</summary>
    public static (string EvaluatedOn, IReadOnlyList<Fold> Parts) Plan(TrainSettings s, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(data);
        if (s.Folds >= 2) return ("folds", DataSplit.KFold(data, s.Folds, new Random(s.Seed), s.Stratify));
        if (s.TestFraction > 0)
        {
            var (train, test) = DataSplit.TrainTestIndices(data, s.TestFraction, new Random(s.Seed), s.Stratify && data.IsClassification);
            return ("test", [new Fold(train, test)]);
        }
        var all = Enumerable.Range(0, data.Count).ToArray();
        return ("training", [new Fold(all, all)]);
    }

    /// <summary>Runs it on data already read. A cancellation stops the current run where it is: that run is
    /// evaluated (and saved) as it stands, the rest are skipped, and <see cref="TrainResult.Interrupted"/> says where.</summary>
    public static TrainResult Run(TrainSettings s, TrainData input, Action<int, EpochReport>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        var (on, parts) = Plan(s, data);
        var runs = new List<Evaluation>();
        Interruption? stopped = null;
        for (int f = 0; f < parts.Count && stopped is null; f++)
            runs.Add(Fit(s, data, parts[f], s.Seed + f, f, onEpoch, out stopped, cancellationToken));
        // A fold stopped before its first update has no score of its own to add to the others'.
        if (stopped is { Epoch: 0, Batch: 0 } && runs.Count > 1) runs.RemoveAt(runs.Count - 1);
        if (s.Plot is not null && runs[^1].History.Epochs.Count > 0)
            TrainingPlots.LossCurve(runs[^1].History, s.Plot, $"Loss per epoch — {Path.GetFileNameWithoutExtension(s.Data)}");
        if (s.Save is not null) Save(s, input, runs[^1], stopped);
        return new TrainResult(s, input, Describe(runs[^1].Model.Network), runs, on, stopped);
    }

    private static Evaluation Fit(TrainSettings s, Dataset data, Fold part, int seed, int run,
        Action<int, EpochReport>? onEpoch, out Interruption? stopped, CancellationToken cancellationToken)
    {
        var train = data.Subset(part.Train);
        var test = data.Subset(part.Test);
        var progress = onEpoch is null ? null : new Reporter(r => onEpoch(run, r));
        Model model;
        TrainingHistory history;
        stopped = null;
        try
        {
            (model, history) = Model.Fit(train, s.FitOptions(train), seed, null, progress, cancellationToken);
        }
        catch (TrainingCanceledException e) when (e.Model is not null)
        {
            // The model keeps every update made before the stop: evaluate it as it stands.
            (model, history) = (e.Model, e.History);
            stopped = new Interruption(run, e.Epoch, e.Batch);
        }
        catch (TrainingDivergedException e) when (s.Folds >= 2)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--folds {s.Folds}: in fold {run + 1}, {e.Message}"), e);
        }
        return new Evaluation(history, model.Evaluate(test), EvaluationLoss(model, test), train.Count, [.. part.Test.Order()], model);
    }

    /// <summary>The network's mean loss per sample on raw data, scaled as the network was trained.</summary>
    private static double EvaluationLoss(Model model, Dataset raw) =>
        model.Network.ComputeLoss(model.InputScaler?.Transform(raw.Inputs) ?? raw.Inputs, model.TargetScaler?.Transform(raw.Targets) ?? raw.Targets) / raw.Count;

    /// <summary>Saves the model (format version 2: its scaling, classes or targets, and network) with how it was
    /// trained in its metadata; a model that Ctrl-C stopped is marked "partial": "true", with "stoppedEpoch" and
    /// "stoppedBatch" (0-based).</summary>
    private static void Save(TrainSettings s, TrainData input, Evaluation run, Interruption? stopped)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var training = new Dictionary<string, string>
        {
            ["data"] = input.File,
            ["optimizer"] = s.Optimizer,
            ["batchSize"] = s.BatchSize.ToString(c),
        };
        if (s.LabelNames is null)
        {
            // Where the labels were in the file, so that predict reads a file without a header the same way.
            var d = input.Data;
            int width = d.FeatureCount + (d.IsClassification ? 1 : d.OutputCount);
            training[PredictData.LabelColumnsKey] = string.Join(",", s.LabelColumns.Select(l => (l < 0 ? width + l : l).ToString(c)));
        }
        if (stopped is not null)
        {
            training["partial"] = "true";
            training["stoppedEpoch"] = stopped.Epoch.ToString(c);
            training["stoppedBatch"] = stopped.Batch.ToString(c);
        }
        run.Model.WithMetadata(new ModelMetadata
        {
            Description = Describe(run.Model.Network),
            Seed = s.Seed,
            Epochs = run.History.Epochs.Count,
            FinalLoss = run.History.Epochs.Count > 0 ? run.History.Epochs[^1].MeanLoss : null,
            Created = DateTimeOffset.UtcNow,
            Training = training,
        }).Save(s.Save!);
    }

    /// <summary>"64-32(relu)-10(softmax), categorical-cross-entropy, 2,410 parameters".</summary>
    public static string Describe(Network n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return n.InputSize + "-" + string.Join("-", n.Layers.Select(l => $"{l.OutputSize}({l.Activation.Name})")) +
            $", {n.Loss.Name}, {n.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} parameters";
    }

    private sealed class Reporter(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
