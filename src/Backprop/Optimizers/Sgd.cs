using Backprop.Internal;

namespace Backprop;

/// <summary>Plain stochastic gradient descent: θ ← θ − η·g, where g = ∂E/∂W + λ·W for weights and ∂E/∂b for biases.</summary>
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
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Kernels.SubtractScaled(block.Values, update.LearningRate, block.Gradient);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Kernels.SubtractScaled(block.Values, (float)update.LearningRate, block.Gradient);
}
