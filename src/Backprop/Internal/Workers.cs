namespace Backprop.Internal;

/// <summary>Work split into numbered units; <see cref="Run"/> does units [from, to).</summary>
internal interface IPartitionedJob
{
    void Run(int from, int to);
}

/// <summary>
/// Long-lived background threads that share a product with the calling thread. Unlike <c>Parallel.For</c> they
/// allocate nothing per call. One product at a time: a caller that finds them busy does the whole job itself, which
/// gives the same numbers because each unit is computed the same way on any thread.
/// </summary>
internal static class Workers
{
    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim Done = new(false, 1000);
    private static Worker[] _pool = [];
    private static Action<int, int>? _work;
    private static int _units, _parts, _pending;
    private static Exception? _error;

    /// <summary>Runs <paramref name="job"/> over <paramref name="units"/> units on <paramref name="threads"/> threads,
    /// the caller taking the first share; returns when all are done.</summary>
    public static void Run<T>(ref T job, int units, int threads) where T : struct, IPartitionedJob
    {
        if (!Monitor.TryEnter(Gate))
        {
            job.Run(0, units);
            return;
        }
        try
        {
            while (_pool.Length < threads - 1) _pool = [.. _pool, new Worker(_pool.Length + 1)];
            Slot<T>.Job = job;
            (_work, _units, _parts, _pending, _error) = (Slot<T>.RunShare, units, threads, threads - 1, null);
            Done.Reset();
            for (int w = 0; w < threads - 1; w++) _pool[w].Go.Set();
            try
            {
                job.Run(0, Share(units, 1, threads));
            }
            finally
            {
                SpinUntilSet(Done);
                Done.Wait();
                Slot<T>.Job = default;
                _work = null;
            }
            if (_error is not null) throw new AggregateException("A worker thread failed.", _error);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>How long a thread spins before it sleeps: a training step calls for help several times in a row, and
    /// waking a sleeping thread costs more than the gaps between those calls.</summary>
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000;

    private static void SpinUntilSet(ManualResetEventSlim e)
    {
        long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        while (!e.IsSet && System.Diagnostics.Stopwatch.GetTimestamp() < until) Thread.SpinWait(16);
    }

    private static int Share(int units, int part, int parts) => (int)((long)units * part / parts);

    private static class Slot<T> where T : struct, IPartitionedJob
    {
        public static T Job;
        public static readonly Action<int, int> RunShare = (from, to) => Job.Run(from, to);
    }

    private sealed class Worker
    {
        public readonly ManualResetEventSlim Go = new(false, 1000);
        private readonly int _part;

        public Worker(int part)
        {
            _part = part;
            new Thread(Loop) { IsBackground = true, Name = $"Backprop worker {part}" }.Start();
        }

        private void Loop()
        {
            while (true)
            {
                SpinUntilSet(Go);
                Go.Wait();
                Go.Reset();
                try
                {
                    _work!(Share(_units, _part, _parts), Share(_units, _part + 1, _parts));
                }
                catch (Exception e)
                {
                    _error = e;
                }
                if (Interlocked.Decrement(ref _pending) == 0) Done.Set();
            }
        }
    }
}
