using Backprop.Internal;

namespace Backprop;

/// <summary>
/// How many threads the work of large layers may use. Small products always run on the calling thread; a product
/// is split only when it has at least <see cref="MinimumWork"/> multiply-adds, and an element-wise pass (the update,
/// the finiteness checks) only from 131,072 values. The split is by blocks of rows or values, run by long-lived
/// worker threads that allocate nothing per call, and every element is computed in the same order whatever the
/// thread count, so results are bit-identical for any setting.
/// </summary>
public static class Parallelism
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>The most threads one product may use (default: the processor count; 1 keeps all work on the caller).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref _maxThreads);
        set
        {
            Guard.AtLeast(value, 1, nameof(MaxThreads));
            Volatile.Write(ref _maxThreads, value);
        }
    }

    /// <summary>The number of multiply-adds (m·n·k) from which a product is split across threads: 2²² ≈ 4.2 million.</summary>
    public const long MinimumWork = 1L << 22;
}
