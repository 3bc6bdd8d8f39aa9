using Backprop.Internal;

namespace Backprop.Tests.Layers;

public class WorkerTests
{
    private struct Record(int[] seen) : IPartitionedJob
    {
        public readonly void Run(int from, int to)
        {
            for (int u = from; u < to; u++) Interlocked.Increment(ref seen[u]);
        }
    }

    private struct Fail(int failing) : IPartitionedJob
    {
        public readonly void Run(int from, int to)
        {
            if (from <= failing && failing < to) throw new InvalidOperationException($"unit {failing}");
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(7, 3)]
    [InlineData(100, 2)]
    public void Every_unit_runs_exactly_once_whatever_the_split(int units, int threads)
    {
        var seen = new int[units];
        var job = new Record(seen);

        Workers.Run(ref job, units, threads);

        seen.Should().OnlyContain(count => count == 1);
    }

    [Fact]
    public void A_failure_on_a_worker_thread_reaches_the_caller_and_the_pool_still_works()
    {
        var job = new Fail(failing: 9);

        var act = () => Workers.Run(ref job, 10, 2);

        act.Should().Throw<AggregateException>().WithInnerException<InvalidOperationException>().WithMessage("unit 9");
        var seen = new int[10];
        var record = new Record(seen);
        Workers.Run(ref record, 10, 2);
        seen.Should().OnlyContain(count => count == 1);
    }

    [Fact]
    public void Callers_on_several_threads_at_once_each_get_every_unit_done()
    {
        var counts = Enumerable.Range(0, 4).Select(_ => new int[64]).ToArray();

        Parallel.For(0, 4, t =>
        {
            for (int rep = 0; rep < 50; rep++)
            {
                var job = new Record(counts[t]);
                Workers.Run(ref job, 64, 2);
            }
        });

        counts.Should().OnlyContain(c => c.All(count => count == 50));
    }

    [Fact]
    public void Large_element_wise_passes_split_across_threads_give_the_single_thread_result()
    {
        int n = Kernels.ParallelValues + 12345;
        var r = new Random(3);
        var g = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        var x1 = Enumerable.Range(0, n).Select(_ => r.NextDouble()).ToArray();
        var x2 = (double[])x1.Clone();
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Kernels.SubtractScaled(x1, 0.3, g);
            Parallelism.MaxThreads = 2;
            Kernels.SubtractScaled(x2, 0.3, g);
            x2.Should().Equal(x1);

            Kernels.FirstNonFinite(x2).Should().Be(-1);
            x2[n - 3] = double.NaN;
            x2[Kernels.ParallelValues - 1] = double.PositiveInfinity;
            Kernels.FirstNonFinite(x2).Should().Be(Kernels.ParallelValues - 1);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
