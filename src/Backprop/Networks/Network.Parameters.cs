using Backprop.Internal;

namespace Backprop;

public sealed partial class Network
{
    /// <summary>Throws when an update has made a parameter NaN or infinite; does nothing otherwise. Every
    /// prediction, step and save checks this (after an update, the first of them scans the parameters).</summary>
    /// <exception cref="InvalidOperationException">A parameter is not finite; the message names it.</exception>
    public void EnsureFinite()
    {
        if (!_verified) Verify(vouched: false, null, null, step: false);
        ThrowIfDiverged();
    }

    /// <summary>A setter changed a parameter (after checking it): a diverged network may be whole again.</summary>
    internal void ParametersChanged()
    {
        if (_divergence is null) return;
        _divergence = Finite.FirstNonFiniteParameter(_layers);
        _verified = _divergence is null;
    }

    /// <summary>Whether the parameters are known to be finite: the constructors and setters check every value, and
    /// an update leaves them to be verified by the next pass (which mostly vouches for them on the way) or scan.</summary>
    internal bool ParametersVerified => _verified;

    /// <summary>An optimizer has just changed the parameters: they are to be verified, and the step is done, so the
    /// next passes draw the next step's dropout masks.</summary>
    internal void ParametersUpdated()
    {
        _verified = false;
        if (HasDropout) DropoutMasks.Advance();
    }

    /// <summary>Settles whether the parameters are finite after an update: <paramref name="vouched"/> when a pass
    /// has shown it, else by a scan. A non-finite one marks the network so that nothing uses it until a setter
    /// repairs it, and throws: <see cref="TrainingDivergedException"/> inside a step.</summary>
    internal void Verify(bool vouched, int? epoch, int? batch, bool step = true)
    {
        string? bad = vouched ? null : Finite.FirstNonFiniteParameter(_layers);
        if (bad is null)
        {
            _verified = true;
            return;
        }
        _divergence = bad;
        if (step) throw TrainingDivergedException.Overflowed(bad, epoch, batch);
    }

    internal void ThrowIfDiverged()
    {
        var d = _divergence;
        if (d is not null)
            throw new InvalidOperationException($"An update made {d}, so the network no longer predicts or trains; set its weights again, or use a saved copy.");
    }
}
