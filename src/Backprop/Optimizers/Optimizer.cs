namespace Backprop;

/// <summary>An update rule: turns the gradients of the last backward pass into new weights and biases.</summary>
public abstract class Optimizer
{
    /// <summary>
    /// Updates every layer of <paramref name="network"/> from its <see cref="DenseLayer.WeightGradient"/> and
    /// <see cref="DenseLayer.BiasGradient"/>; biases change only in layers with <see cref="BiasMode.Trainable"/>.
    /// </summary>
    /// <param name="network">The network whose gradients were just computed.</param>
    public abstract void Step(Network network);
}
