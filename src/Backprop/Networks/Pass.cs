using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// The forward and backward passes of a network over one <see cref="Workspace{T}"/>: net = W·x + b and out = f(net)
/// layer by layer; then the loss's ∂E/∂out (or the fused δ), and per layer δ = ∂E/∂net, ∂E/∂W = δ·xᵀ,
/// ∂E/∂b = Σ δ and ∂E/∂x = Wᵀ·δ for the layer below. The parameters are only read, so passes on other
/// workspaces may run at the same time.
/// </summary>
/// <remarks>In a training workspace a layer with dropout passes on out′ = out ⊙ (m/(1 − p)) with the step's mask,
/// and its ∂E/∂out = ∂E/∂out′ ⊙ (m/(1 − p)); net and out are kept as they were, for the activation's derivative.
/// Every other layer, and every prediction, goes exactly as without dropout.</remarks>
internal static class Pass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Runs the forward pass of <paramref name="input"/> (inputs × <see cref="Workspace{T}.Columns"/>). With
    /// <paramref name="vouch"/>, returns whether the pass itself showed every parameter finite (see
    /// <see cref="Vouches"/>); a false answer means only that a scan must decide.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own, so that the JIT's inlining budget serves the layers
    public static bool Forward(DenseLayer[] layers, Workspace<T> ws, ReadOnlySpan<T> input, bool vouch = false)
    {
        bool finite = true;
        int n = ws.Columns;
        ReadOnlySpan<T> x = input;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var buffers = ws.Layers[l];
            int m = layer.OutputSize, k = layer.InputSize;
            bool seeded = layer.BiasMode != BiasMode.None;
            var net = buffers.NetValues(n);
            if (SmallLayer.Takes(m, n)) finite &= SmallLayer.Net<T>(layer.WeightsOf<T>(), layer.BiasOf<T>(), seeded, m, k, x, net) || !vouch;
            else
            {
                Kernels.MultiplyNN<T>(layer.WeightsOf<T>(), m, k, x, n, net, seeded ? layer.BiasOf<T>() : default);
                if (vouch) finite &= Vouches(layer, n, net);
            }
            var output = buffers.OutValues(n);
            Calls.Forward<T>(layer.Activation, net, output, m);
            if (buffers.Drops)
            {
                var dropped = buffers.DroppedValues(n);
                Kernels.Multiply(output, buffers.MaskValues(n), dropped);
                x = dropped;
            }
            else x = output;
        }
        return finite;
    }

    /// <summary>Whether a finite net shows the layer's parameters finite, read when shorter than W: every input,
    /// weight and seeded bias enters some entry of net, and a NaN or ∞ survives every later product and sum
    /// (∞·0 and ∞ − ∞ are NaN), so with finite inputs a finite net shows them all finite.</summary>
    private static bool Vouches(DenseLayer layer, int n, ReadOnlySpan<T> net) =>
        n < layer.InputSize && Kernels.AllFinite(net) && (layer.BiasMode != BiasMode.None || Kernels.AllFinite<T>(layer.BiasOf<T>()));

    /// <summary>E summed over the pass's samples, from the last layer (the fused form where the loss has one).</summary>
    public static double Loss(Network network, Workspace<T> ws)
    {
        var last = ws.Layers[^1];
        int n = ws.Columns, k = ws.OutputSize;
        return network.Fused
            ? Calls.FusedValue<T>(network.Loss, last.NetValues(n), last.OutValues(n), ws.TargetValues, k)
            : Calls.Value<T>(network.Loss, last.OutValues(n), ws.TargetValues, k);
    }

    /// <summary>The backward pass after <see cref="Forward"/> of the workspace's own inputs; the gradients are those
    /// of <paramref name="scale"/>·E (the 1/B of a mean over a batch of B), or, when <paramref name="columnScales"/>
    /// is given, of Σ_c columnScales[c]·E_c (the w_c / Σw of a weighted mean).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // as Forward
    public static void Backward(Network network, Workspace<T> ws, double scale, ReadOnlySpan<double> columnScales = default)
    {
        var layers = network.LayerArray;
        int n = ws.Columns, k = ws.OutputSize;
        var top = ws.Layers[^1];
        var dOut = top.OutputGradientValues(n);
        var delta = top.DeltaValues(n);
        Calls.Gradient<T>(network.Loss, top.OutValues(n), ws.TargetValues, dOut, k);
        if (network.Fused) Calls.FusedDelta<T>(network.Loss, top.OutValues(n), ws.TargetValues, delta, k);
        else Calls.Backward<T>(layers[^1].Activation, top.NetValues(n), top.OutValues(n), dOut, delta, k);
        if (!columnScales.IsEmpty)
        {
            // Each sample's own factor, once at the top, as the scalar below.
            WeightedLoss.ScaleColumns(delta, columnScales, k);
            WeightedLoss.ScaleColumns(dOut, columnScales, k);
        }
        else if (scale != 1.0)
        {
            // The loss's own factor, once at the top: every layer below inherits it through δ.
            Kernels.Scale(delta, T.CreateTruncating(scale));
            Kernels.Scale(dOut, T.CreateTruncating(scale));
        }
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            ReadOnlySpan<T> x = l > 0 ? ws.Layers[l - 1].ForwardedValues(n) : ws.InputValues;
            Span<T> below = l > 0 ? ws.Layers[l - 1].OutputGradientValues(n) : default;
            Layer(layers[l], ws.Layers[l], n, x, below, deltaReady: l == layers.Length - 1);
        }
        ws.HasGradients = true;
    }

    /// <summary>One layer's backward pass: δ from ∂E/∂out (unless <paramref name="deltaReady"/>; with dropout first
    /// ∂E/∂out = ∂E/∂out′ ⊙ mask, in place), then ∂E/∂W, ∂E/∂b and ∂E/∂x into <paramref name="below"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Layer(DenseLayer layer, LayerBuffers<T> b, int n, ReadOnlySpan<T> x, Span<T> below, bool deltaReady)
    {
        int m = layer.OutputSize, k = layer.InputSize;
        var delta = b.DeltaValues(n);
        if (!deltaReady)
        {
            var dOut = b.OutputGradientValues(n);
            if (b.Drops) Kernels.Multiply(dOut, b.MaskValues(n), dOut);
            Calls.Backward<T>(layer.Activation, b.NetValues(n), b.OutValues(n), dOut, delta, m);
        }
        bool hasBias = layer.BiasMode != BiasMode.None;
        if (SmallLayer.Takes(m, n))
        {
            b.GradientsCertified = SmallLayer.Gradients<T>(layer.WeightsOf<T>(), hasBias, m, k, x, delta, b.WeightGradient, b.BiasGradient, below);
            return;
        }
        Kernels.MultiplyNT(delta, m, n, x, k, b.WeightGradient);
        b.GradientsCertified = GradientsBounded(m, k, n, delta, x);
        if (hasBias) Kernels.RowSums(delta, m, n, b.BiasGradient);
        if (!below.IsEmpty) Kernels.MultiplyTN<T>(layer.WeightsOf<T>(), m, k, delta, n, below);
    }

    /// <summary>Whether max|δ| and max|x| alone show ∂E/∂W = δ·xᵀ and ∂E/∂b = Σ δ finite, read when shorter than
    /// ∂E/∂W itself.</summary>
    /// <remarks>One sample: |fl(δᵢxⱼ)| ≤ fl(max|δ|·max|x|) since rounding is monotone, so the product of the two
    /// maxima is itself a bound (and ∂E/∂b = δ). A batch of B: each sum of B terms, fused or not, stays below
    /// B·max|δ|·max|x|·(1 + u)^B &lt; 2·B·max|δ|·max|x|, and each Σ δ below 2·B·max|δ|, so a finite
    /// 4·B·max|δ|·max(max|x|, 1) vouches for every entry.</remarks>
    private static bool GradientsBounded(int m, int k, int n, ReadOnlySpan<T> delta, ReadOnlySpan<T> x)
    {
        if (n == 1) return T.IsFinite(Kernels.MaxMagnitude(delta) * Kernels.MaxMagnitude(x));
        if ((long)(m + k) * n >= (long)m * k) return false;
        return T.IsFinite(T.CreateTruncating(4.0 * n) * Kernels.MaxMagnitude(delta) * T.Max(Kernels.MaxMagnitude(x), T.One));
    }

    /// <summary>How many samples of the last forward pass are classified as their targets say (see <see cref="Classes"/>).</summary>
    public static int CountCorrect(Workspace<T> ws)
    {
        var o = ws.OutputValues;
        var t = ws.TargetValues;
        int k = ws.OutputSize, correct = 0;
        for (int c = 0; c < ws.Columns; c++)
            if (Classes.OfAny(o.Slice(c * k, k)) == Classes.OfAny(t.Slice(c * k, k))) correct++;
        return correct;
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when a gradient of the last backward pass is not
    /// finite; certified layers need no scan.</summary>
    public static void CheckGradients(Workspace<T> ws, int? epoch, int? batch)
    {
        for (int l = 0; l < ws.Layers.Length; l++)
        {
            var b = ws.Layers[l];
            if (!b.GradientsCertified && !(Kernels.AllFinite<T>(b.WeightGradient) && Kernels.AllFinite<T>(b.BiasGradient)))
                Finite.ThrowGradient<T>(l, b.BiasGradient.Length, b.WeightGradient, b.BiasGradient, epoch, batch);
        }
    }
}
