using System.Globalization;

namespace Backprop;

/// <summary>
/// Thrown when a training step meets a NaN or infinite loss or gradient. The step that met it changed no weight.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What was not finite.</param>
    /// <param name="epoch">The 0-based epoch, when training.</param>
    /// <param name="sample">The 0-based sample (or batch) index within the epoch, when training.</param>
    public TrainingDivergedException(string what, int? epoch = null, int? sample = null)
        : base(Compose(what, epoch, sample))
    {
        Epoch = epoch;
        Sample = sample;
    }

    /// <summary>The 0-based epoch in which training diverged, or null outside a training loop.</summary>
    public int? Epoch { get; }

    /// <summary>The 0-based sample (or batch) index within <see cref="Epoch"/>, or null outside a training loop.</summary>
    public int? Sample { get; }

    private static string Compose(string what, int? epoch, int? sample)
    {
        string where = epoch is null ? "" : string.Create(CultureInfo.InvariantCulture, $" at epoch {epoch}, sample {sample}");
        return $"Training diverged{where}: {what}. The weights are as they were before this step; lower the learning rate or scale the inputs.";
    }
}
