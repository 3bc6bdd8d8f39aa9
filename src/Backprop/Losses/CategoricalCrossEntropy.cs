namespace Backprop;

/// <summary>
/// E = −Σ_k t_k·log out_k per sample, for a softmax output over K classes (targets one-hot, or any
/// distribution). Targets must lie in [0, 1].
/// </summary>
/// <remarks>
/// Always fused with the softmax: E = Σ_k t_k·(logsumexp(net) − net_k) (taken as −log out_k where out_k did not
/// underflow) and δ_k = out_k·Σ_j t_j − t_k
/// (= out_k − t_k for one-hot targets), finite for any finite net. The unfused gradient, for inspection, is
/// −t/out with out clamped to at least 1e-300. Only a softmax output layer is accepted.
/// </remarks>
public sealed class CategoricalCrossEntropy : Loss
{
    /// <inheritdoc />
    public override string Name => "categorical-cross-entropy";

    /// <inheritdoc />
    public override void CheckOutputActivation(Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (activation is not Softmax)
            throw new ArgumentException(
                $"categorical-cross-entropy needs a probability distribution over the classes: use a softmax output layer, not {activation.Name} " +
                "(for independent yes/no outputs use binary-cross-entropy with sigmoid).", nameof(activation));
    }

    /// <inheritdoc />
    public override void CheckTargets(ReadOnlySpan<double> target, int outputs, string paramName) =>
        CheckUnitInterval(target, outputs, paramName, Name);

    /// <inheritdoc />
    public override void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs)
    {
        for (int i = 0; i < output.Length; i++) terms[i] = target[i] == 0 ? 0 : -target[i] * Math.Log(Math.Max(output[i], 1e-300));
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
            if (target[i] != 0) sum -= target[i] * Math.Log(Math.Max(output[i], 1e-300));
        return sum;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs)
    {
        for (int i = 0; i < output.Length; i++) gradient[i] = target[i] == 0 ? 0 : -target[i] / Math.Max(output[i], 1e-300);
    }

    /// <inheritdoc />
    public override bool FusesWith(Activation activation) => activation is Softmax;

    /// <inheritdoc />
    /// <remarks>−log out_k where out_k is a normal number (the softmax computed it to a relative error near 1e-16);
    /// where it underflowed, logsumexp(net) − net_k from the logits.</remarks>
    public override double FusedValue(ReadOnlySpan<double> net, ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs)
    {
        double sum = 0;
        for (int c = 0; c < net.Length; c += outputs)
            for (int k = 0; k < outputs; k++)
            {
                double t = target[c + k];
                if (t == 0) continue;
                double o = output[c + k];
                sum += t * (o >= 1e-300 ? -Math.Log(o) : Softmax.LogSumExp(net.Slice(c, outputs)) - net[c + k]);
            }
        return sum;
    }

    /// <inheritdoc />
    public override void FusedDelta(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> delta, int outputs)
    {
        for (int c = 0; c < output.Length; c += outputs)
        {
            double mass = 0;
            for (int k = 0; k < outputs; k++) mass += target[c + k];
            for (int k = 0; k < outputs; k++) delta[c + k] = output[c + k] * mass - target[c + k];
        }
    }
}
