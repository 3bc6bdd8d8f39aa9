using Backprop.Internal;

namespace Backprop;

/// <summary>Settings of a training run, checked when they are set.</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of passes over the data set; at least 1 (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int Epochs
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(Epochs));
            field = value;
        }
    } = 1;
}
