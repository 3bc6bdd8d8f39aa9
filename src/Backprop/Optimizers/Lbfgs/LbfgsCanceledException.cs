using System.Globalization;

namespace Backprop;

/// <summary>
/// Thrown by <see cref="LbfgsTrainer"/> when its cancellation token is cancelled: the run stopped between two
/// iterations, and the network holds the weights of the last accepted iterate. <see cref="Result"/> tells how far it
/// got.
/// </summary>
public sealed class LbfgsCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">The iterations completed before the stop.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public LbfgsCanceledException(LbfgsResult result, CancellationToken cancellationToken)
        : base(Compose(result), cancellationToken)
    {
        Result = result;
    }

    /// <summary>The run so far, with <see cref="LbfgsStopReason.Canceled"/>: <see cref="LbfgsResult.Iterations"/>
    /// completed, and the loss after each.</summary>
    public LbfgsResult Result { get; }

    private static string Compose(LbfgsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"L-BFGS was canceled after {result.Iterations} iterations ({result.Evaluations} evaluations, loss {result.Loss:R}); the network keeps the weights reached then.");
    }
}
