using System.Numerics;

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
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons) => ForwardOf(net, output, neurons);

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons) => BackwardOf(output, outputGradient, delta, neurons);

    /// <inheritdoc />
    /// <remarks>In float throughout, with the float32 exponential.</remarks>
    public override void Forward(ReadOnlySpan<float> net, Span<float> output, int neurons) => ForwardOf(net, output, neurons);

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> net, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> delta, int neurons) => BackwardOf(output, outputGradient, delta, neurons);

    private static void ForwardOf<T>(ReadOnlySpan<T> net, Span<T> output, int neurons) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < net.Length; c += neurons)
        {
            var z = net.Slice(c, neurons);
            var o = output.Slice(c, neurons);
            T max = T.NegativeInfinity;
            foreach (T x in z) max = T.Max(max, x);
            for (int i = 0; i < neurons; i++) o[i] = z[i] - max;
        }
        // One pass of the exponential over the whole block; each value rounds as it would alone.
        Internal.VectorMath.Exp<T>(output[..net.Length], output[..net.Length]);
        for (int c = 0; c < net.Length; c += neurons)
        {
            var o = output.Slice(c, neurons);
            T sum = T.Zero;
            for (int i = 0; i < neurons; i++) sum += o[i];
            T inv = T.One / sum;
            for (int i = 0; i < neurons; i++) o[i] *= inv;
        }
    }

    private static void BackwardOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> delta, int neurons)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < output.Length; c += neurons)
        {
            var o = output.Slice(c, neurons);
            var g = outputGradient.Slice(c, neurons);
            T dot = T.Zero;
            for (int i = 0; i < neurons; i++) dot += g[i] * o[i];
            var d = delta.Slice(c, neurons);
            for (int i = 0; i < neurons; i++) d[i] = o[i] * (g[i] - dot);
        }
    }

    /// <summary>log(Σ_j e^(net_j)) for one sample, computed as m + log Σ_j e^(net_j − m) with the exponential of
    /// <see cref="Forward(ReadOnlySpan{double}, Span{double}, int)"/>.</summary>
    /// <param name="net">One sample's weighted sums.</param>
    public static double LogSumExp(ReadOnlySpan<double> net) => LogSumExpOf(net);

    /// <summary><see cref="LogSumExp"/> of either precision, in double (a float widened exactly).</summary>
    internal static double LogSumExpOf<T>(ReadOnlySpan<T> net) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        foreach (T x in net) max = Math.Max(max, double.CreateTruncating(x));
        double sum = 0;
        foreach (T x in net) sum += Internal.VectorMath.Exp(double.CreateTruncating(x) - max);
        return max + Math.Log(sum);
    }
}
