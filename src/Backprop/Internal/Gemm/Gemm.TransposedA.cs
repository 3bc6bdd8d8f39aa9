using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The transposed product c = Aᵀ·B (A stored k×m), as for ∂E/∂x = Wᵀ·δ: the choice, by m and k alone, between
// plain sums, Accumulate's sums on Aᵀ (copied, or turned in registers for a few columns), and dot products; the
// dot products are split across threads by quads of rows.
internal static unsafe partial class Gemm<T>
{
    /// <summary>c (m×n) = aᵀ · b with a stored k×m and b stored k×n.</summary>
    /// <remarks>The path depends on m and k only, never on n, and each path computes a column of c from that column
    /// of b alone, the same way for any n: so a sample's ∂E/∂x rounds alike in a batch of any size, at any place.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposedA(ReadOnlySpan<T> a, int k, int m, ReadOnlySpan<T> b, int n, Span<T> c)
    {
        if (Simd && k >= Kernels.SimdThreshold && k < ShortSums && m >= Kernels.SimdThreshold)
        {
            // Short sums (δ of a small output layer): a dot product of a dozen terms spends most of its time in
            // horizontal sums, so the sums run as Accumulate's on Aᵀ (fused, term by term, on the rows of whole
            // strips and, for floats, of a vector left over; plain sums on the rest), for any number of columns. Fewer than FewColumns columns read Aᵀ
            // through blocks (a vector of columns × 4 terms) turned in registers; more share one copy of Aᵀ through
            // the tiles.
            if (n < FewColumns)
            {
                fixed (T* pa = a, pb = b, pc = c)
                {
                    if (n == 1) TurnedColumn(pa, k, m, pb, pc);
                    else TurnedColumns(pa, k, m, pb, n, pc);
                    int strips = m - m % Mr, fused = FusedRows(m);
                    if (fused > strips) TurnedVector(pa + (long)strips * k, k, m, pb, n, pc + strips);
                    PlainRows(pa, k, m, fused, pb, n, pc);
                }
                return;
            }
            var at = Scratch(m * k);
            fixed (T* pa = a, pt = at) Transpose(pa, k, m, pt);
            Accumulate(at, m, k, b, 1, k, n, c, overwrite: true);
            return;
        }
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (!(Simd && k >= Kernels.SimdThreshold))
            {
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        T* ai = pa + (long)i * k, bj = pb + (long)j * k;
                        T s = T.Zero;
                        for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                        pc[i + (long)j * m] = s;
                    }
                return;
            }
            var job = new TransposedJob(pa, k, m, pb, n, pc);
            int quads = (m + 3) / 4;
            int threads = Math.Min(Parallelism.MaxThreads, quads);
            if (threads > 1 && (long)m * n * k >= Parallelism.MinimumWork) Workers.Run(ref job, quads, threads);
            else job.Run(0, quads);
        }
    }

    /// <summary>The column quads [q0, q1) of aᵀ in <see cref="TransposedA"/>.</summary>
    private readonly struct TransposedJob(T* a, int k, int m, T* b, int n, T* c) : IPartitionedJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int q0, int q1)
        {
            for (int q = q0; q < q1; q++)
            {
                int i = 4 * q;
                T* ai = a + (long)i * k;
                if (i + 4 <= m)
                {
                    int j = 0;
                    for (; j + 3 <= n; j += 3) Dot4x3(ai, k, b + (long)j * k, c + i + (long)j * m, m);
                    if (j + 2 == n) Dot4x2(ai, k, b + (long)j * k, c + i + (long)j * m, m);
                    else if (j < n) Dot4(ai, k, b + (long)j * k, c + i + (long)j * m);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                        for (int r = i; r < m; r++) c[r + (long)j * m] = Dot1(a + (long)r * k, b + (long)j * k, k);
                }
            }
        }
    }

    /// <summary>t (m×k, column-major) = aᵀ, with a stored k×m: t[i + p·m] = a[p + i·k].</summary>
    /// <remarks>Blocks of a vector of columns × 4 terms turned in registers (see <see cref="Turn"/>), so that reads
    /// and writes both go several values at a time; the edges one by one. A copy: nothing is rounded.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(T* a, int k, int m, T* t)
    {
        int i = 0;
        for (; i + Lanes <= m; i += Lanes)
        {
            T* a0 = a + (long)i * k;
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                Turn(a0, k, p, out var v0, out var v1, out var v2, out var v3);
                T* tp = t + (long)p * m + i;
                v0.Store(tp); v1.Store(tp + m); v2.Store(tp + 2L * m); v3.Store(tp + 3L * m);
            }
            for (; p < k; p++) GatherColumns(a0, k, p).Store(t + (long)p * m + i);
        }
        for (; i < m; i++)
        {
            T* ai = a + (long)i * k, ti = t + i;
            for (int p = 0; p < k; p++, ti += m) *ti = ai[p];
        }
    }
}
