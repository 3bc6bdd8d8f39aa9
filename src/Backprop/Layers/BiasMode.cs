namespace Backprop;

/// <summary>How a layer's bias takes part in training.</summary>
public enum BiasMode
{
    /// <summary>One bias per neuron, updated by the optimizer like the weights (the default).</summary>
    Trainable,

    /// <summary>The bias is added in the forward pass and its gradient is computed, but the optimizer never changes it
    /// (the blog's b1 = 0.35 and b2 = 0.60).</summary>
    Frozen,

    /// <summary>No bias: net = W·x (the seed notebook's linear example). The bias vector is all zeros.</summary>
    None,
}
