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
    public static bool Net(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, bool seeded, int m, int k,
        ReadOnlySpan<double> x, Span<double> net)
    {
        bool finite = true;
        fixed (double* w = weights, px = x, pn = net, b = bias)
        {
            double* wi = w;
            for (int i = 0; i < m; i++, wi++)
            {
                double bi = b[i];
                finite &= double.IsFinite(bi);
                double s = seeded ? bi : 0.0;
                double* wp = wi;
                for (int p = 0; p < k; p++, wp += m)
                {
                    s += *wp * px[p];
                    finite &= double.IsFinite(*wp);
                }
                pn[i] = s;
            }
        }
        return finite;
    }

    /// <summary>∂E/∂W = δ·xᵀ, ∂E/∂b = δ and, unless <paramref name="inputGradient"/> is empty, ∂E/∂x = Wᵀ·δ, for
    /// one sample. Returns whether ∂E/∂W and ∂E/∂b are all finite (gathered on the way, so a step needs no scan).</summary>
    public static bool Gradients(ReadOnlySpan<double> weights, bool hasBias, int m, int k, ReadOnlySpan<double> x,
        ReadOnlySpan<double> delta, Span<double> weightGradient, Span<double> biasGradient, Span<double> inputGradient)
    {
        bool finite = true;
        fixed (double* w = weights, px = x, d = delta, gw = weightGradient, gb = biasGradient, gx = inputGradient)
        {
            double* g = gw;
            for (int p = 0; p < k; p++)
            {
                double xp = px[p];
                for (int i = 0; i < m; i++, g++)
                {
                    // As the products' one-term path computes it: from zero, so that −0 becomes +0 alike.
                    double s = 0.0;
                    s += d[i] * xp;
                    *g = s;
                    finite &= double.IsFinite(s);
                }
            }
            if (hasBias)
                for (int i = 0; i < m; i++)
                {
                    gb[i] = d[i];
                    finite &= double.IsFinite(d[i]);
                }
            if (!inputGradient.IsEmpty)
            {
                double* wp = w;
                for (int p = 0; p < k; p++)
                {
                    double s = 0.0;
                    for (int i = 0; i < m; i++, wp++) s += *wp * d[i];
                    gx[p] = s;
                }
            }
        }
        return finite;
    }
}
