using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

public class TrainingCanceledTests
{
    /// <summary>Constant η that cancels the token at the given call for an epoch (the optimizer asks once per update).</summary>
    private sealed class CancelAtUpdate(CancellationTokenSource source, int atEpoch, int call) : LearningRateSchedule
    {
        private int _calls;

        public override double Rate(double learningRate, int epoch)
        {
            if (epoch == atEpoch && ++_calls == call) source.Cancel();
            return learningRate;
        }
    }

    /// <summary>Two classes in 2-D, 70 samples, classes alternating.</summary>
    private static Dataset Points(int count = 70)
    {
        var r = new Random(5);
        var x = Matrix<double>.Build.Dense(2, count, (i, j) => (j % 2 == 0 ? -0.5 : 0.5) * (i == 0 ? 1 : -1) + r.NextDouble() - 0.5);
        var t = Matrix<double>.Build.Dense(2, count, (i, j) => i == j % 2 ? 1 : 0);
        return new Dataset(x, t, ["a", "b"]);
    }

    private static Network Small() =>
        Network.Create(2, [new LayerDefinition(3, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 7, Loss.CategoricalCrossEntropy);

    private static double[] Weights(Network n) => n.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias)).ToArray();

    [Fact]
    public void A_cancel_mid_epoch_names_the_epoch_and_batch_and_keeps_exactly_the_updates_made()
    {
        var data = Points();
        var network = Small();
        using var source = new CancellationTokenSource();
        var options = new TrainingOptions { Epochs = 10, BatchSize = 7, Shuffle = false };
        var trainer = new Trainer(new Sgd(0.1, schedule: new CancelAtUpdate(source, atEpoch: 1, call: 5)), options);

        var act = () => trainer.Train(network, data, null, null, source.Token);

        var stop = act.Should().Throw<TrainingCanceledException>().Which;
        stop.Epoch.Should().Be(1);
        stop.Batch.Should().Be(5, "the fifth update of epoch 1 (batch 4) cancelled, so batch 5 never ran");
        stop.History.Epochs.Should().ContainSingle().Which.Updates.Should().Be(10);
        stop.History.StopReason.Should().Be(StopReason.Canceled);
        stop.CancellationToken.Should().Be(source.Token);
        stop.Message.Should().Be("Training was canceled at epoch 1, before batch 5, after 1 complete epochs; the network keeps every update made until then.");
        stop.Should().BeAssignableTo<OperationCanceledException>();

        // The same: one whole epoch, then the five batches of seven samples taken in data order.
        var expected = Small();
        new Trainer(new Sgd(0.1), options with { Epochs = 1 }).Train(expected, data);
        new Trainer(new Sgd(0.1), options with { Epochs = 1 }).Train(expected, data.Subset(Enumerable.Range(0, 35).ToArray()));
        Weights(network).Should().Equal(Weights(expected));
    }

    [Fact]
    public void A_token_cancelled_before_training_stops_at_epoch_0_batch_0_with_an_empty_history_and_untouched_weights()
    {
        var network = Small();
        var before = Weights(network);

        var act = () => new Trainer(new Sgd(0.1)).Train(network, Points(), null, null, new CancellationToken(canceled: true));

        var stop = act.Should().Throw<TrainingCanceledException>().Which;
        (stop.Epoch, stop.Batch).Should().Be((0, 0));
        stop.History.Epochs.Should().BeEmpty();
        Weights(network).Should().Equal(before);
    }

    [Fact]
    public void The_exception_refuses_a_negative_epoch_or_batch()
    {
        var history = new Trainer(new Sgd(0.1)).Train(Small(), Points());

        FluentActions.Invoking(() => new TrainingCanceledException(history, -1, 0, CancellationToken.None))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epoch");
        FluentActions.Invoking(() => new TrainingCanceledException(history, 0, -1, CancellationToken.None))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("batch");
    }
}
