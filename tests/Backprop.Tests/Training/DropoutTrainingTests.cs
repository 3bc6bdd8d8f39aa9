using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

public class DropoutTrainingTests
{
    private static Network Make(double p = 0.5) => Network.Create(4,
        [new LayerDefinition(8, Activation.ReLU) { Dropout = p }, new LayerDefinition(6, Activation.Tanh) { Dropout = p / 2 },
         new LayerDefinition(3, Activation.Softmax)],
        ScaledInitializer.HeUniform, 11, Loss.CategoricalCrossEntropy);

    /// <summary>30 samples of 4 features, labelled by which of three sums is largest.</summary>
    private static (Matrix<double> X, Matrix<double> T) Data()
    {
        var r = new Random(4);
        var x = Matrix<double>.Build.Dense(4, 30, (_, _) => r.NextDouble() * 2 - 1);
        var t = Matrix<double>.Build.Dense(3, 30, (k, c) =>
        {
            double[] s = [x[0, c] + x[1, c], x[2, c] - x[0, c], x[3, c]];
            return Array.IndexOf(s, s.Max()) == k ? 1 : 0;
        });
        return (x, t);
    }

    private static Network Trained(int seed, double p = 0.5, int batch = 4)
    {
        var network = Make(p);
        var (x, t) = Data();
        new Trainer(new Adam(0.01), new TrainingOptions { Epochs = 5, BatchSize = batch, Shuffle = true, Seed = seed }).Train(network, x, t);
        return network;
    }

    private static void ShouldEqual(Network a, Network b)
    {
        for (int l = 0; l < a.Layers.Count; l++)
        {
            a.Layers[l].Weights.Should().Be(b.Layers[l].Weights, $"layers[{l}] weights");
            a.Layers[l].Bias.Should().Equal(b.Layers[l].Bias, $"layers[{l}] bias");
        }
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_weights_and_another_seed_other_weights()
    {
        var a = Trained(seed: 7);
        var b = Trained(seed: 7);
        var c = Trained(seed: 8);

        ShouldEqual(a, b);
        a.Layers[0].Weights.Should().NotBe(c.Layers[0].Weights);
    }

    [Fact]
    public void The_masks_come_from_the_seed_not_from_the_shuffle()
    {
        // Without shuffling, only the masks can tell two seeds apart.
        Network Run(int seed)
        {
            var network = Make();
            var (x, t) = Data();
            new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 2, BatchSize = 5, Seed = seed }).Train(network, x, t);
            return network;
        }

        Run(1).Layers[0].Weights.Should().NotBe(Run(2).Layers[0].Weights);
        ShouldEqual(Run(1), Run(1));
    }

    [Fact]
    public void Each_run_of_a_trainer_starts_the_masks_afresh_from_its_seed()
    {
        // A clone's stream starts at step 0 and the trained network's has gone 6 steps on: only a fresh start of
        // both from the trainer's seed makes their second runs agree.
        var (x, t) = Data();
        var trainer = new Trainer(new Sgd(0.1), new TrainingOptions { Epochs = 1, BatchSize = 5, Seed = 3 });
        var twice = Make();
        trainer.Train(twice, x, t);
        var copy = twice.Clone();

        trainer.Train(copy, x, t);
        trainer.Train(twice, x, t);

        ShouldEqual(copy, twice);
    }

    [Fact]
    public void Seeding_the_network_makes_its_steps_repeat_and_a_fresh_network_starts_as_seed_zero()
    {
        var (x, t) = Data();
        var a = Make();
        var b = Make();
        var c = Make();
        a.SeedDropout(0);
        c.SeedDropout(1);

        for (int i = 0; i < 3; i++)
        {
            a.TrainStep(x, t, new Sgd(0.1), LossReduction.Mean);
            b.TrainStep(x, t, new Sgd(0.1), LossReduction.Mean);
            c.TrainStep(x, t, new Sgd(0.1), LossReduction.Mean);
        }

        ShouldEqual(a, b);
        a.Layers[0].Weights.Should().NotBe(c.Layers[0].Weights);
        a.SeedDropout(5);
        b.SeedDropout(5);
        a.TrainStep(x, t, new Sgd(0.1), LossReduction.Mean);
        b.ComputeGradients(x, t, LossReduction.Mean);
        new Sgd(0.1).Step(b);
        ShouldEqual(a, b);
    }

    [Fact]
    public void One_thread_and_two_give_bit_identical_weights_when_the_products_are_split()
    {
        // 256 × 256 weights times 64 samples is 2²² multiply-adds: the products of the first layers are split.
        Network Run(int threads)
        {
            int saved = Parallelism.MaxThreads;
            try
            {
                Parallelism.MaxThreads = threads;
                var network = Network.Create(256, [new LayerDefinition(256, Activation.ReLU) { Dropout = 0.5 },
                    new LayerDefinition(256, Activation.ReLU) { Dropout = 0.3 }, new LayerDefinition(4, Activation.Softmax)],
                    ScaledInitializer.HeUniform, 2, Loss.CategoricalCrossEntropy);
                var r = new Random(9);
                var x = Matrix<double>.Build.Dense(256, 64, (_, _) => r.NextDouble() - 0.5);
                var t = Matrix<double>.Build.Dense(4, 64, (k, c) => k == c % 4 ? 1 : 0);
                new Trainer(new Adam(0.001), new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = 6 }).Train(network, x, t);
                return network;
            }
            finally
            {
                Parallelism.MaxThreads = saved;
            }
        }

        (256L * 256 * 64).Should().BeGreaterThanOrEqualTo(Parallelism.MinimumWork);
        ShouldEqual(Run(1), Run(2));
    }

    [Fact]
    public void A_step_with_dropout_allocates_nothing_after_the_first()
    {
        var (x, t) = Data();
        var network = Make();
        var sgd = new Sgd(0.1);
        network.TrainStep(x, t, sgd, LossReduction.Mean);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) network.TrainStep(x, t, sgd, LossReduction.Mean);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void A_model_fitted_with_dropout_has_it_on_every_hidden_layer_and_the_same_seed_gives_the_same_model()
    {
        var (x, t) = Data();
        var data = new Dataset(x, t, ["a", "b", "c"]);
        var options = new FitOptions { Hidden = [8, 5], Dropout = 0.25, Training = new TrainingOptions { Epochs = 3, BatchSize = 8, Shuffle = true } };

        var a = Model.Fit(data, options, seed: 4).Model;
        var b = Model.Fit(data, options, seed: 4).Model;
        var plain = Model.Fit(data, options with { Dropout = 0 }, seed: 4).Model;

        a.Network.Layers.Select(l => l.Dropout).Should().Equal(0.25, 0.25, 0.0);
        ShouldEqual(a.Network, b.Network);
        a.Network.Layers[0].Weights.Should().NotBe(plain.Network.Layers[0].Weights);
        var noHidden = () => Model.Fit(data, options with { Hidden = [] }, seed: 4);
        noHidden.Should().Throw<ArgumentException>().WithParameterName("options")
            .WithMessage("options.Dropout is 0.25 but options.Hidden is empty*");
    }
}
