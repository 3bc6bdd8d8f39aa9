using Backprop.Visualization;

namespace Backprop.Demo.Commands;

/// <summary>One evaluated model: a split's test result or one fold of a cross-validation.</summary>
/// <param name="History">The training history.</param>
/// <param name="Confusion">Actual against predicted classes on the evaluation data (null for regression).</param>
/// <param name="EvaluationLoss">The mean loss per sample on the evaluation data.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="EvaluationCount">Evaluation samples.</param>
/// <param name="Network">The trained network.</param>
/// <param name="Scaler">The scaler fitted on the training part, if any.</param>
public sealed record Evaluation(TrainingHistory History, ConfusionMatrix? Confusion, double EvaluationLoss, int TrainCount, int EvaluationCount,
    Network Network, Scaler? Scaler);

/// <summary>What <c>train</c> produced.</summary>
/// <param name="Settings">The settings.</param>
/// <param name="Data">The data read.</param>
/// <param name="Network">A description of the network of the (last) run.</param>
/// <param name="Runs">One evaluation, or one per fold.</param>
/// <param name="EvaluatedOn">"test", "training" or "folds".</param>
/// <param name="Interrupted">Where Ctrl-C stopped training (the last run is then partly trained), or null.</param>
public sealed record TrainResult(TrainSettings Settings, Dataset Data, string Network, IReadOnlyList<Evaluation> Runs, string EvaluatedOn,
    Interruption? Interrupted = null)
{
    /// <summary>The mean accuracy over the runs (classification), else null.</summary>
    public double? MeanAccuracy => Runs.All(r => r.Confusion is not null) ? Runs.Average(r => r.Confusion!.Accuracy) : null;
}

/// <summary>Where a cancellation stopped training.</summary>
/// <param name="Run">The 0-based run (fold) that was stopped.</param>
/// <param name="Epoch">The 0-based epoch in which it stopped.</param>
/// <param name="Batch">The 0-based batch of that epoch that was not run.</param>
public sealed record Interruption(int Run, int Epoch, int Batch);

/// <summary>Runs <c>train</c>: read, split or fold, scale, build, train, evaluate, plot.</summary>
public static class TrainRun
{
    /// <summary>Reads the data and runs it, reporting each epoch of each run to <paramref name="onEpoch"/>.</summary>
    public static TrainResult Run(TrainSettings s, Action<int, EpochReport>? onEpoch = null, CancellationToken cancellationToken = default) =>
        Run(s, Load(s), onEpoch, cancellationToken);

    /// <summary>Reads the data file; a label column that is not in the file is named as the option typed.</summary>
    public static Dataset Load(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string path = s.DataPath();
        try
        {
            return CsvDataset.Load(path, new CsvOptions { LabelColumn = s.LabelColumn, LabelColumnName = s.LabelName });
        }
        catch (CsvFormatException e) when (s.LabelName is not null && e.Message.Contains($"'{s.LabelName}'", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--label-name {s.LabelName}: {e.Message}", e);
        }
        catch (CsvFormatException e) when (s.LabelName is null && e.Line == 0 && Columns(path) is { } width && (s.LabelColumn >= width || s.LabelColumn < -width))
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--label-column {s.LabelColumn}: {e.SourceName} has {width} columns; use 0 to {width - 1}, or -1 to -{width} to count from the end."), e);
        }
    }

