using System.Numerics;

namespace Backprop.Internal;

/// <summary>
/// One sample through a layer of fewer than <see cref="Kernels.SimdThreshold"/> neurons (online training of a
/// small network, such as the blog's): the kernels' scalar paths sum for sum (the bias or zero first, then the
/// terms in order, unfused), without their dispatch, so the results are the same as theirs bit for bit.
/// </summary>
internal static unsafe class SmallLayer
{
    /// <summary>Whether a pass of <paramref name="columns"/> samples through <paramref name="neurons"/> neurons takes this path.</summary>
    public static bool Takes(int neurons, int columns) => columns == 1 && neurons < Kernels.SimdThreshold;

    /// <summary>net = W·x + b for one sample; W is m × k, column-major. Returns whether every weight and bias read
    /// is finite (gathered on the way, so that a step needs no scan of them).</summary>
    public static bool Net<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, bool seeded, int m, int k,
        ReadOnlySpan<T> x, Span<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool finite = true;
        fixed (T* w = weights, px = x, pn = net, b = bias)
        {
            T* wi = w;
            for (int i = 0; i < m; i++, wi++)
            {
                T bi = b[i];
                finite &= T.IsFinite(bi);
                T s = seeded ? bi : T.Zero;
                T* wp = wi;
                for (int p = 0; p < k; p++, wp += m)
                {
                    s += *wp * px[p];
                    finite &= T.IsFinite(*wp);
                }
                pn[i] = s;
            }
        }
        return finite;
    }

    /// <summary>∂E/∂W = δ·xᵀ, ∂E/∂b = δ and, unless <paramref name="inputGradient"/> is empty, ∂E/∂x = Wᵀ·δ, for
    /// one sample. Returns whether ∂E/∂W and ∂E/∂b are all finite (gathered on the way, so a step needs no scan).</summary>
    public static bool Gradients<T>(ReadOnlySpan<T> weights, bool hasBias, int m, int k, ReadOnlySpan<T> x,
        ReadOnlySpan<T> delta, Span<T> weightGradient, Span<T> biasGradient, Span<T> inputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool finite = true;
        fixed (T* w = weights, px = x, d = delta, gw = weightGradient, gb = biasGradient, gx = inputGradient)
        {
            T* g = gw;
            for (int p = 0; p < k; p++)
            {
                T xp = px[p];
                for (int i = 0; i < m; i++, g++)
                {
                    // As the products' one-term path computes it: from zero, so that −0 becomes +0 alike.
                    T s = T.Zero;
                    s += d[i] * xp;
                    *g = s;
                    finite &= T.IsFinite(s);
                }
            }
            if (hasBias)
                for (int i = 0; i < m; i++)
                {
                    gb[i] = d[i];
                    finite &= T.IsFinite(d[i]);
                }
            if (!inputGradient.IsEmpty)
            {
                T* wp = w;
                for (int p = 0; p < k; p++)
                {
                    T s = T.Zero;
                    for (int i = 0; i < m; i++, wp++) s += *wp * d[i];
                    gx[p] = s;
                }
            }
        }
        return finite;
    }
}
