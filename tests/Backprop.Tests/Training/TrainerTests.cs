using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

public class TrainerTests
{
    private sealed class Recorder(Action<EpochReport>? onReport = null) : IProgress<EpochReport>
    {
        public List<EpochReport> Reports { get; } = [];

        public void Report(EpochReport value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static Dataset TenPointSet()
    {
        var (inputs, targets, _) = TenPoint.Data();
        return new Dataset(inputs, targets, ["0", "1"]);
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
    public void A_full_batch_epoch_is_one_step_along_the_mean_gradient()
    {
        var data = TenPointSet();
        var trained = TenPoint.Network();
        var manual = TenPoint.Network();

        var history = new Trainer(new Sgd(0.5), new TrainingOptions { BatchSize = TrainingOptions.FullBatch }).Train(trained, data);

        var g = manual.ComputeGradients(data.Inputs, data.Targets);
        double loss = g.Loss;
        for (int l = 0; l < manual.Layers.Count; l++)
        {
            var layer = manual.Layers[l];
            layer.SetWeights(layer.Weights - g.Weights[l].Multiply(0.5 / 10));
            layer.SetBias(layer.Bias - g.Biases[l].Multiply(0.5 / 10));
        }
        history.Epochs[0].Updates.Should().Be(1);
        history.Epochs[0].Loss.Should().BeApproximately(loss, 1e-12);
        Weights(trained).Should().Equal(Weights(manual), (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void The_last_partial_batch_is_trained_not_dropped()
    {
        var data = TenPointSet();
        var trained = TenPoint.Network();
        var manual = TenPoint.Network();

        var history = new Trainer(new Sgd(0.5), new TrainingOptions { BatchSize = 4 }).Train(trained, data);

        foreach (var (start, count) in new[] { (0, 4), (4, 4), (8, 2) })
        {
            var x = data.Inputs.SubMatrix(0, 2, start, count);
            var t = data.Targets.SubMatrix(0, 2, start, count);
            var g = manual.ComputeGradients(x, t);
            for (int l = 0; l < manual.Layers.Count; l++)
            {
                var layer = manual.Layers[l];
                layer.SetWeights(layer.Weights - g.Weights[l].Multiply(0.5 / count));
                layer.SetBias(layer.Bias - g.Biases[l].Multiply(0.5 / count));
            }
        }
        history.Epochs[0].Updates.Should().Be(3);
        Weights(trained).Should().Equal(Weights(manual), (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void Online_training_through_a_data_set_equals_the_matrix_form_bit_for_bit()
    {
        var a = TenPoint.Network();
        var b = TenPoint.Network();
        var (inputs, targets, _) = TenPoint.Data();
        var options = new TrainingOptions { Epochs = 5 };

        new Trainer(new Sgd(0.5), options).Train(a, inputs, targets);
        new Trainer(new Sgd(0.5), options).Train(b, TenPointSet());

        Weights(a).Should().Equal(Weights(b));
    }

    [Fact]
    public void Shuffling_is_seeded_per_run_and_changes_the_order()
    {
        double[] Run(int seed, bool shuffle)
        {
            var network = Small();
            new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 3, BatchSize = 8, Shuffle = shuffle, Seed = seed }).Train(network, Blobs(3));
            return Weights(network);
        }

        Run(7, true).Should().Equal(Run(7, true));
        Run(7, true).Should().NotEqual(Run(8, true));
        Run(7, true).Should().NotEqual(Run(7, false));
    }

    [Fact]
    public void Reports_arrive_in_order_with_accuracy_learning_rate_and_time()
    {
        var recorder = new Recorder();
        var options = new TrainingOptions { Epochs = 6, BatchSize = 16 };

        var history = new Trainer(new Sgd(0.5, schedule: new StepDecay(0.5, 2)), options).Train(Small(), Blobs(3), progress: recorder);

        recorder.Reports.Should().Equal(history.Epochs);
        history.Epochs.Select(e => e.Epoch).Should().Equal(0, 1, 2, 3, 4, 5);
        history.Epochs.Select(e => e.LearningRate).Should().Equal(0.5, 0.5, 0.25, 0.25, 0.125, 0.125);
        history.Epochs.Should().OnlyContain(e => e.TrainingAccuracy >= 0 && e.TrainingAccuracy <= 1 && e.Elapsed > TimeSpan.Zero);
        history.Epochs.Should().OnlyContain(e => e.Updates == 13 && e.Samples == 200 && e.ValidationLoss == null);
        history.Epochs[^1].MeanLoss.Should().BeLessThan(history.Epochs[0].MeanLoss);
        history.Epochs[^1].TrainingAccuracy.Should().BeGreaterThan(0.8);
    }

    [Fact]
    public void A_validation_split_holds_out_a_stratified_share_and_reports_on_it()
    {
        var network = Small();

        var history = new Trainer(new Adam(0.01), new TrainingOptions { Epochs = 5, BatchSize = 10, ValidationSplit = 0.25 }).Train(network, Blobs(3));

        history.Epochs.Should().OnlyContain(e => e.Samples == 150 && e.ValidationLoss > 0 && e.ValidationAccuracy > 0.5);
    }

    [Fact]
    public void The_reported_validation_loss_is_the_mean_loss_on_the_validation_set_after_the_epoch()
    {
        var network = Small();
        var validation = Blobs(4);

        var history = new Trainer(new Adam(0.01), new TrainingOptions { Epochs = 3, BatchSize = 20 }).Train(network, Blobs(3), validation);

        history.Epochs[^1].ValidationLoss.Should().BeApproximately(network.ComputeLoss(validation.Inputs, validation.Targets) / 200, 1e-15);
        history.Epochs[^1].ValidationAccuracy.Should().Be(
            (double)Classes.Of(network.Predict(validation.Inputs).ToColumnMajorArray(), 2, 200)
                .Zip(validation.Labels()).Count(p => p.First == p.Second) / 200);
    }

    [Fact]
    public void Early_stopping_stops_after_the_patience_and_restores_the_best_weights()
    {
        // The validation labels are the training labels flipped, so validation loss soon rises as training succeeds.
        var network = Small();
        var weightsAfter = new List<double[]>();
        var recorder = new Recorder(_ => weightsAfter.Add(Weights(network)));
        var options = new TrainingOptions { Epochs = 60, BatchSize = 10, EarlyStopping = new EarlyStopping { Patience = 3 } };

        var history = new Trainer(new Adam(0.05), options).Train(network, Blobs(3), Blobs(3, flipLabels: true), recorder);

        var losses = history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        int best = Array.IndexOf(losses, losses.Min());
        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.BestEpoch.Should().Be(best);
        history.Epochs.Should().HaveCount(best + 1 + 3, "training stops 3 epochs after the best one");
        Weights(network).Should().Equal(weightsAfter[best]);
        Weights(network).Should().NotEqual(weightsAfter[^1]);
    }

    [Fact]
    public void An_epoch_callback_that_returns_false_stops_training_after_that_epoch()
    {
        var network = Small();
        var seen = new List<int>();
        var trainer = new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 10, BatchSize = 7 })
        {
            EpochEnded = r => { seen.Add(r.Epoch); return r.Epoch < 3; },
        };

        var history = trainer.Train(network, Blobs(3));

        seen.Should().Equal(0, 1, 2, 3);
        history.Epochs.Should().HaveCount(4);
        history.StopReason.Should().Be(StopReason.Stopped);
    }

    [Fact]
    public void Without_early_stopping_every_epoch_runs()
    {
        var history = new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 4 }).Train(Small(), Blobs(3));

        history.StopReason.Should().Be(StopReason.Completed);
        history.BestEpoch.Should().BeNull();
        history.Epochs.Should().HaveCount(4);
    }

    [Fact]
    public void Cancelling_stops_at_a_batch_boundary_and_leaves_a_usable_network()
    {
        var network = Small();
        using var cts = new CancellationTokenSource();
        double[]? atCancel = null;
        var recorder = new Recorder(r =>
        {
            if (r.Epoch != 2) return;
            atCancel = Weights(network);
            cts.Cancel();
        });

        var act = () => new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 10, BatchSize = 7 }).Train(network, Blobs(3), null, recorder, cts.Token);

        var stop = act.Should().Throw<TrainingCanceledException>().Which;
        (stop.Epoch, stop.Batch, stop.History.Epochs.Count, stop.History.StopReason).Should().Be((3, 0, 3, StopReason.Canceled));
        recorder.Reports.Should().HaveCount(3);
        Weights(network).Should().Equal(atCancel);
        network.Predict(Blobs(4).Inputs).Enumerate().Should().OnlyContain(x => double.IsFinite(x));
    }

