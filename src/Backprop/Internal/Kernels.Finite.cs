using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// Finite-value scans: where the first NaN or infinity is, whether there is one, and the largest magnitude (NaN
// when a value is not finite). Long scans are shared with the worker threads in blocks, as the element-wise updates.
internal static partial class Kernels
{
    /// <summary>The index of the first NaN or infinity, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstNonFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Small blocks (a tiny network's weights, one sample) are checked in place: a call costs more than the loop.
        if (x.Length >= 16) return FirstNonFiniteBlock(x);
        for (int i = 0; i < x.Length; i++)
            if (!T.IsFinite(x[i])) return i;
        return -1;
    }

    private static unsafe int FirstNonFiniteBlock<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Shared(x.Length, out int threads))
        {
            int dirty = 0;
            fixed (T* px = x)
            {
                var job = new FiniteJob<T>(px, x.Length, &dirty);
                Workers.Run(ref job, Blocks(x.Length), threads);
            }
            if (dirty == 0) return -1;
        }
        else if (AllFiniteHere(x)) return -1;
        for (int i = 0; i < x.Length; i++)
            if (!T.IsFinite(x[i])) return i;
        return -1;
    }

    /// <summary>max |v|, or NaN when a value is NaN or infinite.</summary>
    public static T MaxMagnitude<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T max = T.Zero;
        int lanes = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && values.Length >= 2 * lanes)
        {
            // Two maxima side by side, each by the plain instruction (MaxNative): a NaN or ∞ is caught by the bits
            // instead, so the maximum's own rules for NaN and −0 need not be paid for on every value.
            ref T r = ref MemoryMarshal.GetReference(values);
            var top0 = Vector256<T>.Zero;
            var top1 = Vector256<T>.Zero;
            var bits = Vector256<ulong>.Zero;
            for (; i + 2 * lanes <= values.Length; i += 2 * lanes)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + lanes));
                top0 = Vector256.MaxNative(top0, Vector256.Abs(v0));
                top1 = Vector256.MaxNative(top1, Vector256.Abs(v1));
                bits |= ((v0 - v0) + (v1 - v1)).AsUInt64(); // +0 when both are finite, NaN otherwise
            }
            if (bits != Vector256<ulong>.Zero) return T.NaN;
            // The lanes' maximum (exact, so their order does not matter), pairwise.
            var top = Vector256.MaxNative(top0, top1);
            T m0 = T.Max(top[0], top[1]), m1 = T.Max(top[2], top[3]);
            if (lanes == 8)
            {
                m0 = T.Max(m0, T.Max(top[4], top[5]));
                m1 = T.Max(m1, T.Max(top[6], top[7]));
            }
            max = T.Max(m0, m1);
        }
        for (; i < values.Length; i++) max = T.Max(max, T.Abs(values[i]));
        return T.IsFinite(max) ? max : T.NaN;
    }

    /// <summary>Whether every value is finite, on this thread.</summary>
    private static bool AllFiniteHere<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && x.Length >= 4 * lanes)
        {
            // x − x is +0 (all bits clear) for every finite x and NaN for ±∞ and NaN: OR-ing the bits keeps the
            // dependency chains one cycle long.
            ref T r = ref MemoryMarshal.GetReference(x);
            var acc0 = Vector256<ulong>.Zero;
            var acc1 = Vector256<ulong>.Zero;
            int i = 0;
            for (; i + 2 * lanes <= x.Length; i += 2 * lanes)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + lanes));
                acc0 |= (v0 - v0).AsUInt64();
                acc1 |= (v1 - v1).AsUInt64();
            }
            bool clean = (acc0 | acc1) == Vector256<ulong>.Zero;
            for (; clean && i < x.Length; i++) clean = T.IsFinite(x[i]);
            return clean;
        }
        foreach (T v in x)
            if (!T.IsFinite(v)) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => FirstNonFinite(x) < 0;

    private readonly unsafe struct FiniteJob<T>(T* x, int length, int* dirty) : IPartitionedJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int from, int to)
        {
            var (start, count) = Values(from, to, length);
            if (!AllFiniteHere(new ReadOnlySpan<T>(x + start, count))) Volatile.Write(ref *dirty, 1);
        }
    }
}
