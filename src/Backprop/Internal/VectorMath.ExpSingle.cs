using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// The float32 exponential and sigmoid, eight lanes to a vector, every lane through the same operations (each
// rounding as IEEE-754 says), so a value's e^x never depends on its lane, its neighbours or the length of its block.
internal static partial class VectorMath
{
    /// <summary>ln 2 split for the float reduction: <see cref="Ln2HiF"/> is ln 2 rounded to float, <see cref="Ln2LoF"/>
    /// the rest (ln 2 − Ln2HiF, rounded), so that x − n·ln 2 is taken to about 2⁻⁴⁸.</summary>
    private const float Ln2HiF = 0.693147182464599609375f, Ln2LoF = -1.904654299957768e-09f, Log2EF = 1.44269504088896341f;

    /// <summary>x is clamped to [<see cref="MinXF"/>, <see cref="MaxXF"/>] before the reduction: e^89 (above
    /// float.MaxValue ≈ e^88.72) overflows the final scaling to +∞, and e^(−104) (below half the smallest subnormal,
    /// 2⁻¹⁵⁰ = e^(−103.97…)) rounds to 0, so the clamp changes no result while keeping n = round(x / ln 2) in
    /// [−150, 128], where 2ⁿ splits into two normal powers of two.</summary>
    private const float MinXF = -104f, MaxXF = 89f;

    /// <summary>e^x in every lane, float32: +∞ from e^x &gt; float.MaxValue (x &gt; 88.7228…), gradual underflow
    /// through the subnormals down to 0 below x = −103.972… (e^x &lt; 2⁻¹⁵⁰), NaN for NaN, 1 for ±0.</summary>
    /// <remarks>
    /// <para>Error bound: below 1.02 ulps of the exact value (ulps of float at the exact value; 2⁻¹⁴⁹ among the
    /// subnormals). Measured against Math.Exp in double: at most 1.013 ulps over every float with |x| ≤ 105 (an
    /// exhaustive run; beyond, the result is exactly 0, +∞ or NaN), 0.95 over the test's sweep of every 2¹²-th
    /// bit pattern, which holds it to 1.02. The error is the final rounding of 1 + q (½ ulp) plus what the reduction
    /// and the polynomial leave in q.</para>
    /// <para>Method (Cephes expf, with fused multiply-adds): n = round(x·log₂e), r = x − n·ln 2 in two fused
    /// steps (<see cref="Ln2HiF"/> then <see cref="Ln2LoF"/>), |r| ≤ ½ln 2 + a rounding; e^r = 1 + r + r²·P(r) with
    /// Cephes' degree-5 P by Horner; then e^x = e^r·2^⌊n/2⌋·2^(n − ⌊n/2⌋), both
    /// powers normal (exponent bits built from n), so the first product is exact and the second rounds once: into
    /// the subnormals, or to +∞, exactly as the true value would.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        // maxps/minps return their second operand when either is NaN: x second, so that a NaN passes through.
        var xc = Avx.Min(Vector256.Create(MaxXF), Avx.Max(Vector256.Create(MinXF), x));
        var n = Avx.RoundToNearestInteger(xc * Vector256.Create(Log2EF));
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2HiF), xc);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2LoF), r);
        var p = Fma.MultiplyAdd(Vector256.Create(1.9875691500E-4f), r, Vector256.Create(1.3981999507E-3f));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        var er = Fma.MultiplyAdd(r * r, p, r) + Vector256.Create(1f);
        // 2ⁿ = 2^n1 · 2^n2 with n1 = ⌊n/2⌋ and n2 = n − n1, each in [−75, 64]: biased exponents in the float's bits.
        var ni = Avx.ConvertToVector256Int32(n);
        var n1 = Vector256.ShiftRightArithmetic(ni, 1);
        var n2 = ni - n1;
        var bias = Vector256.Create(127);
        var s1 = Vector256.ShiftLeft(n1 + bias, 23).AsSingle();
        var s2 = Vector256.ShiftLeft(n2 + bias, 23).AsSingle();
        return er * s1 * s2;
    }

    /// <summary>1 / (1 + e^(−x)) in every lane, float32, in the form that keeps its precision at both ends:
    /// with e = e^(−|x|) (by <see cref="Exp(Vector256{float})"/>, never above 1), 1 / (1 + e) for x ≥ 0 and
    /// e / (1 + e) for x &lt; 0, each operation rounded once.</summary>
    /// <remarks>Error bound: below 2.5 ulps of the exact value (measured against the double 1 / (1 + Math.Exp(−x)):
    /// at most 2.402 ulps over every float with |x| ≤ 105, exhaustively, the worst for x &lt; 0 where e's own error
    /// passes whole into e / (1 + e); 2.13 over the test's sweep, which holds it to 2.5). It is exactly 1 from
    /// x ≈ 16.64 (where 1 + e^(−x) rounds to 1) and follows e^x through the subnormals to 0 below x ≈ −103.97, rather
    /// than stopping at 0 from x ≈ −88.7 as the quotient 1 / (1 + e^(−x)) would.
    /// NaN gives NaN, −0 and +0 give ½.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var one = Vector256.Create(1f);
        var e = Exp(-Vector256.Abs(x));
        var numerator = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, one);
        return numerator / (one + e);
    }
}
