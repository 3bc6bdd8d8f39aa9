namespace Backprop;

/// <summary>What a <see cref="Model"/> predicts.</summary>
public enum ModelTask
{
    /// <summary>One of several named classes: the outputs are the classes' probabilities (or scores).</summary>
    Classification,

    /// <summary>One or several continuous targets, in the targets' own units.</summary>
    Regression,
}
