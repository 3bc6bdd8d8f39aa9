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
    /// <param name="batch">The 0-based batch index within the epoch (the sample index in online training).</param>
    public TrainingDivergedException(string what, int? epoch = null, int? batch = null)
        : base(Compose(what, epoch, batch))
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The 0-based epoch in which training diverged, or null outside a training loop.</summary>
    public int? Epoch { get; }

    /// <summary>The 0-based batch index within <see cref="Epoch"/> (the sample in online training), or null outside a training loop.</summary>
    public int? Batch { get; }

    private static string Compose(string what, int? epoch, int? batch)
    {
        string where = epoch is null ? "" : string.Create(CultureInfo.InvariantCulture, $" at epoch {epoch}, batch {batch}");
        return $"Training diverged{where}: {what}. The weights are as they were before this batch; lower the learning rate or scale the inputs.";
    }
}
