using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

/// <summary>
/// Vectorised elementary functions for long blocks. exp: x = n·ln 2 + r with |r| ≤ ½ln 2 (Cody–Waite split of
/// ln 2), e^r by its degree-13 Taylor polynomial (truncation below 1e-17), scaled by 2ⁿ through the exponent bits;
/// within about one unit in the last place of <see cref="Math.Exp"/>.
/// </summary>
internal static class VectorMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10, Log2E = 1.44269504088896338700e+00;
    private const double MaxX = 710.0, MinX = -708.0;

    private static bool Simd => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>y = e^x element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Simd)
        {
            ref double rx = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref double ry = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            for (; i + 4 <= x.Length; i += 4)
                Exp(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = Math.Exp(x[i]);
    }

    /// <summary>y = 1 / (1 + e^(−x)) element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Simd)
        {
            ref double rx = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref double ry = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            var one = Vector256.Create(1.0);
            for (; i + 16 <= x.Length; i += 16)
            {
                // Four vectors side by side, step by step: one alone is a chain of some 20 dependent operations,
                // and the scheduler cannot hold enough of them to overlap the next vector's.
                var x0 = Clamp(-Vector256.LoadUnsafe(ref rx, (nuint)i));
                var x1 = Clamp(-Vector256.LoadUnsafe(ref rx, (nuint)i + 4));
                var x2 = Clamp(-Vector256.LoadUnsafe(ref rx, (nuint)i + 8));
                var x3 = Clamp(-Vector256.LoadUnsafe(ref rx, (nuint)i + 12));
                var n0 = Exponent(x0); var n1 = Exponent(x1); var n2 = Exponent(x2); var n3 = Exponent(x3);
                var r0 = Reduce(x0, n0); var r1 = Reduce(x1, n1); var r2 = Reduce(x2, n2); var r3 = Reduce(x3, n3);
                var t = Taylor;
                var c = Vector256.Create(t[0]);
                Vector256<double> p0 = c, p1 = c, p2 = c, p3 = c;
                for (int q = 1; q < t.Length; q++)
                {
                    c = Vector256.Create(t[q]);
                    p0 = Fma.MultiplyAdd(p0, r0, c); p1 = Fma.MultiplyAdd(p1, r1, c);
                    p2 = Fma.MultiplyAdd(p2, r2, c); p3 = Fma.MultiplyAdd(p3, r3, c);
                }
                (one / (one + Scale(p0, n0))).StoreUnsafe(ref ry, (nuint)i);
                (one / (one + Scale(p1, n1))).StoreUnsafe(ref ry, (nuint)i + 4);
                (one / (one + Scale(p2, n2))).StoreUnsafe(ref ry, (nuint)i + 8);
                (one / (one + Scale(p3, n3))).StoreUnsafe(ref ry, (nuint)i + 12);
            }
            for (; i + 4 <= x.Length; i += 4)
            {
                var e = ExpCore(-Vector256.LoadUnsafe(ref rx, (nuint)i));
                (one / (one + e)).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = 1.0 / (1.0 + Math.Exp(-x[i]));
    }

    /// <summary>δ = ∂E/∂out · (out·(1 − out)) element by element, rounded as written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidDelta(ReadOnlySpan<double> output, ReadOnlySpan<double> outputGradient, Span<double> delta)
    {
        int i = 0;
        if (Simd)
        {
            ref double o = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output);
            ref double g = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(outputGradient[..output.Length]);
            ref double d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(delta[..output.Length]);
            var one = Vector256.Create(1.0);
            for (; i + 4 <= output.Length; i += 4)
            {
                var oi = Vector256.LoadUnsafe(ref o, (nuint)i);
                (Vector256.LoadUnsafe(ref g, (nuint)i) * (oi * (one - oi))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < output.Length; i++) delta[i] = outputGradient[i] * (output[i] * (1.0 - output[i]));
    }

    /// <summary>e^x, flushing results below e^(−708) to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp(Vector256<double> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(MinX)), Vector256<double>.Zero, ExpCore(x));

    /// <summary>e^x for x ≥ −708; below, e^(−708) (the sigmoid needs no flush to zero: 1 + e^(−708) is 1). NaN and
    /// overflow need no test (see <see cref="Clamp"/> and <see cref="Scale"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpCore(Vector256<double> x)
    {
        var xc = Clamp(x);
        var n = Exponent(xc);
        return Scale(Polynomial(Reduce(xc, n)), n);
    }

    /// <summary>x within [−708, 710], which keeps n within [−1021, 1024].</summary>
    /// <remarks>maxpd and minpd return their second operand when either is NaN, so with x second a NaN is handed on
    /// (the IEEE forms, Max and Min, cost several instructions more each).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Clamp(Vector256<double> x) =>
        Vector256.MinNative(Vector256.Create(MaxX), Vector256.MaxNative(Vector256.Create(MinX), x));

    /// <summary>n = round(x / ln 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exponent(Vector256<double> x) => Avx.RoundToNearestInteger(x * Vector256.Create(Log2E));

    /// <summary>r = x − n·ln 2, in two steps (Cody–Waite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduce(Vector256<double> x, Vector256<double> n) =>
        Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Lo), Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Hi), x));

    /// <summary>p·2ⁿ through the exponent field: n + 1.5·2⁵² holds n in its low mantissa bits (AVX2 has no
    /// double→int64 conversion), and 2ⁿ = 2ⁿ⁻¹·2, so that n = 1024 still has an exponent field (and then overflows to
    /// +∞). A NaN passes through the arithmetic, and above ln(double.MaxValue) the scaling overflows to +∞ by itself,
    /// so neither needs a test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Scale(Vector256<double> p, Vector256<double> n)
    {
        var ni = (n + Vector256.Create(6755399441055744.0)).AsInt64() - Vector256.Create(0x4338000000000000L);
        var bits = Vector256.ShiftLeft(ni + Vector256.Create(1022L), 52);
        return p * bits.AsDouble() * Vector256.Create(2.0);
    }

    /// <summary>The coefficients of e^r = Σ_{k≤13} r^k / k!, highest first.</summary>
    private static ReadOnlySpan<double> Taylor =>
    [
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
        1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0,
    ];

    /// <summary>e^r by Horner over <see cref="Taylor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Polynomial(Vector256<double> r)
    {
        var t = Taylor;
        var p = Vector256.Create(t[0]);
        for (int q = 1; q < t.Length; q++) p = Fma.MultiplyAdd(p, r, Vector256.Create(t[q]));
        return p;
    }
}
