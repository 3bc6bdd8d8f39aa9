using System.Text.RegularExpressions;
using Backprop.MLNet;
using Backprop.Tests.Demo;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.Tests.MLNet;

/// <summary>The ML.NET example of the repository README, compiled and run here so that it cannot go stale.</summary>
public sealed class MLNetReadmeTests
{
    private sealed class Flower
    {
        [LoadColumn(0)] public float SepalLength { get; set; }
        [LoadColumn(1)] public float SepalWidth { get; set; }
        [LoadColumn(2)] public float PetalLength { get; set; }
        [LoadColumn(3)] public float PetalWidth { get; set; }
        [LoadColumn(4)] public string Species { get; set; } = "";
    }

    private static double RunExample(string folder)
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromTextFile<Flower>(MLNetData.File("iris"), separatorChar: ',', hasHeader: true), testFraction: 0.2, seed: 1);
        var (train, test) = (split.TrainSet, split.TestSet);
        // #region mlnet
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Species")
            .Append(ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainerOptions { HiddenLayers = [8], Optimizer = new Adam(0.01) }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        ml.Model.Save(model, train.Schema, Path.Combine(folder, "model.zip"));
        // #endregion
        File.Exists(Path.Combine(folder, "model.zip")).Should().BeTrue();
        return metrics.MicroAccuracy;
    }

    [Fact]
    public void The_readmes_MLNet_example_is_this_code_and_classifies_iris()
    {
        string source = File.ReadAllText(Path.Combine(DemoRunner.RepositoryRoot(), "tests", "Backprop.Tests", "MLNet", "MLNetReadmeTests.cs")).Replace("\r\n", "\n");
        string readme = File.ReadAllText(Path.Combine(DemoRunner.RepositoryRoot(), "README.md")).Replace("\r\n", "\n");
        var body = Regex.Match(source, @"// #region mlnet\n(.*?)\n\s*// #endregion", RegexOptions.Singleline).Groups[1].Value;
        string code = string.Join("\n", body.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()))
            .Replace("Path.Combine(folder, \"model.zip\")", "\"model.zip\"", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("backprop-mlnet-readme-");
        try
        {
            double accuracy = RunExample(folder.FullName);

            readme.Should().Contain($"```csharp\n{code}\n```");
            accuracy.Should().BeGreaterThanOrEqualTo(0.9);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
