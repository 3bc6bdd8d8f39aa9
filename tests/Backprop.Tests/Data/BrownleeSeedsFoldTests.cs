using Backprop.Tests.Reference;

namespace Backprop.Tests.Data;

/// <summary>
/// The tutorial's seeds cross-validation without its data file: the fold indices and each fold's initial weights
/// depend only on random.seed(1) and the row count, 210.
/// </summary>
public class BrownleeSeedsFoldTests
{
    private static System.Text.Json.JsonElement TutorialRun() =>
        Golden.At("brownlee_seeds_cv", "runs").EnumerateArray()
            .First(r => r.GetProperty("randrange").GetString() == "py3" && r.GetProperty("matches_printed").GetBoolean());

    [Fact]
    public void Five_fold_split_from_seed_one_draws_the_tutorials_folds()
    {
        var folds = DataSplit.KFold(210, 5, new PythonRandom(1));

        var expected = TutorialRun().GetProperty("fold_row_indices").EnumerateArray()
            .Select(f => f.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        folds.Select(f => f.Test.ToArray()).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        folds.Should().OnlyContain(f => f.Train.Count == 168);
    }

    [Fact]
    public void Each_folds_network_then_draws_the_tutorials_initial_weights()
    {
        var random = new PythonRandom(1);
        DataSplit.KFold(210, 5, random);

        var expected = TutorialRun().GetProperty("initial_weights_per_fold").EnumerateArray().ToArray();
        foreach (var fold in expected)
        {
            var network = Network.Create(7, [new LayerDefinition(5), new LayerDefinition(3)], new UniformInitializer(), random);
            var layers = fold.EnumerateArray().ToArray();
            for (int l = 0; l < 2; l++)
            {
                var neurons = layers[l].EnumerateArray().Select(n => n.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
                for (int j = 0; j < neurons.Length; j++)
                {
                    network.Layers[l].Weights.Row(j).ToArray().Should().Equal(neurons[j][..^1]);
                    network.Layers[l].Bias[j].Should().Be(neurons[j][^1]);
                }
            }
        }
    }
}
