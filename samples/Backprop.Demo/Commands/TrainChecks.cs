using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>
/// The checks of <c>train</c> that the parser cannot make (its option validators check each number alone): the
/// names of rules and functions, then, once the data is read, what depends on it — the folds, the splits and the
/// network's size. All run before anything is printed or trained; each message names the option and its value.
/// </summary>
public static class TrainChecks
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Fewer samples left to train on than this, after the validation share is held out, is no training: a
    /// split that leaves one or two samples is a typing slip, not a plan.</summary>
    private const int MinimumTrainingAfterValidation = 3;

    /// <summary>Checks the settings that need no data: optimizer, schedule, clipping, activations, loss,
    /// initializer, scalings, task, label names, and options that do not go together.</summary>
    public static void CheckSettings(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Save is not null && s.Folds >= 2)
            throw new ArgumentException(string.Create(C, $"--save {s.Save}: saves one model; use it with a train/test split, not --folds {s.Folds}."));
        _ = s.CreateOptimizer();
        _ = TrainSettings.Named("--activation", s.Activation, Activation.Parse);
        if (s.OutputActivation is { } output) _ = TrainSettings.Named("--output-activation", output, Activation.Parse);
        if (s.Loss is { } loss) _ = TrainSettings.Named("--loss", loss, Backprop.Loss.Parse);
        _ = s.Initializer();
        _ = TrainSettings.Scaling("--scale", s.Scale);
        _ = TrainSettings.Scaling("--target-scale", s.TargetScale);
        if (s.Task is not ("auto" or "classification" or "regression"))
            throw new ArgumentException($"--task {s.Task}: unknown task; use auto, classification or regression.");
        if (s.LabelNames is { } names)
        {
            string typed = "--label-name " + string.Join(",", names);
            if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
                throw new ArgumentException($"{typed}: a name is empty; give header names separated by commas, e.g. price or x,y.");
            if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new ArgumentException($"{typed}: names '{twice.Key}' twice; give each label column once.");
        }
        s.CheckLbfgs();
        var outputs = new[] { ("--save", s.Save), ("--checkpoint", s.Checkpoint), ("--plot", s.Plot) }.Where(o => o.Item2 is not null).ToArray();
        for (int a = 0; a < outputs.Length; a++)
            for (int b = a + 1; b < outputs.Length; b++)
                if (string.Equals(Path.GetFullPath(outputs[a].Item2!), Path.GetFullPath(outputs[b].Item2!), StringComparison.Ordinal))
                    throw new ArgumentException($"{outputs[b].Item1} {outputs[b].Item2}: is also {outputs[a].Item1}'s file; give each output a file of its own.");
        if (s.Checkpoint is not null && s.Folds >= 2)
            throw new ArgumentException(string.Create(C, $"--checkpoint {s.Checkpoint}: keeps one model's best epoch; use it with a train/test split, not --folds {s.Folds}."));
    }

    /// <summary>Checks what depends on the data read and returns the network's description (its shape and
    /// parameter count), building it once to check that its loss and activations go together. A classifier's
    /// every training part (each fold's, or the split's) must hold two classes or more.</summary>
    public static string CheckWithData(TrainSettings s, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(data);
        string file = Path.GetFileName(s.DataPath());
        if (s.Folds > data.Count)
            throw new ArgumentException(string.Create(C, $"--folds {s.Folds}: {file} has only {data.Count} samples; use at most {data.Count} folds."));
        if (s.Folds < 2 && s.TestFraction > 0 && data.Count < 2)
            throw new ArgumentException(string.Create(C, $"--test-fraction {s.TestFraction}: {file} has {data.Count} sample; a test split needs at least 2 (use --test-fraction 0)."));
        int training = TrainingCount(s, data.Count);
        if (s.ValidationSplit > 0 && training < 2)
            throw new ArgumentException(string.Create(C, $"--validation-split {s.ValidationSplit}: only {training} training sample is left to split; it needs at least 2."));
        int held = (int)Math.Round(training * s.ValidationSplit);
        if (s.ValidationSplit > 0 && training - held < MinimumTrainingAfterValidation)
            throw new ArgumentException(string.Create(C,
                $"--validation-split {s.ValidationSplit}: holds out about {held} of the {training} training samples and leaves {training - held} to train on; use a smaller share."));

        int[] sizes = [data.FeatureCount, .. s.Hidden, data.OutputCount];
        NetworkSize.Check("--hidden", s.Hidden.Count == 0 ? "none" : string.Join(",", s.Hidden.Select(h => h.ToString(C))), sizes,
            Columns(s, data.Count, training));
        if (data.IsClassification) CheckClasses(s, data, file);
        _ = s.ClassWeightsFor(data);
        return TrainRun.Describe(s.Preview(data));
    }

    /// <summary>Refuses a split or a fold whose training part holds one class only (a class too rare to be split).</summary>
    private static void CheckClasses(TrainSettings s, Dataset data, string file)
    {
        var labels = data.Labels();
        var (on, parts) = TrainRun.Plan(s, data);
        for (int f = 0; f < parts.Count; f++)
        {
            var present = parts[f].Train.Select(i => labels[i]).Distinct().ToArray();
            if (present.Length >= 2) continue;
            string where = on == "folds" ? string.Create(C, $"--folds {s.Folds}: fold {f + 1}'s") : string.Create(C, $"--test-fraction {s.TestFraction}: the split's");
            throw new BadInputException($"{where} training part of {file} holds one class only ('{data.ClassNames![present[0]]}'); a classifier needs two or more.",
                "use fewer folds, a smaller --test-fraction, or another --seed.");
        }
    }

    /// <summary>The most training samples of a run: all, or what a test split or the largest fold leaves.</summary>
    private static int TrainingCount(TrainSettings s, int count) =>
        s.Folds >= 2 ? count - count / s.Folds
        : s.TestFraction > 0 ? Math.Max(1, count - (int)Math.Round(count * s.TestFraction, MidpointRounding.AwayFromZero))
        : count;

    /// <summary>The most samples in one pass: a training batch, or the data evaluated at once (test, fold, validation).</summary>
    private static int Columns(TrainSettings s, int count, int training)
    {
        int batch = s.BatchSize == 0 ? training : Math.Min(s.BatchSize, training);
        int evaluated = s.Folds >= 2 ? (count + s.Folds - 1) / s.Folds : s.TestFraction > 0 ? count - training : count;
        return Math.Max(batch, evaluated);
    }
}
