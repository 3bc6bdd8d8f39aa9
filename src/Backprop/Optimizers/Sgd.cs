using Backprop.Internal;

namespace Backprop;

/// <summary>Plain stochastic gradient descent: W ← W − η·(∂E/∂W + λ·W) and b ← b − η·∂E/∂b.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η, a positive finite number (the blog uses 0.5).</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is zero, negative, NaN or infinite, or λ is negative.</exception>
    public Sgd(double learningRate, double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
    }

    /// <inheritdoc />
    public override void Step(Network network)
    {
        Guard.NotNull(network, nameof(network));
        double eta = CurrentLearningRate;
        foreach (var layer in network.LayerArray)
        {
            var w = layer.WeightValues;
            var g = layer.WeightGradientValues;
            if (WeightDecay == 0) Kernels.SubtractScaled(w, eta, g);
            else for (int i = 0; i < w.Length; i++) w[i] -= eta * (g[i] + WeightDecay * w[i]);
            if (layer.BiasMode == BiasMode.Trainable)
                Kernels.SubtractScaled(layer.BiasValues, eta, layer.BiasGradientValues);
        }
    }
}
