using Backprop.Internal;

namespace Backprop;

/// <summary>Plain stochastic gradient descent: W ← W − η·∂E/∂W and b ← b − η·∂E/∂b.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the rule with learning rate η.</summary>
    /// <param name="learningRate">η, a positive finite number (the blog uses 0.5).</param>
    /// <exception cref="ArgumentOutOfRangeException">η is zero, negative, NaN or infinite.</exception>
    public Sgd(double learningRate)
    {
        Guard.PositiveFinite(learningRate, nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>The learning rate η.</summary>
    public double LearningRate { get; }

    /// <inheritdoc />
    public override void Step(Network network)
    {
        Guard.NotNull(network, nameof(network));
        foreach (var layer in network.Layers)
        {
            Kernels.SubtractScaled(layer.WeightValues, LearningRate, layer.WeightGradientValues);
            if (layer.BiasMode == BiasMode.Trainable)
                Kernels.SubtractScaled(layer.BiasValues, LearningRate, layer.BiasGradientValues);
        }
    }
}