    [Fact]
    public void A_diverging_batch_is_named_by_epoch_and_batch_and_changes_nothing()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.2, 0.3, 1e200 }, { 0.5, 0.6, 0.7, 1e200 } });
        var t = Matrix<double>.Build.Dense(1, 4);
        var network = new Network([new DenseLayer(new[,] { { 1.0, 1.0 } }, null, Activation.Identity, BiasMode.None)], Loss.MeanSquaredError);
        var expected = network.Clone();
        expected.TrainStep(x.SubMatrix(0, 2, 0, 2), t.SubMatrix(0, 1, 0, 2), new Sgd(0.05));

        // The trainer's step follows the mean over the batch of 2: half the learning rate on the summed gradient.
        var act = () => new Trainer(new Sgd(0.1), new TrainingOptions { BatchSize = 2 }).Train(network, x, t);

        act.Should().Throw<TrainingDivergedException>().Where(e => e.Epoch == 0 && e.Batch == 1 && e.Message.Contains("at epoch 0, batch 1"));
        Weights(network).Should().Equal(Weights(expected));
    }

    [Fact]
    public void Options_out_of_range_are_rejected_by_name()
    {
        ((Action)(() => _ = new TrainingOptions { BatchSize = 0 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "BatchSize");
        ((Action)(() => _ = new TrainingOptions { ValidationSplit = 1 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "ValidationSplit");
        ((Action)(() => _ = new EarlyStopping { Patience = 0 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Patience");
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_trains_nothing()
    {
        var network = Small();
        var before = Weights(network);
        var wide = new Dataset(Matrix<double>.Build.Dense(3, 5), Matrix<double>.Build.Dense(2, 5, (i, j) => i == 0 ? 1 : 0), ["a", "b"]);

        var act = () => new Trainer(new Sgd(0.1)).Train(network, wide);

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("3×5"));
        Weights(network).Should().Equal(before);
    }
}
