using System.Globalization;

namespace Backprop;

/// <summary>
/// Thrown when a training step meets a NaN or infinite loss or gradient (the step that met it changed no weight),
/// or when an update overflows a parameter (the network then refuses further use; see <see cref="Network.EnsureFinite"/>).
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What was not finite.</param>
    /// <param name="epoch">The 0-based epoch, when training.</param>
    /// <param name="batch">The 0-based batch index within the epoch (the sample index in online training).</param>
    public TrainingDivergedException(string what, int? epoch = null, int? batch = null)
        : this(Compose(what, epoch, batch, Unchanged), epoch, batch, composed: true)
    {
    }

    private TrainingDivergedException(string message, int? epoch, int? batch, bool composed)
        : base(message)
    {
        _ = composed;
        Epoch = epoch;
        Batch = batch;
    }

    private const string Unchanged = "The weights are as they were before this batch";

    /// <summary>An update that made <paramref name="what"/> (a parameter) non-finite.</summary>
    internal static TrainingDivergedException Overflowed(string what, int? epoch, int? batch) =>
        new(Compose($"the previous update made {what}", epoch, batch,
            "The network's parameters are no longer finite, so it refuses further use until its weights are set again"), epoch, batch, composed: true);

    /// <summary>An L-BFGS evaluation (1-based, over the run) that met <paramref name="what"/> in the iteration after
    /// <paramref name="iterations"/> completed ones; the network keeps the last accepted iterate.</summary>
    internal static TrainingDivergedException Lbfgs(string what, int iterations, int evaluation) =>
        new(evaluation == 1
                ? $"Training diverged at the starting weights: {what}. No weight was changed; scale the inputs."
                : string.Create(CultureInfo.InvariantCulture,
                    $"Training diverged in L-BFGS iteration {iterations + 1} (evaluation {evaluation}): {what}. The network keeps the weights after iteration {iterations}, the last accepted; scale the inputs."),
            null, null, composed: true);

    /// <summary>The 0-based epoch in which training diverged, or null outside a training loop.</summary>
    public int? Epoch { get; }

    /// <summary>The 0-based batch index within <see cref="Epoch"/> (the sample in online training), or null outside a training loop.</summary>
    public int? Batch { get; }

    private static string Compose(string what, int? epoch, int? batch, string state)
    {
        string where = epoch is null ? "" : string.Create(CultureInfo.InvariantCulture, $" at epoch {epoch}, batch {batch}");
        return $"Training diverged{where}: {what}. {state}; lower the learning rate or scale the inputs.";
    }
}
