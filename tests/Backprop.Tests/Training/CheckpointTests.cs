using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>Checkpointing the best model to a file: when it is written, what it holds, and how a bad path fails.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target => Path.Combine(_dir, "best.json");

    private sealed class Recorder(Action<EpochReport> onReport) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => onReport(value);
    }

    /// <summary>Two overlapping Gaussian blobs in 2-D, 200 samples, classes alternating.</summary>
    private static Dataset Blobs(int seed, bool flipLabels = false)
    {
        var r = new Random(seed);
        var x = Matrix<double>.Build.Dense(2, 200);
        var t = Matrix<double>.Build.Dense(2, 200);
        for (int j = 0; j < 200; j++)
        {
            int c = j % 2;
            x[0, j] = (c == 0 ? -0.5 : 0.5) + (r.NextDouble() - 0.5) * 2;
            x[1, j] = (c == 0 ? 0.5 : -0.5) + (r.NextDouble() - 0.5) * 2;
            t[flipLabels ? 1 - c : c, j] = 1;
        }
        return new Dataset(x, t, ["a", "b"]);
    }

    private static Network Small(int seed = 1) =>
        Network.Create(2, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, seed, Loss.CategoricalCrossEntropy);

    private static double[] Weights(Network n) => n.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias)).ToArray();

    [Fact]
    public void The_file_holds_the_best_epoch_s_weights_bit_for_bit_as_early_stopping_restores_them()
    {
        // The validation labels are the training labels flipped, so validation loss soon rises as training succeeds.
        var network = Small();
        var options = new TrainingOptions
        {
            Epochs = 60, BatchSize = 10,
            EarlyStopping = new EarlyStopping { Patience = 3 },
            Checkpoint = new Checkpoint(Target) { Metadata = new ModelMetadata { Description = "blobs", Training = new Dictionary<string, string> { ["optimizer"] = "adam" } } },
        };

        var history = new Trainer(new Adam(0.05), options).Train(network, Blobs(3), Blobs(3, flipLabels: true));

        int best = history.BestEpoch!.Value;
        best.Should().BeLessThan(history.Epochs.Count - 1, "training went on after the best epoch");
        var saved = ModelFile.Load(Target);
        Weights(saved.Network).Should().Equal(Weights(network));
        history.CheckpointEpoch.Should().Be(best);
        var m = saved.Metadata!;
        (m.Description, m.Epochs, m.FinalLoss).Should().Be(("blobs", best + 1, history.Epochs[best].MeanLoss));
        m.Training!.Should().Contain(new Dictionary<string, string>
        {
            ["optimizer"] = "adam",
            [Checkpoint.EpochKey] = best.ToString(CultureInfo.InvariantCulture),
            [Checkpoint.MonitorKey] = "validation-loss",
        });
        double.Parse(m.Training![Checkpoint.LossKey], CultureInfo.InvariantCulture).Should().Be(history.Epochs[best].ValidationLoss);
        Directory.GetFileSystemEntries(_dir).Should().Equal(Target);
    }

    [Fact]
    public void The_file_is_rewritten_exactly_when_the_monitored_loss_reaches_a_new_low()
    {
        var files = new List<string>();
        var recorder = new Recorder(_ => files.Add(File.ReadAllText(Target)));
        var options = new TrainingOptions { Epochs = 25, BatchSize = 5, Shuffle = true, Seed = 4, Checkpoint = new Checkpoint(Target) };

        var history = new Trainer(new Adam(0.3), options).Train(Small(), Blobs(3), progress: recorder);

        var losses = history.Epochs.Select(e => e.MeanLoss).ToArray();
        var lows = Enumerable.Range(0, losses.Length).Where(e => losses.Take(e).All(l => losses[e] < l)).ToArray();
        var rewrites = Enumerable.Range(0, files.Count).Where(e => e == 0 || files[e] != files[e - 1]).ToArray();
        rewrites.Should().Equal(lows);
        lows.Length.Should().BeInRange(2, losses.Length - 1, "the training loss both falls and stalls in this run");
        var m = ModelFile.Load(Target).Metadata!;
        m.Training![Checkpoint.MonitorKey].Should().Be("training-loss");
        m.Training[Checkpoint.EpochKey].Should().Be(lows[^1].ToString(CultureInfo.InvariantCulture));
        history.CheckpointEpoch.Should().Be(lows[^1]);
    }

    [Fact]
    public void The_same_seed_writes_the_same_file()
    {
        byte[] Run(string name)
        {
            string path = Path.Combine(_dir, name);
            var options = new TrainingOptions { Epochs = 5, BatchSize = 16, Shuffle = true, Seed = 9, Checkpoint = new Checkpoint(path) };
            new Trainer(new Adam(0.05), options).Train(Small(), Blobs(3));
            return File.ReadAllBytes(path);
        }

        Run("a.json").Should().Equal(Run("b.json"));
    }

    [Fact]
    public void A_missing_folder_fails_before_training_and_leaves_nothing_behind()
    {
        string target = Path.Combine(_dir, "missing", "best.json");
        var network = Small();
        var before = Weights(network);
        int reports = 0;

        var act = () => new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 3, Checkpoint = new Checkpoint(target) })
            .Train(network, Blobs(3), progress: new Recorder(_ => reports++));

        act.Should().Throw<DirectoryNotFoundException>().Which.Message.Should().Contain(target).And.NotContain(".tmp");
        reports.Should().Be(0);
        Weights(network).Should().Equal(before);
        Directory.GetFileSystemEntries(_dir).Should().BeEmpty();
    }

    [Fact]
    public void A_folder_that_is_a_file_or_a_target_that_is_a_folder_fails_before_training()
    {
        string file = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(file, "not a folder");
        Directory.CreateDirectory(Path.Combine(_dir, "taken"));
        var network = Small();
        var before = Weights(network);

        var underFile = () => new Trainer(new Sgd(0.1), new TrainingOptions { Checkpoint = new Checkpoint(Path.Combine(file, "best.json")) }).Train(network, Blobs(3));
        var onFolder = () => new Trainer(new Sgd(0.1), new TrainingOptions { Checkpoint = new Checkpoint(Path.Combine(_dir, "taken")) }).Train(network, Blobs(3));

        underFile.Should().Throw<IOException>().Which.Message.Should().Contain(Path.Combine(file, "best.json"));
        onFolder.Should().Throw<IOException>().WithMessage("*taken: it is a folder*");
        Weights(network).Should().Equal(before);
        Directory.GetFileSystemEntries(_dir).Order().Should().Equal(file, Path.Combine(_dir, "taken"));
        Directory.GetFileSystemEntries(Path.Combine(_dir, "taken")).Should().BeEmpty();
    }

    [Fact]
    public void A_blank_path_is_rejected()
    {
        ((Action)(() => _ = new Checkpoint(" "))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "path");
    }
}
