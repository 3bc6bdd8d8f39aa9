using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// Packing: strips of A and blocks of B copied to contiguous panels, in the order the tiles read them. A copy moves
// values and never rounds, so a packed and an unpacked product are the same bit for bit.
internal static unsafe partial class Gemm<T>
{
    /// <summary>Values from one packed strip of A to the next: mr·kc and one more cache line (mr values are 64 bytes),
    /// so that the strips' rows for one term, written together, do not all fall into one L1 set (mr·kc·sizeof(T) =
    /// 64·kc bytes is a multiple of 4 KiB).</summary>
    private static int PanelStride(int kc) => Mr * kc + Mr;

    /// <summary>Strips [0, <paramref name="strips"/>) of A (mr rows each, terms [0, kc)) as contiguous mr × kc panels,
    /// panel q at q·<see cref="PanelStride"/>. Each term's rows are read as one run of mr·strips values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(T* a, int m, int kc, int strips, T* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            T* src = a + (long)p * m, d = dst + Mr * p;
            for (int q = 0; q < strips; q++, src += Mr, d += PanelStride(kc))
            {
                if (Sse.IsSupported) Sse.Prefetch0(src + 8L * m); // the same rows eight terms on
                Vector256.Load(src).Store(d);
                Vector256.Load(src + Lanes).Store(d + Lanes);
            }
        }
    }

    /// <summary>Columns [0, <paramref name="columns"/>) of B (a multiple of 6), terms [0, kc), as kc × 6 panels:
    /// panel t holds B[p, 6t + q] at t·6·kc + 6p + q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(T* b, int sp, int sj, int kc, int columns, T* dst)
    {
        for (int t = 0; t < columns; t += 6)
        {
            T* src = b + (long)t * sj;
            if (sj == 1)
                for (int p = 0; p < kc; p++, src += sp, dst += 6)
                    CopySix(src, dst);
            else
                for (int p = 0; p < kc; p++, src += sp, dst += 6)
                {
                    dst[0] = src[0]; dst[1] = src[sj]; dst[2] = src[2L * sj];
                    dst[3] = src[3L * sj]; dst[4] = src[4L * sj]; dst[5] = src[5L * sj];
                }
        }
    }

    /// <summary>Six consecutive values: a vector of 4 and 2 more (doubles: 32 + 16 bytes; floats: 16 + 8 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySix(T* src, T* dst)
    {
        if (sizeof(T) == 8)
        {
            Vector256.Store(Vector256.Load(src), dst);
            Vector128.Store(Vector128.Load(src + 4), dst + 4);
        }
        else
        {
            Vector128.Store(Vector128.Load(src), dst);
            *(ulong*)(dst + 4) = *(ulong*)(src + 4);
        }
    }
}
