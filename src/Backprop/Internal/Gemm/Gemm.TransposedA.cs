using System.Runtime.CompilerServices;

namespace Backprop.Internal;

// The transposed product c = Aᵀ·B (A stored k×m), as for ∂E/∂x = Wᵀ·δ: the choice between the copied Aᵀ
// through the tiles, plain sums, and dot products; the dot products are split across threads by quads of rows.
internal static unsafe partial class Gemm
{
    /// <summary>c (m×n) = aᵀ · b with a stored k×m and b stored k×n: dot products of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposedA(ReadOnlySpan<double> a, int k, int m, ReadOnlySpan<double> b, int n, Span<double> c)
    {
        if (Simd && k >= Kernels.SimdThreshold && k < ShortSums && m >= Kernels.SimdThreshold && n >= 4)
        {
            // Short sums (δ of a small output layer): a dot product of a dozen terms spends most of its time in
            // horizontal sums, so Aᵀ is copied once and the tiles of Accumulate take over.
            var at = Scratch(m * k);
            fixed (double* pa = a, pt = at)
                for (int i = 0; i < m; i++)
                {
                    double* ai = pa + (long)i * k, ti = pt + i;
                    for (int p = 0; p < k; p++, ti += m) *ti = ai[p];
                }
            Accumulate(at, m, k, b, 1, k, n, c, overwrite: true);
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
        {
            if (!(Simd && k >= Kernels.SimdThreshold))
            {
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        double* ai = pa + (long)i * k, bj = pb + (long)j * k;
                        double s = 0;
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
    private readonly struct TransposedJob(double* a, int k, int m, double* b, int n, double* c) : IPartitionedJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int q0, int q1)
        {
            for (int q = q0; q < q1; q++)
            {
                int i = 4 * q;
                double* ai = a + (long)i * k;
                if (i + 4 <= m)
                {
                    int j = 0;
                    for (; j + 2 <= n; j += 2) Dot4x2(ai, k, b + (long)j * k, c + i + (long)j * m, m);
                    if (j < n) Dot4(ai, k, b + (long)j * k, c + i + (long)j * m);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                        for (int r = i; r < m; r++) c[r + (long)j * m] = Dot1(a + (long)r * k, b + (long)j * k, k);
                }
            }
        }
    }
}
