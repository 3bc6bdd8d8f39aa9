using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The last pair of float rows left over (m mod 8 ≥ 2: the two rows of a 10-class layer after its fused vector of
// 8), summed c ← c + a·b unfused, term by term in order, exactly as Row1 sums each row. Where B's columns or terms
// are contiguous (δ·xᵀ: a term's columns side by side; W·x: a column's terms), the columns go across the lanes: a
// vector of 8 columns per row (up to 4 vectors, eight sums in flight), each row's value of a broadcast, so that every lane does useful work; elsewhere
// the two rows share the low half of a 128-bit vector.
internal static unsafe partial class Gemm<T>
{
    /// <summary>Two rows of floats: the columns across the lanes, 32 (then 16, 8) at a time, where B allows; the last
    /// columns (and any B read through two strides) by <see cref="RowsPairDown"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsPair(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool fresh)
    {
        int j = 0, l = Lanes;
        if (sj == 1 || sp == 1)
            for (int vectors = 4; vectors >= 1; vectors /= 2)
                for (; j + vectors * l <= n; j += vectors * l)
                    PairAcross(a, m, k, b + (long)j * sj, sp, sj, vectors, c + (long)j * m, fresh);
        if (j < n) RowsPairDown(a, m, k, b + (long)j * sj, sp, sj, n - j, c + (long)j * m, fresh);
    }

    /// <summary>Rows 0 and 1 of c against <paramref name="vectors"/> (1, 2 or 4) vectors of columns: two sums of a
    /// vector per vector of columns, up to eight in flight. B's terms for a vector of columns are one load when a
    /// term's columns are contiguous (sj = 1), else (sp = 1) blocks of a vector of columns × 4 terms turned in
    /// registers (see <see cref="Turn"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PairAcross(T* a, int m, int k, T* b, int sp, int sj, int vectors, T* c, bool fresh)
    {
        long across = (long)Lanes * m, next = (long)Lanes * sj;
        var s0 = Across(c, m, fresh); var t0 = Across(c + 1, m, fresh);
        Vector256<T> s1 = default, t1 = default, s2 = default, t2 = default, s3 = default, t3 = default;
        if (vectors > 1) { s1 = Across(c + across, m, fresh); t1 = Across(c + across + 1, m, fresh); }
        if (vectors > 2)
        {
            s2 = Across(c + 2 * across, m, fresh); t2 = Across(c + 2 * across + 1, m, fresh);
            s3 = Across(c + 3 * across, m, fresh); t3 = Across(c + 3 * across + 1, m, fresh);
        }
        int p = 0;
        if (sj == 1)
            for (T* ap = a, bp = b; p < k; p++, ap += m, bp += sp)
            {
                var x = Vector256.Create(ap[0]); var y = Vector256.Create(ap[1]);
                var u = Vector256.Load(bp); s0 += x * u; t0 += y * u;
                if (vectors > 1) { u = Vector256.Load(bp + next); s1 += x * u; t1 += y * u; }
                if (vectors > 2)
                {
                    u = Vector256.Load(bp + 2 * next); s2 += x * u; t2 += y * u;
                    u = Vector256.Load(bp + 3 * next); s3 += x * u; t3 += y * u;
                }
            }
        else
        {
            // Term by term within each block of 4, so that every element adds its terms in order.
            for (; p + 4 <= k; p += 4)
            {
                T* ap = a + (long)p * m;
                Turn(b, sj, p, out var u0, out var u1, out var u2, out var u3);
                PairTerms4(ap, m, u0, u1, u2, u3, ref s0, ref t0);
                if (vectors > 1) { Turn(b + next, sj, p, out u0, out u1, out u2, out u3); PairTerms4(ap, m, u0, u1, u2, u3, ref s1, ref t1); }
                if (vectors > 2)
                {
                    Turn(b + 2 * next, sj, p, out u0, out u1, out u2, out u3); PairTerms4(ap, m, u0, u1, u2, u3, ref s2, ref t2);
                    Turn(b + 3 * next, sj, p, out u0, out u1, out u2, out u3); PairTerms4(ap, m, u0, u1, u2, u3, ref s3, ref t3);
                }
            }
            for (; p < k; p++)
            {
                T* ap = a + (long)p * m;
                var x = Vector256.Create(ap[0]); var y = Vector256.Create(ap[1]);
                var u = GatherColumns(b, sj, p); s0 += x * u; t0 += y * u;
                if (vectors > 1) { u = GatherColumns(b + next, sj, p); s1 += x * u; t1 += y * u; }
                if (vectors > 2)
                {
                    u = GatherColumns(b + 2 * next, sj, p); s2 += x * u; t2 += y * u;
                    u = GatherColumns(b + 3 * next, sj, p); s3 += x * u; t3 += y * u;
                }
            }
        }
        StoreAcross(s0, c, m); StoreAcross(t0, c + 1, m);
        if (vectors > 1) { StoreAcross(s1, c + across, m); StoreAcross(t1, c + across + 1, m); }
        if (vectors > 2)
        {
            StoreAcross(s2, c + 2 * across, m); StoreAcross(t2, c + 2 * across + 1, m);
            StoreAcross(s3, c + 3 * across, m); StoreAcross(t3, c + 3 * across + 1, m);
        }
    }

    /// <summary>s ← s + a[0, p + q]·u_q and t ← t + a[1, p + q]·u_q for q = 0..3 in order (unfused), the terms of
    /// a at ap, ap + m, ap + 2m, ap + 3m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairTerms4(T* ap, int m, Vector256<T> u0, Vector256<T> u1, Vector256<T> u2, Vector256<T> u3,
        ref Vector256<T> s, ref Vector256<T> t)
    {
        s += Vector256.Create(ap[0]) * u0; t += Vector256.Create(ap[1]) * u0;
        s += Vector256.Create(ap[m]) * u1; t += Vector256.Create(ap[m + 1]) * u1;
        s += Vector256.Create(ap[2L * m]) * u2; t += Vector256.Create(ap[2L * m + 1]) * u2;
        s += Vector256.Create(ap[3L * m]) * u3; t += Vector256.Create(ap[3L * m + 1]) * u3;
    }

    /// <summary>c[0], c[ld], …, c[(Lanes − 1)·ld] as one vector (a row of c across a vector of columns), or zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Across(T* c, int ld, bool zero)
    {
        var v = Vector256<T>.Zero;
        if (!zero)
            for (int q = 0; q < Lanes; q++) v = v.WithElement(q, c[(long)q * ld]);
        return v;
    }

    /// <summary>The lanes of v to c[0], c[ld], …, c[(Lanes − 1)·ld].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreAcross(Vector256<T> v, T* c, int ld)
    {
        for (int q = 0; q < Lanes; q++) c[(long)q * ld] = v.GetElement(q);
    }

    /// <summary>Two rows of floats in the low half of a 128-bit vector per column (one 64-bit load per term, the
    /// high lanes zero and unused), eight columns side by side, then one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsPairDown(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool fresh)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            T* c0 = c + (long)j * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m;
            var s0 = Pair(c0, fresh); var s1 = Pair(c1, fresh); var s2 = Pair(c2, fresh); var s3 = Pair(c3, fresh);
            var s4 = Pair(c4, fresh); var s5 = Pair(c5, fresh); var s6 = Pair(c6, fresh); var s7 = Pair(c7, fresh);
            T* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp)
            {
                var x = Pair(ap, false);
                s0 += x * Vector128.Create(bp[0]); s1 += x * Vector128.Create(bp[sj]);
                s2 += x * Vector128.Create(bp[2L * sj]); s3 += x * Vector128.Create(bp[3L * sj]);
                s4 += x * Vector128.Create(bp[4L * sj]); s5 += x * Vector128.Create(bp[5L * sj]);
                s6 += x * Vector128.Create(bp[6L * sj]); s7 += x * Vector128.Create(bp[7L * sj]);
            }
            StorePair(s0, c0); StorePair(s1, c1); StorePair(s2, c2); StorePair(s3, c3);
            StorePair(s4, c4); StorePair(s5, c5); StorePair(s6, c6); StorePair(s7, c7);
        }
        for (; j < n; j++)
        {
            T* cj = c + (long)j * m;
            var s = Pair(cj, fresh);
            T* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp) s += Pair(ap, false) * Vector128.Create(*bp);
            StorePair(s, cj);
        }
    }

    /// <summary>Two floats at p in the low lanes of a vector, the high lanes zero (zero altogether when
    /// <paramref name="zero"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Pair(T* p, bool zero) => zero ? Vector128<T>.Zero : Vector128.CreateScalar(*(ulong*)p).As<ulong, T>();

    /// <summary>The low two floats of s to p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Vector128<T> s, T* p) => *(ulong*)p = s.As<T, ulong>().ToScalar();
}
