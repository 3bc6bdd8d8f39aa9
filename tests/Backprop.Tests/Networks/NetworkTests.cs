using Backprop.Demo.Tour;
using Backprop.Tests.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class NetworkTests
{
    [Fact]
    public void The_returning_and_write_into_forms_of_predict_agree_with_the_batch_form()
    {
        var network = TenPoint.Network();
        var (inputs, _, _) = TenPoint.Data();

        var batch = network.Predict(inputs);
        var into = Matrix<double>.Build.Dense(2, 10);
        network.Predict(inputs, into);

        into.Should().BeEquivalentTo(batch);
        for (int j = 0; j < 10; j++)
        {
            var one = network.Predict(inputs.Column(j));
            one.ToArray().Should().Equal(batch.Column(j).ToArray());
        }
    }

    [Fact]
    public void A_batch_gradient_is_the_sum_of_the_per_sample_gradients()
    {
        var network = TenPoint.Network();
        var (inputs, targets, _) = TenPoint.Data();

        var batch = network.ComputeGradients(inputs, targets);
        double batchLoss = batch.Loss;
        var batchGradients = batch.Weights;

        double lossSum = 0;
        var sums = network.Layers.Select(l => Matrix<double>.Build.Dense(l.OutputSize, l.InputSize)).ToArray();
        for (int j = 0; j < 10; j++)
        {
            var one = network.ComputeGradients(inputs.Column(j), targets.Column(j));
            lossSum += one.Loss;
            for (int l = 0; l < sums.Length; l++) sums[l] += one.Weights[l];
        }

        batchLoss.Should().BeApproximately(lossSum, 1e-12);
        for (int l = 0; l < sums.Length; l++)
            (batchGradients[l] - sums[l]).InfinityNorm().Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Computing_gradients_and_losses_changes_no_weight()
    {
        var network = TenPoint.Network();
        var before = network.Layers[0].Weights.ToColumnMajorArray();

        network.ComputeGradients(MazurTour.Input, MazurTour.Target);
        network.ComputeLoss(MazurTour.Input, MazurTour.Target);

        network.Layers[0].Weights.ToColumnMajorArray().Should().Equal(before);
    }

    [Fact]
    public void A_clone_is_independent_of_the_original()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var clone = network.Clone();

        clone.TrainStep(MazurTour.Input, MazurTour.Target, new Sgd(0.5));

        network.Layers[0].Weights[0, 0].Should().Be(0.15);
        clone.Layers[0].Weights[0, 0].Should().NotBe(0.15);
        clone.Layers[0].BiasMode.Should().Be(BiasMode.Trainable);
    }

    [Fact]
    public void Training_twice_from_the_same_seed_gives_bit_identical_weights()
    {
        var (inputs, targets, _) = TenPoint.Data();
        double[] Run()
        {
            var network = Network.Create(2, [new LayerDefinition(3), new LayerDefinition(2)], new UniformInitializer(), seed: 5);
            new Trainer(new Sgd(0.3), new TrainingOptions { Epochs = 15 }).Train(network, inputs, targets);
            return network.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias)).ToArray();
        }

        Run().Should().Equal(Run());
    }


    [Fact]
    public void Sizes_and_parameter_counts_follow_the_layers()
    {
        var network = Network.Create(4, [new LayerDefinition(3), new LayerDefinition(2, biasMode: BiasMode.Frozen)],
            new UniformInitializer(), seed: 1);

        network.InputSize.Should().Be(4);
        network.OutputSize.Should().Be(2);
        network.ParameterCount.Should().Be(4 * 3 + 3 + 3 * 2);
    }
}
