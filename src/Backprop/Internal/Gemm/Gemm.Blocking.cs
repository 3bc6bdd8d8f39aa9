using System.Runtime.CompilerServices;

namespace Backprop.Internal;

// Block sizes (kc, nc, the packing thresholds, the group of strips that plays the part of mc) and the per-thread
// buffers the packed panels live in. Each threshold trades one copy of a block against the strided or scattered
// reads it saves; the cache sizes assumed are those of x86-64 cores of the last decade: 32 KiB of L1 data per
// core and at least 256 KiB of L2.
internal static unsafe partial class Gemm
{
    /// <summary>Terms per panel (kc).</summary>
    /// <remarks>A strip of A over kc terms is 8 × 256 doubles = 16 KiB, half of L1, so it stays there while the
    /// columns of a block pass; the 6-column panel of B it meets is 12 KiB more. Between panels each accumulator
    /// is stored and reloaded once, which over 256 terms is noise.</remarks>
    internal const int Kc = 256;

    /// <summary>Below this many terms (with at least 8 rows of c), Aᵀ·B copies Aᵀ and runs through the tiles instead of
    /// dot products, whatever the number of columns.</summary>
    /// <remarks>A dot product of k terms costs k/4 vector multiply-adds and then one horizontal sum of its four
    /// lanes; below 32 terms that sum is a large share of the work, while the copy of Aᵀ is one pass over m·k
    /// values and the tiles need no horizontal sums.</remarks>
    internal const int ShortSums = 32;

    /// <summary>From this many columns of B, Aᵀ·B with short sums copies Aᵀ once; fewer read it through 4 × 4 blocks
    /// turned in registers (the same sums either way).</summary>
    /// <remarks>The copy is one pass of m·k values, then every column runs through the tiles; turning costs eight
    /// shuffles per 16 values and is shared by the columns of a pass, which up to 3 columns pays and from 4 the
    /// copy does.</remarks>
    internal const int FewColumns = 4;

    /// <summary>From this many columns of B, strips of A are packed before the tiles run over them.</summary>
    /// <remarks>Packing a strip is one pass over it; each group of 6 columns then reads the packed copy instead of
    /// kc scattered cache lines (one per term, m·8 bytes apart). From 48 columns, eight groups of 6 share one copy.</remarks>
    internal const int PackColumns = 48;

    /// <summary>Strips of A packed together, so that each term's rows are read as one run.</summary>
    /// <remarks>8 strips make one term's 64 rows one contiguous run of 512 bytes, which the hardware prefetcher
    /// follows; a single strip is one 64-byte line per term. 8 × 8 rows = 64 rows is this kernel's mc.</remarks>
    internal const int PackGroup = 8;

    /// <summary>From this many doubles in a block of A (m × kc), its strips are packed <see cref="PackGroup"/> at a time.</summary>
    /// <remarks>16384 doubles are 128 KiB: beside B's block (<see cref="BlockSize"/>, 192 KiB) a larger A no longer
    /// stays in L2 and is read from L3, where one long run per term pays; a smaller one is read from L2, strip by
    /// strip, as fast.</remarks>
    internal const int GroupDoubles = 16384;

    /// <summary>Doubles that stay in L1 (32 KiB): a block of B this small is read in place.</summary>
    /// <remarks>Once B sits in L1 every strip reads it at L1 speed, strided or not, and a packed copy saves nothing.</remarks>
    internal const int L1Doubles = 4096;

    /// <summary>From this many strips of A, the block of B they all read is first packed (see <see cref="PackB"/>).</summary>
    /// <remarks>Packing the block costs about one strided pass over it; every strip after the first then reads
    /// contiguous panels instead. Under 4 strips the copy costs as much as it saves.</remarks>
    internal const int PackStrips = 4;

    /// <summary>Doubles in a packed block of B (kc × columns): 192 KiB, a share of L2.</summary>
    /// <remarks>The block must stay in L2 while every strip of A passes over it (each strip reads all of it);
    /// 192 KiB leaves the rest of a 256 KiB L2 to the strips of A and to c.</remarks>
    private const int BlockSize = 24576;

    /// <summary>Columns of B per block for <paramref name="kc"/> terms (nc): a multiple of 6 that fills
    /// <see cref="BlockSize"/>.</summary>
    private static int BlockColumns(int kc) => Math.Max(6, BlockSize / kc / 6 * 6);

    [ThreadStatic] private static double[]? _threadBlock;
    [ThreadStatic] private static double[]? _threadPanel;
    [ThreadStatic] private static double[]? _threadScratch;

    /// <summary>This thread's buffer for a packed block of B; a pinned array, made once per thread.</summary>
    private static double* BlockBuffer()
    {
        var block = _threadBlock ??= GC.AllocateArray<double>(BlockSize + 4, pinned: true);
        double* p = (double*)Unsafe.AsPointer(ref block[0]);
        return (double*)(((nint)p + 31) & ~(nint)31);
    }

    /// <summary>This thread's <see cref="PackGroup"/> panels of 8 × <see cref="Kc"/>; a pinned array, made once per thread.</summary>
    private static double* PanelBuffer()
    {
        var panel = _threadPanel ??= GC.AllocateArray<double>(PackGroup * PanelStride(Kc) + 4, pinned: true);
        // 32-byte aligned start, so that the tiles' loads never split a cache line.
        double* p = (double*)Unsafe.AsPointer(ref panel[0]);
        return (double*)(((nint)p + 31) & ~(nint)31);
    }

    /// <summary>This thread's scratch buffer, at least <paramref name="length"/> long (grown once, then reused).</summary>
    private static Span<double> Scratch(int length)
    {
        var s = _threadScratch;
        if (s is null || s.Length < length) _threadScratch = s = new double[length];
        return s.AsSpan(0, length);
    }
}
