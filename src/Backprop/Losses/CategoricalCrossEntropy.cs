using System.Numerics;

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
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    /// <inheritdoc />
    public override bool FusesWith(Activation activation) => activation is Softmax;

    /// <inheritdoc />
    /// <remarks>−log out_k where out_k is a normal number (the softmax computed it to a relative error near 1e-16);
    /// where it underflowed, logsumexp(net) − net_k from the logits.</remarks>
    public override double FusedValue(ReadOnlySpan<double> net, ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) =>
        FusedValueOf(net, output, target, outputs);

    /// <inheritdoc />
    public override void FusedDelta(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> delta, int outputs) =>
        FusedDeltaOf(output, target, delta, outputs);

    /// <inheritdoc />
    /// <remarks>In double, each float widened exactly.</remarks>
    public override double Value(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    /// <remarks>−t/out in double with out clamped to at least <see cref="SingleFloor"/> (so that the result stays
    /// within the float range), rounded to the nearest float.</remarks>
    public override void Gradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    /// <inheritdoc />
    /// <remarks>In double; −log out_k where out_k is a normal float, else from the logits.</remarks>
    public override double FusedValue(ReadOnlySpan<float> net, ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) =>
        FusedValueOf(net, output, target, outputs);

    /// <inheritdoc />
    /// <remarks>In float.</remarks>
    public override void FusedDelta(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> delta, int outputs) =>
        FusedDeltaOf(output, target, delta, outputs);

    /// <summary>The floor of out in the float32 unfused gradient −t/out: 1e-30, so that |−t/out| ≤ 1e30 stays
    /// below the float maximum 3.4e38 (the float64 floor, 1e-300, would overflow it).</summary>
    public const double SingleFloor = 1e-30;

    /// <summary>The smallest normal float, 2⁻¹²⁶: below it a float softmax output has lost precision, and the
    /// float32 fused value takes the logits instead.</summary>
    private const double SingleNormal = 1.1754943508222875e-38;

    private static double ValueOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double t = double.CreateTruncating(target[i]);
            if (t != 0) sum -= t * Math.Log(Math.Max(double.CreateTruncating(output[i]), 1e-300));
        }
        return sum;
    }

    private static void GradientOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double floor = typeof(T) == typeof(float) ? SingleFloor : 1e-300;
        for (int i = 0; i < output.Length; i++)
        {
            double t = double.CreateTruncating(target[i]);
            gradient[i] = t == 0 ? T.Zero : T.CreateTruncating(-t / Math.Max(double.CreateTruncating(output[i]), floor));
        }
    }

    private static double FusedValueOf<T>(ReadOnlySpan<T> net, ReadOnlySpan<T> output, ReadOnlySpan<T> target, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double normal = typeof(T) == typeof(float) ? SingleNormal : 1e-300;
        double sum = 0;
        for (int c = 0; c < net.Length; c += outputs)
            for (int k = 0; k < outputs; k++)
            {
                double t = double.CreateTruncating(target[c + k]);
                if (t == 0) continue;
                double o = double.CreateTruncating(output[c + k]);
                sum += t * (o >= normal ? -Math.Log(o) : Softmax.LogSumExpOf(net.Slice(c, outputs)) - double.CreateTruncating(net[c + k]));
            }
        return sum;
    }

    private static void FusedDeltaOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> delta, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < output.Length; c += outputs)
        {
            T mass = T.Zero;
            for (int k = 0; k < outputs; k++) mass += target[c + k];
            for (int k = 0; k < outputs; k++) delta[c + k] = output[c + k] * mass - target[c + k];
        }
    }
}
