namespace Backprop;

/// <summary>
/// The softmax over a sample's neurons: out_i = e^(net_i − m) / Σ_j e^(net_j − m), with m = max_j net_j so that no
/// exponential overflows. Its Jacobian is ∂out_i/∂net_j = out_i(δ_ij − out_j), so
/// δ_i = out_i·(∂E/∂out_i − Σ_j ∂E/∂out_j·out_j).
/// </summary>
/// <remarks>With <see cref="CategoricalCrossEntropy"/> the network uses the fused form δ = out − target.</remarks>
public sealed class Softmax : Activation
{
    /// <inheritdoc />
    public override string Name => "softmax";

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons)
    {
        for (int c = 0; c < net.Length; c += neurons)
        {
            var z = net.Slice(c, neurons);
            var o = output.Slice(c, neurons);
            double max = double.NegativeInfinity;
            foreach (double x in z) max = Math.Max(max, x);
            for (int i = 0; i < neurons; i++) o[i] = z[i] - max;
        }
        // One pass of the exponential over the whole block; each value rounds as it would alone.
        Internal.VectorMath.Exp(output[..net.Length], output[..net.Length]);
        for (int c = 0; c < net.Length; c += neurons)
        {
            var o = output.Slice(c, neurons);
            double sum = 0;
            for (int i = 0; i < neurons; i++) sum += o[i];
            double inv = 1.0 / sum;
            for (int i = 0; i < neurons; i++) o[i] *= inv;
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons)
    {
        for (int c = 0; c < net.Length; c += neurons)
        {
            var o = output.Slice(c, neurons);
            var g = outputGradient.Slice(c, neurons);
            double dot = 0;
            for (int i = 0; i < neurons; i++) dot += g[i] * o[i];
            var d = delta.Slice(c, neurons);
            for (int i = 0; i < neurons; i++) d[i] = o[i] * (g[i] - dot);
        }
    }

    /// <summary>log(Σ_j e^(net_j)) for one sample, computed as m + log Σ_j e^(net_j − m) with the exponential of
    /// <see cref="Forward"/>.</summary>
    /// <param name="net">One sample's weighted sums.</param>
    public static double LogSumExp(ReadOnlySpan<double> net)
    {
        double max = double.NegativeInfinity;
        foreach (double x in net) max = Math.Max(max, x);
        double sum = 0;
        foreach (double x in net) sum += Internal.VectorMath.Exp(x - max);
        return max + Math.Log(sum);
    }
}
