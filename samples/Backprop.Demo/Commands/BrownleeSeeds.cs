using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;

namespace Backprop.Demo.Commands;

/// <summary>
/// Brownlee's wheat-seeds run, reproduced: Python's random.seed(1); min-max scaling of the 7 inputs over the
/// whole file; classes mapped '2'→0, '1'→1, '3'→2 (what the tutorial's Python set gave); 5 folds drawn by
/// randrange pops; per fold a 7-5-3 sigmoid network from random(), ½-sum-of-squares, SGD η = 0.3, 500 online epochs
/// over the other folds joined in fold order.
/// </summary>
public static class BrownleeSeeds
{
    /// <summary>The wheat seeds file's rows and features.</summary>
    private const int SeedRows = 210, SeedFeatures = 7;

    /// <summary>The tutorial's printed scores.</summary>
    public static readonly double[] TutorialScores = [92.857, 92.857, 97.619, 92.857, 90.476];

    /// <summary>Runs the five folds and returns each fold's (correct, total).</summary>
    public static IReadOnlyList<(int Correct, int Total)> Run(string path, int epochs = 500)
    {
        var raw = CsvDataset.Load(path, new CsvOptions { HasHeader = false, ClassOrder = ["2", "1", "3"] });
        // The tutorial's run is of one file: 210 seeds, 7 measurements, 70 of each of the classes 1, 2 and 3.
        if (raw.Count != SeedRows || raw.FeatureCount != SeedFeatures || raw.Labels().Distinct().Count() != 3)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--data {path}: has {raw.Count} rows of {raw.FeatureCount} features and {raw.Labels().Distinct().Count()} classes; Brownlee's run is of the wheat seeds data, {SeedRows} rows of {SeedFeatures} features and the classes 1, 2, 3."));
        var scaler = MinMaxScaler.Fit(raw.Inputs); // over the whole file, as the tutorial scales
        var data = scaler.Transform(raw);
        var random = new PythonRandom(1);
        var folds = DataSplit.KFold(data.Count, 5, random);
        var scores = new List<(int, int)>();
        for (int k = 0; k < folds.Count; k++)
        {
            // The tutorial trains on the other folds joined in fold order, each in the order its rows were drawn.
            var train = data.Subset(folds.Where((_, j) => j != k).SelectMany(f => f.Test).ToArray());
            var network = Network.Create(data.FeatureCount, [new LayerDefinition(5), new LayerDefinition(data.OutputCount)],
                new UniformInitializer(), random);
            new Trainer(new Sgd(0.3), new TrainingOptions { Epochs = epochs }).Train(network, train);
            var confusion = Model.Classifier(network, raw.ClassNames!, scaler).Evaluate(raw.Subset(folds[k].Test)).Confusion!;
            scores.Add((confusion.Correct, confusion.Total));
        }
        return scores;
    }

    /// <summary>Writes the scores as the tutorial prints them, next to its figures.</summary>
    public static void WriteText(IReadOnlyList<(int Correct, int Total)> scores, TextWriter w)
    {
        var c = CultureInfo.InvariantCulture;
        var pct = scores.Select(s => 100.0 * s.Correct / s.Total).ToArray();
        w.WriteLine("Brownlee's wheat seeds, 5-fold cross-validation: 7-5-3 sigmoid, η = 0.3, 500 epochs, Python's random.seed(1)");
        w.WriteLine("Scores: [" + string.Join(", ", pct.Select(p => p.ToString("R", c))) + "]");
        w.WriteLine("Mean Accuracy: " + pct.Average().ToString("F3", c) + "%");
        w.WriteLine("tutorial: Scores [" + string.Join(", ", TutorialScores.Select(p => p.ToString("F3", c))) + "], Mean Accuracy 93.333%");
    }

    /// <summary>The scores as JSON.</summary>
    public static JsonObject ToJson(IReadOnlyList<(int Correct, int Total)> scores) => new()
    {
        ["correct"] = Json.Array(scores.Select(s => s.Correct)),
        ["totals"] = Json.Array(scores.Select(s => s.Total)),
        ["scores"] = Json.Array(scores.Select(s => 100.0 * s.Correct / s.Total)),
        ["mean_accuracy"] = scores.Average(s => 100.0 * s.Correct / s.Total),
    };
}
