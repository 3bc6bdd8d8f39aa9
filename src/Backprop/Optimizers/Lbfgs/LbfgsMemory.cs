namespace Backprop;

/// <summary>
/// The last m correction pairs sᵢ = xᵢ₊₁ − xᵢ and yᵢ = ∇fᵢ₊₁ − ∇fᵢ of L-BFGS, and the product of their inverse
/// Hessian approximation H with a gradient by the two-loop recursion (Nocedal and Wright, Numerical Optimization,
/// 2nd ed., Algorithm 7.4), with H₀ = γI, γ = sᵀy / yᵀy of the newest pair.
/// </summary>
/// <remarks>Every dot product runs in index order on one thread, so the direction is the same bits on every
/// run.</remarks>
internal sealed class LbfgsMemory
{
    private readonly double[][] _s, _y;
    private readonly double[] _rho, _alpha;
    private int _newest = -1;

    public LbfgsMemory(int size, int dimension)
    {
        _s = new double[size][];
        _y = new double[size][];
        for (int i = 0; i < size; i++) (_s[i], _y[i]) = (new double[dimension], new double[dimension]);
        _rho = new double[size];
        _alpha = new double[size];
    }

    /// <summary>How many pairs are kept (at most the size).</summary>
    public int Count { get; private set; }

    /// <summary>γ = sᵀy / yᵀy of the newest pair (1 while there is none): H₀ = γI.</summary>
    public double Gamma { get; private set; } = 1;

    /// <summary>Forgets every pair (a restart: the next direction is −∇f).</summary>
    public void Clear()
    {
        Count = 0;
        _newest = -1;
        Gamma = 1;
    }

    /// <summary>Adds the pair s = <paramref name="step"/>·d, y = <paramref name="gradient"/> −
    /// <paramref name="previousGradient"/>, dropping the oldest when full, unless its curvature sᵀy is not above
    /// <paramref name="minimumCurvature"/>: then it keeps nothing and returns false (H would not stay positive
    /// definite).</summary>
    public bool TryPush(double step, ReadOnlySpan<double> direction, ReadOnlySpan<double> gradient, ReadOnlySpan<double> previousGradient,
        double minimumCurvature)
    {
        double sy = 0;
        for (int i = 0; i < direction.Length; i++) sy += step * direction[i] * (gradient[i] - previousGradient[i]);
        if (!(sy > minimumCurvature)) return false;
        _newest = (_newest + 1) % _s.Length;
        var s = _s[_newest];
        var y = _y[_newest];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = step * direction[i];
            y[i] = gradient[i] - previousGradient[i];
        }
        _rho[_newest] = 1 / sy;
        Gamma = sy / Dot(y, y);
        Count = Math.Min(Count + 1, _s.Length);
        return true;
    }

    /// <summary>d = −H·g by the two-loop recursion: q ← g; newest to oldest αᵢ = ρᵢsᵢᵀq, q ← q − αᵢyᵢ; r ← γq;
    /// oldest to newest βᵢ = ρᵢyᵢᵀr, r ← r + (αᵢ − βᵢ)sᵢ; d = −r. With no pair, d = −g.</summary>
    public void Direction(ReadOnlySpan<double> gradient, Span<double> direction)
    {
        gradient.CopyTo(direction);
        int m = _s.Length;
        for (int k = 0; k < Count; k++)
        {
            int i = (_newest - k + m) % m;
            double a = _rho[i] * Dot(_s[i], direction);
            _alpha[i] = a;
            Axpy(-a, _y[i], direction);
        }
        for (int j = 0; j < direction.Length; j++) direction[j] *= Gamma;
        for (int k = Count - 1; k >= 0; k--)
        {
            int i = (_newest - k + m) % m;
            double b = _rho[i] * Dot(_y[i], direction);
            Axpy(_alpha[i] - b, _s[i], direction);
        }
        for (int j = 0; j < direction.Length; j++) direction[j] = -direction[j];
    }

    /// <summary>Σ aᵢbᵢ in index order.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }
}
