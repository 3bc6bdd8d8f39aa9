using Backprop.Demo.Tour;

namespace Backprop.Tests.Optimizers;

public class SgdTests
{
    [Theory]
    [InlineData(BiasMode.Trainable)]
    [InlineData(BiasMode.Frozen)]
    public void A_step_subtracts_eta_times_each_gradient_and_touches_the_bias_only_when_trainable(BiasMode mode)
    {
        var network = MazurTour.CreateNetwork(mode);
        var gradients = network.ComputeGradients(MazurTour.Input, MazurTour.Target);
        var layer = network.Layers[0];
        var w = layer.Weights.Clone();
        var b = layer.Bias.Clone();
        var gw = gradients.Weights[0];
        var gb = gradients.Biases[0];

        new Sgd(0.25).Step(network);

        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++) layer.Weights[i, j].Should().Be(w[i, j] - 0.25 * gw[i, j]);
            layer.Bias[i].Should().Be(mode == BiasMode.Trainable ? b[i] - 0.25 * gb[i] : b[i]);
        }
    }

    [Fact]
    public void The_learning_rate_is_kept()
    {
        new Sgd(0.5).LearningRate.Should().Be(0.5);
    }
}
