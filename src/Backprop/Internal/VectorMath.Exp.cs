using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// The library's one exponential, lane by lane: every lane of a vector goes through the same operations, each
// rounding as IEEE-754 says, so a value's e^x never depends on its lane, its neighbours or the length of its block.
internal static partial class VectorMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10, Log2E = 1.44269504088896338700e+00;

    /// <summary>Above this, e^x is +∞ (e^710 overflows; from 709.78 on the scaling overflows by itself).</summary>
    private const double MaxX = 710.0;

    /// <summary>Below this, e^x is taken as 0: e^(−708) ≈ 3.3e−308 is near the smallest normal double, and down to
    /// here the scaling by 2ⁿ⁻¹ stays exact.</summary>
    private const double MinX = -708.0;

    /// <summary>e^x in every lane: +∞ above <see cref="MaxX"/>, 0 below <see cref="MinX"/>, NaN for NaN.</summary>
    /// <remarks>Error below 0.61 ulp in a sweep against 40-digit values; within 1 ulp of <see cref="Math.Exp"/> (itself
    /// within 0.51 ulp) everywhere in [−708, 710], and equal to it on about 98.5 % of inputs (glibc 2.36). See
    /// <see cref="Reduce"/> for the method.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp(Vector256<double> x)
    {
        var hi = Reduce(x, out var lo, out var scale);
        return Range(x, Fma.MultiplyAdd(lo, scale, hi * scale), Vector256.Create(double.PositiveInfinity), Vector256<double>.Zero);
    }

    /// <summary>1 / (1 + e^(−x)) in every lane, rounded as written: e^(−x) by <see cref="Exp(Vector256{double})"/>,
    /// then the sum, then the quotient (as Python's 1.0 / (1.0 + math.exp(-x)) reads).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Sigmoid(Vector256<double> x)
    {
        var one = Vector256.Create(1.0);
        return one / (one + Exp(-x));
    }

    /// <summary><see cref="Sigmoid(Vector256{double})"/> of the first 16·⌊length/16⌋ values, four vectors step by
    /// step side by side: one vector alone is a chain of some 20 dependent operations, and the scheduler does not
    /// reach far enough ahead to overlap the next vector's with it. Each lane goes through exactly the operations of
    /// the one-vector form. Returns how many values it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Sigmoid16(ref double x, ref double y, int length)
    {
        int j = 0;
        for (; j + 16 <= length; j += 16)
        {
            var z0 = -Vector256.LoadUnsafe(ref x, (nuint)j);
            var z1 = -Vector256.LoadUnsafe(ref x, (nuint)j + 4);
            var z2 = -Vector256.LoadUnsafe(ref x, (nuint)j + 8);
            var z3 = -Vector256.LoadUnsafe(ref x, (nuint)j + 12);
            var log2e = Vector256.Create(Log2E);
            var n0 = Avx.RoundToNearestInteger(z0 * log2e); var n1 = Avx.RoundToNearestInteger(z1 * log2e);
            var n2 = Avx.RoundToNearestInteger(z2 * log2e); var n3 = Avx.RoundToNearestInteger(z3 * log2e);
            var ln2Hi = Vector256.Create(Ln2Hi);
            var t0 = Fma.MultiplyAddNegated(n0, ln2Hi, z0); var t1 = Fma.MultiplyAddNegated(n1, ln2Hi, z1);
            var t2 = Fma.MultiplyAddNegated(n2, ln2Hi, z2); var t3 = Fma.MultiplyAddNegated(n3, ln2Hi, z3);
            var ln2Lo = Vector256.Create(Ln2Lo);
            var d0 = n0 * ln2Lo; var d1 = n1 * ln2Lo; var d2 = n2 * ln2Lo; var d3 = n3 * ln2Lo;
            var r0 = t0 - d0; var r1 = t1 - d1; var r2 = t2 - d2; var r3 = t3 - d3;
            var two = Vector256.Create(2.0);
            var h0 = Fma.MultiplyAdd(r0, two, two); var h1 = Fma.MultiplyAdd(r1, two, two);
            var h2 = Fma.MultiplyAdd(r2, two, two); var h3 = Fma.MultiplyAdd(r3, two, two);
            var l0 = Tail(r0, (t0 - r0) - d0, h0, (two - h0) + (r0 + r0)); var l1 = Tail(r1, (t1 - r1) - d1, h1, (two - h1) + (r1 + r1));
            var l2 = Tail(r2, (t2 - r2) - d2, h2, (two - h2) + (r2 + r2)); var l3 = Tail(r3, (t3 - r3) - d3, h3, (two - h3) + (r3 + r3));
            var s0 = PowerOfTwo(n0); var s1 = PowerOfTwo(n1); var s2 = PowerOfTwo(n2); var s3 = PowerOfTwo(n3);
            var one = Vector256.Create(1.0);
            var inf = Vector256.Create(double.PositiveInfinity);
            var zero = Vector256<double>.Zero;
            (one / (one + Range(z0, Fma.MultiplyAdd(l0, s0, h0 * s0), inf, zero))).StoreUnsafe(ref y, (nuint)j);
            (one / (one + Range(z1, Fma.MultiplyAdd(l1, s1, h1 * s1), inf, zero))).StoreUnsafe(ref y, (nuint)j + 4);
            (one / (one + Range(z2, Fma.MultiplyAdd(l2, s2, h2 * s2), inf, zero))).StoreUnsafe(ref y, (nuint)j + 8);
            (one / (one + Range(z3, Fma.MultiplyAdd(l3, s3, h3 * s3), inf, zero))).StoreUnsafe(ref y, (nuint)j + 12);
        }
        return j;
    }

    /// <summary>e^x = (hi + lo)·<paramref name="scale"/> for x in [<see cref="MinX"/>, <see cref="MaxX"/>]; returns hi.</summary>
    /// <remarks>x = n·ln 2 + r with n = round(x / ln 2) and |r| ≤ ½ln 2, r in two steps of ln 2 (Cody–Waite:
    /// t = x − n·Ln2Hi is exact, then r = t − n·Ln2Lo), and rlo what that last rounding lost. Then
    /// 2e^(r + rlo) = hi + lo with hi = 2 + 2r rounded and lo the small rest (<see cref="Tail"/>): hi's own rounding
    /// error (Fast2Sum, exact), rlo·hi, and 2(e^r − 1 − r). scale = 2ⁿ⁻¹. The caller's (hi + lo)·scale is one fused
    /// multiply-add, the only rounding that is not confined to lo.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduce(Vector256<double> x, out Vector256<double> lo, out Vector256<double> scale)
    {
        var n = Avx.RoundToNearestInteger(x * Vector256.Create(Log2E));
        var t = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Hi), x);
        var d = n * Vector256.Create(Ln2Lo);
        var r = t - d;
        var two = Vector256.Create(2.0);
        var hi = Fma.MultiplyAdd(r, two, two);
        lo = Tail(r, (t - r) - d, hi, (two - hi) + (r + r));
        scale = PowerOfTwo(n);
        return hi;
    }

    /// <summary>lo = e + rlo·hi + 2(e^r − 1 − r), the last as r²·Σ_{j≤11} 2r^j/(j+2)! (terms up to r¹³: truncation
    /// below 4e−18 for |r| ≤ ½ln 2) by Estrin's scheme: four levels instead of Horner's twelve dependent steps, so
    /// that a block of one or two values waits less. The small terms are paired so that the slowest, the
    /// polynomial's top half, meets e last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tail(Vector256<double> r, Vector256<double> rlo, Vector256<double> hi, Vector256<double> e)
    {
        var r2 = r * r;
        var r4 = r2 * r2;
        var r6 = r4 * r2;
        var q01 = Fma.MultiplyAdd(Vector256.Create(2.0 / 6), r, Vector256.Create(1.0));
        var q23 = Fma.MultiplyAdd(Vector256.Create(2.0 / 120), r, Vector256.Create(2.0 / 24));
        var q45 = Fma.MultiplyAdd(Vector256.Create(2.0 / 5040), r, Vector256.Create(2.0 / 720));
        var q67 = Fma.MultiplyAdd(Vector256.Create(2.0 / 362880), r, Vector256.Create(2.0 / 40320));
        var q89 = Fma.MultiplyAdd(Vector256.Create(2.0 / 39916800), r, Vector256.Create(2.0 / 3628800));
        var qab = Fma.MultiplyAdd(Vector256.Create(2.0 / 6227020800), r, Vector256.Create(2.0 / 479001600));
        var q03 = Fma.MultiplyAdd(q23, r2, q01);
        var q47 = Fma.MultiplyAdd(q67, r2, q45);
        var q8b = Fma.MultiplyAdd(qab, r2, q89);
        var high = Fma.MultiplyAdd(q8b, r4, q47);
        return Fma.MultiplyAdd(rlo, hi, q03 * r2) + Fma.MultiplyAdd(high, r6, e);
    }

    /// <summary>2ⁿ⁻¹, built in the exponent field: n + 1.5·2⁵² holds n in its low mantissa bits (AVX2 has no
    /// double→int64 conversion).</summary>
    /// <remarks>For x in [−708, 710], n − 1 lies in [−1022, 1023], a normal power of two, and hi ∈ [1.4, 2.9]
    /// keeps hi·2ⁿ⁻¹ normal (so exact) or overflows it to +∞ exactly when e^x overflows. Outside that range n is
    /// meaningless and <see cref="Range"/> takes over.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowerOfTwo(Vector256<double> n)
    {
        var ni = (n + Vector256.Create(6755399441055744.0)).AsInt64() - Vector256.Create(0x4338000000000000L);
        return Vector256.ShiftLeft(ni + Vector256.Create(1022L), 52).AsDouble();
    }

    /// <summary><paramref name="y"/>, except <paramref name="above"/> where x &gt; <see cref="MaxX"/> and
    /// <paramref name="below"/> where x &lt; <see cref="MinX"/>; a NaN fails both compares and stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Range(Vector256<double> x, Vector256<double> y, Vector256<double> above, Vector256<double> below)
    {
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(MaxX)), above, y);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(MinX)), below, y);
    }
}
