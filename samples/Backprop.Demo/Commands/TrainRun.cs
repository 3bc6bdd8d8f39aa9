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
public sealed record TrainResult(TrainSettings Settings, Dataset Data, string Network, IReadOnlyList<Evaluation> Runs, string EvaluatedOn)
{
    /// <summary>The mean accuracy over the runs (classification), else null.</summary>
    public double? MeanAccuracy => Runs.All(r => r.Confusion is not null) ? Runs.Average(r => r.Confusion!.Accuracy) : null;
}

/// <summary>Runs <c>train</c>: read, split or fold, scale, build, train, evaluate, plot.</summary>
public static class TrainRun
{
    /// <summary>Runs it, reporting each epoch of each run to <paramref name="onEpoch"/>.</summary>
    public static TrainResult Run(TrainSettings s, Action<int, EpochReport>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        var data = CsvDataset.Load(s.DataPath(), new CsvOptions { LabelColumn = s.LabelColumn, LabelColumnName = s.LabelName });
        var runs = new List<Evaluation>();
        string description = "";
        string on;
        if (s.Folds >= 2)
        {
            on = "folds";
            var folds = DataSplit.KFold(data, s.Folds, new Random(s.Seed), s.Stratify);
            for (int f = 0; f < folds.Count; f++)
                runs.Add(Fit(s, data.Subset(folds[f].Train), data.Subset(folds[f].Test), s.Seed + f, f, onEpoch, out description, cancellationToken));
        }
        else if (s.TestFraction > 0)
        {
            on = "test";
            var (train, test) = DataSplit.TrainTest(data, s.TestFraction, new Random(s.Seed), s.Stratify && data.IsClassification);
            runs.Add(Fit(s, train, test, s.Seed, 0, onEpoch, out description, cancellationToken));
        }
        else
        {
            on = "training";
            runs.Add(Fit(s, data, data, s.Seed, 0, onEpoch, out description, cancellationToken));
        }
        if (s.Plot is not null) TrainingPlots.LossCurve(runs[^1].History, s.Plot, $"Loss per epoch — {Path.GetFileNameWithoutExtension(s.Data)}");
        if (s.Save is not null) Save(s, data, runs[^1]);
        return new TrainResult(s, data, description, runs, on);
    }

    private static Evaluation Fit(TrainSettings s, Dataset train, Dataset test, int seed, int run,
        Action<int, EpochReport>? onEpoch, out string description, CancellationToken cancellationToken)
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
        var history = new Trainer(s.CreateOptimizer(), s.TrainingOptions(seed)).Train(network, train, null, progress, cancellationToken);
        var outputs = network.Predict(test.Inputs);
        double loss = network.ComputeLoss(test.Inputs, test.Targets) / test.Count;
        ConfusionMatrix? confusion = test.IsClassification
            ? new ConfusionMatrix(test.Labels(), Classes.Of(outputs.ToColumnMajorArray(), test.OutputCount, test.Count), test.OutputCount)
            : null;
        return new Evaluation(history, confusion, loss, train.Count, test.Count, network, scaler);
    }

    /// <summary>Saves the trained network with what <c>predict</c> needs in its metadata: the classes and the scaling.</summary>
    private static void Save(TrainSettings s, Dataset data, Evaluation run)
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
            FinalLoss = run.History.Epochs[^1].MeanLoss,
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
