using Backprop.Demo.Tour;

namespace Backprop.Tests.Networks;

public class SummaryTests
{
    [Fact]
    public void The_summary_lists_each_layer_and_the_totals_as_keras_does()
    {
        var network = Network.Create(64, [new LayerDefinition(32, Activation.ReLU), new LayerDefinition(10, Activation.Softmax, BiasMode.Frozen)],
            ScaledInitializer.HeUniform, 1, Loss.CategoricalCrossEntropy);

        network.ToString().Split('\n').Should().Equal(
            "layer      neurons × inputs  activation  bias       parameters",
            "layers[0]  32 × 64           relu        trainable        2080",
            "layers[1]  10 × 32           softmax     frozen            330",
            "2410 parameters: 2400 trainable, 10 frozen; 64 inputs, 10 outputs; loss categorical-cross-entropy");
    }

    [Fact]
    public void The_blogs_network_has_eight_trainable_weights_and_four_frozen_biases()
    {
        MazurTour.CreateNetwork().Summary().Should().EndWith("12 parameters: 8 trainable, 4 frozen; 2 inputs, 2 outputs; loss half-squared-error");
    }
}
