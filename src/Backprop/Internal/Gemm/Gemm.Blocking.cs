using System.Runtime.CompilerServices;

namespace Backprop.Internal;

// Block sizes (kc, nc, the packing thresholds, the group of strips that plays the part of mc) and the per-thread
// buffers the packed panels live in. Each threshold trades one copy of a block against the strided or scattered
// reads it saves; the cache sizes assumed are those of x86-64 cores of the last decade: 32 KiB of L1 data per
// core and at least 256 KiB of L2. Sizes are in bytes, so that a block fills the same share of a cache whatever the
// element type; a strip is 64 bytes per term in either precision (8 doubles or 16 floats).
internal static unsafe partial class Gemm<T>
{
    /// <summary>Terms per panel (kc).</summary>
    /// <remarks>A strip of A over kc terms is 64 × 256 bytes = 16 KiB (8 × 256 doubles or 16 × 256 floats), half
    /// of L1, so it stays there while the columns of a block pass; the 6-column panel of B it meets is 6·256 values
    /// more (12 KiB of doubles, 6 KiB of floats). Between panels each accumulator is stored and reloaded once, which
    /// over 256 terms is noise.</remarks>
    internal const int Kc = 256;

    /// <summary>Below this many terms (with at least 8 rows of c), Aᵀ·B copies Aᵀ and runs through the tiles instead of
    /// dot products, whatever the number of columns: 8 vectors of terms (32 doubles, 64 floats).</summary>
    /// <remarks>A dot product of k terms costs k/<see cref="Lanes"/> vector multiply-adds and then one horizontal sum
    /// of its lanes; below 8 vectors of terms that sum is a large share of the work, while the copy of Aᵀ is one pass
    /// over m·k values and the tiles need no horizontal sums.</remarks>
    internal static int ShortSums => 8 * Lanes;

    /// <summary>From this many columns of B, Aᵀ·B with short sums copies Aᵀ once; fewer read it through blocks
    /// turned in registers (the same sums either way).</summary>
    /// <remarks>The copy is one pass of m·k values, then every column runs through the tiles; turning costs two
    /// shuffles per value loaded (in either precision) and is shared by the columns of a pass, which up to 3 columns
    /// pays and from 4 the copy does.</remarks>
    internal const int FewColumns = 4;

    /// <summary>From this many columns of B, strips of A are packed before the tiles run over them.</summary>
    /// <remarks>Packing a strip is one pass over it; each group of 6 columns then reads the packed copy instead of
    /// kc scattered cache lines (one per term, m·sizeof(T) bytes apart). From 48 columns, eight groups of 6 share
    /// one copy.</remarks>
    internal const int PackColumns = 48;

    /// <summary>Strips of A packed together, so that each term's rows are read as one run.</summary>
    /// <remarks>8 strips make one term's 8 · 64 bytes one contiguous run of 512 bytes, which the hardware prefetcher
    /// follows; a single strip is one 64-byte line per term. 8 strips (64 doubles, 128 floats) are this kernel's mc.</remarks>
    internal const int PackGroup = 8;

    /// <summary>From this many bytes in a block of A (m × kc), its strips are packed <see cref="PackGroup"/> at a time.</summary>
    /// <remarks>128 KiB: beside B's block (<see cref="BlockBytes"/>, 192 KiB) a larger A no longer stays in L2 and is
    /// read from L3, where one long run per term pays; a smaller one is read from L2, strip by strip, as fast.</remarks>
    internal const int GroupBytes = 128 * 1024;

    /// <summary>Bytes that stay in L1 (32 KiB): a block of B this small is read in place.</summary>
    /// <remarks>Once B sits in L1 every strip reads it at L1 speed, strided or not, and a packed copy saves nothing.</remarks>
    internal const int L1Bytes = 32 * 1024;

    /// <summary>From this many strips of A, the block of B they all read is first packed (see <see cref="PackB"/>).</summary>
    /// <remarks>Packing the block costs about one strided pass over it; every strip after the first then reads
    /// contiguous panels instead. Under 4 strips the copy costs as much as it saves.</remarks>
    internal const int PackStrips = 4;

    /// <summary>Bytes in a packed block of B (kc × columns): 192 KiB, a share of L2.</summary>
    /// <remarks>The block must stay in L2 while every strip of A passes over it (each strip reads all of it);
    /// 192 KiB leaves the rest of a 256 KiB L2 to the strips of A and to c.</remarks>
    private const int BlockBytes = 192 * 1024;

    /// <summary>Values of T in a 32-byte alignment pad.</summary>
    private static int AlignPad => 32 / sizeof(T);

    /// <summary>Values in a packed block of B (<see cref="BlockBytes"/>).</summary>
    private static int BlockSize => BlockBytes / sizeof(T);

    /// <summary>Columns of B per block for <paramref name="kc"/> terms (nc): a multiple of 6 that fills
    /// <see cref="BlockBytes"/>.</summary>
    private static int BlockColumns(int kc) => Math.Max(6, BlockSize / kc / 6 * 6);

    [ThreadStatic] private static T[]? _threadBlock;
    [ThreadStatic] private static T[]? _threadPanel;
    [ThreadStatic] private static T[]? _threadScratch;

    /// <summary>This thread's buffer for a packed block of B; a pinned array, made once per thread.</summary>
    private static T* BlockBuffer()
    {
        var block = _threadBlock ??= GC.AllocateArray<T>(BlockSize + AlignPad, pinned: true);
        return Aligned((T*)Unsafe.AsPointer(ref block[0]));
    }

    /// <summary>This thread's <see cref="PackGroup"/> panels of <see cref="Mr"/> × <see cref="Kc"/>; a pinned array,
    /// made once per thread.</summary>
    private static T* PanelBuffer()
    {
        var panel = _threadPanel ??= GC.AllocateArray<T>(PackGroup * PanelStride(Kc) + AlignPad, pinned: true);
        // 32-byte aligned start, so that the tiles' loads never split a cache line.
        return Aligned((T*)Unsafe.AsPointer(ref panel[0]));
    }

    private static T* Aligned(T* p) => (T*)(((nint)p + 31) & ~(nint)31);

    /// <summary>This thread's scratch buffer, at least <paramref name="length"/> long (grown once, then reused).</summary>
    private static Span<T> Scratch(int length)
    {
        var s = _threadScratch;
        if (s is null || s.Length < length) _threadScratch = s = new T[length];
        return s.AsSpan(0, length);
    }
}