    /// <summary>The fields on the file's first non-empty line.</summary>
    private static int? Columns(string path) =>
        File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0) is { } line ? line.Split(',').Length : null;

    /// <summary>Runs it on data already read. A cancellation stops the current run where it is: that run is
    /// evaluated (and saved) as it stands, the rest are skipped, and <see cref="TrainResult.Interrupted"/> says where.</summary>
    public static TrainResult Run(TrainSettings s, Dataset data, Action<int, EpochReport>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(data);
        var runs = new List<Evaluation>();
        Interruption? stopped = null;
        string description = "";
        string on;
        if (s.Folds >= 2)
        {
            on = "folds";
            var folds = DataSplit.KFold(data, s.Folds, new Random(s.Seed), s.Stratify);
            for (int f = 0; f < folds.Count && stopped is null; f++)
                runs.Add(Fit(s, data.Subset(folds[f].Train), data.Subset(folds[f].Test), s.Seed + f, f, onEpoch, out description, out stopped, cancellationToken));
            // A fold stopped before its first update has no score of its own to add to the others'.
            if (stopped is { Epoch: 0, Batch: 0 } && runs.Count > 1) runs.RemoveAt(runs.Count - 1);
        }
        else if (s.TestFraction > 0)
        {
            on = "test";
            var (train, test) = DataSplit.TrainTest(data, s.TestFraction, new Random(s.Seed), s.Stratify && data.IsClassification);
            runs.Add(Fit(s, train, test, s.Seed, 0, onEpoch, out description, out stopped, cancellationToken));
        }
        else
        {
            on = "training";
            runs.Add(Fit(s, data, data, s.Seed, 0, onEpoch, out description, out stopped, cancellationToken));
        }
        if (s.Plot is not null && runs[^1].History.Epochs.Count > 0) TrainingPlots.LossCurve(runs[^1].History, s.Plot, $"Loss per epoch — {Path.GetFileNameWithoutExtension(s.Data)}");
        if (s.Save is not null) Save(s, data, runs[^1], stopped);
        return new TrainResult(s, data, description, runs, on, stopped);
    }

    private static Evaluation Fit(TrainSettings s, Dataset train, Dataset test, int seed, int run,
        Action<int, EpochReport>? onEpoch, out string description, out Interruption? stopped, CancellationToken cancellationToken)
    {
        var scaler = s.FitScaler(train);
        if (scaler is not null)
        {
            train = scaler.Transform(train);
            test = scaler.Transform(test);
        }
        var network = s.CreateNetwork(train, seed);
        description = Describe(network);
        var progress = onEpoch is null ? null : new Reporter(r => onEpoch(run, r));
        TrainingHistory history;
        stopped = null;
        try
        {
            history = new Trainer(s.CreateOptimizer(), s.TrainingOptions(seed)).Train(network, train, null, progress, cancellationToken);
        }
        catch (TrainingCanceledException e)
        {
            // The network keeps every update made before the stop: evaluate it as it stands.
            history = e.History;
            stopped = new Interruption(run, e.Epoch, e.Batch);
        }
        var outputs = network.Predict(test.Inputs);
        double loss = network.ComputeLoss(test.Inputs, test.Targets) / test.Count;
        ConfusionMatrix? confusion = test.IsClassification
            ? new ConfusionMatrix(test.Labels(), Classes.Of(outputs.ToColumnMajorArray(), test.OutputCount, test.Count), test.OutputCount)
            : null;
        return new Evaluation(history, confusion, loss, train.Count, test.Count, network, scaler);
    }

    /// <summary>Saves the trained network with what <c>predict</c> needs in its metadata: the classes and the scaling;
    /// a network that Ctrl-C stopped is marked "partial": "true", with "stoppedEpoch" and "stoppedBatch" (0-based).</summary>
    private static void Save(TrainSettings s, Dataset data, Evaluation run, Interruption? stopped)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var training = new Dictionary<string, string>
        {
            ["data"] = Path.GetFileName(s.DataPath()),
            ["optimizer"] = s.Optimizer,
            ["batchSize"] = s.BatchSize.ToString(c),
            ["scale"] = run.Scaler is null ? "none" : s.Scale,
        };
        if (data.ClassNames is { } classes) training["classes"] = string.Join(",", classes);
        if (stopped is not null)
        {
            training["partial"] = "true";
            training["stoppedEpoch"] = stopped.Epoch.ToString(c);
            training["stoppedBatch"] = stopped.Batch.ToString(c);
        }
        if (run.Scaler is { } scaler)
        {
            training["scale.offset"] = string.Join(",", scaler.Offset.Select(x => x.ToString("R", c)));
            training["scale.scale"] = string.Join(",", scaler.Scale.Select(x => x.ToString("R", c)));
        }
        ModelFile.Save(run.Network, s.Save!, new ModelMetadata
        {
            Description = Describe(run.Network),
            Seed = s.Seed,
            Epochs = run.History.Epochs.Count,
            FinalLoss = run.History.Epochs.Count > 0 ? run.History.Epochs[^1].MeanLoss : null,
            Created = DateTimeOffset.UtcNow,
            Training = training,
        });
    }

    /// <summary>"64-32(relu)-10(softmax), categorical-cross-entropy, 2,410 parameters".</summary>
    public static string Describe(Network n) =>
        n.InputSize + "-" + string.Join("-", n.Layers.Select(l => $"{l.OutputSize}({l.Activation.Name})")) +
        $", {n.Loss.Name}, {n.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} parameters";

    private sealed class Reporter(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
