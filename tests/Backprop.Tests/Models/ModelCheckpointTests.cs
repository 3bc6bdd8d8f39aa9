using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary>Model.Fit's checkpoint holds the whole model: scaling, names and the best epoch's network.</summary>
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-fit-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Two noisy classes of 3 raw features on very different scales.</summary>
    private static Dataset Raw()
    {
        var r = new Random(11);
        var x = Matrix<double>.Build.Dense(3, 120);
        var t = Matrix<double>.Build.Dense(2, 120);
        for (int j = 0; j < 120; j++)
        {
            int c = j % 2;
            x[0, j] = 1000 + 200 * c + 300 * (r.NextDouble() - 0.5);
            x[1, j] = 0.01 * c + 0.02 * (r.NextDouble() - 0.5);
            x[2, j] = 5 * r.NextDouble();
            t[c, j] = 1;
        }
        return new Dataset(x, t, ["no", "yes"], ["price", "ratio", "noise"]);
    }

    [Fact]
    public void The_checkpoint_loads_as_the_model_early_stopping_restores()
    {
        string path = Path.Combine(_dir, "best.json");
        var options = new FitOptions
        {
            Hidden = [8],
            Optimizer = new Adam(0.05),
            Training = new TrainingOptions
            {
                Epochs = 80, BatchSize = 8, Shuffle = true, ValidationSplit = 0.3,
                EarlyStopping = new EarlyStopping { Patience = 4 },
                Checkpoint = new Checkpoint(path),
            },
        };
        var data = Raw();

        var fit = Model.Fit(data, options, seed: 2);

        var loaded = Model.Load(path);
        loaded.ClassNames.Should().Equal("no", "yes");
        loaded.FeatureNames.Should().Equal("price", "ratio", "noise");
        loaded.InputScaler.Should().BeOfType<StandardScaler>().Which.Mean.Should().Equal(((StandardScaler)fit.Model.InputScaler!).Mean);
        loaded.Network.Layers.SelectMany(l => l.Weights.ToColumnMajorArray()).Should().Equal(fit.Model.Network.Layers.SelectMany(l => l.Weights.ToColumnMajorArray()));
        loaded.Predict(data.Inputs).ToColumnMajorArray().Should().Equal(fit.Model.Predict(data.Inputs).ToColumnMajorArray());
        loaded.Metadata!.Training![Checkpoint.EpochKey].Should().Be(fit.History.BestEpoch!.Value.ToString(CultureInfo.InvariantCulture));
        fit.History.BestEpoch.Should().BeLessThan(fit.History.Epochs.Count - 1);
    }
}
