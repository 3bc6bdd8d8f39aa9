using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>Prediction only reads the parameters and works in a workspace of its own, so one network serves any
/// number of threads at once, with the answers of serial calls bit for bit.</summary>
public class ConcurrentPredictionTests
{
    private static Network Create() =>
        Network.Create(64, [new LayerDefinition(128, Activation.Sigmoid), new LayerDefinition(10, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 7, Loss.CategoricalCrossEntropy);

    [Fact]
    public void Eight_threads_predicting_from_one_network_get_the_serial_answers_bit_for_bit()
    {
        var network = Create();
        var r = new Random(3);
        var samples = Enumerable.Range(0, 64).Select(_ => Vector<double>.Build.Dense(64, _ => r.NextDouble() * 2 - 1)).ToArray();
        var batch = Matrix<double>.Build.DenseOfColumnVectors(samples);
        var serial = samples.Select(s => network.Predict(s).ToArray()).ToArray();
        var serialBatch = network.Predict(batch).ToColumnMajorArray();

        int mismatches = 0, calls = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(k => new Thread(() =>
        {
            try
            {
                var into = new double[10];
                start.SignalAndWait();
                for (int i = 0; i < 1500; i++)
                {
                    int s = (i * 13 + k * 7) % samples.Length;
                    bool same = (i % 3) switch
                    {
                        0 => network.Predict(samples[s]).ToArray().AsSpan().SequenceEqual(serial[s]),
                        1 => Span(network, samples[s], into).SequenceEqual(serial[s]),
                        _ => i % 50 == 2 ? network.Predict(batch).ToColumnMajorArray().AsSpan().SequenceEqual(serialBatch)
                            : network.Predict(samples[s].ToColumnMatrix()).ToColumnMajorArray().AsSpan().SequenceEqual(serial[s]),
                    };
                    if (!same) Interlocked.Increment(ref mismatches);
                    Interlocked.Increment(ref calls);
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        errors.Should().BeEmpty();
        calls.Should().Be(8 * 1500);
        mismatches.Should().Be(0);
    }

    private static double[] Span(Network network, Vector<double> x, double[] into)
    {
        network.Predict(x.AsArray(), into);
        return into;
    }

    [Fact]
    public void A_batch_larger_than_a_pooled_workspace_goes_in_chunks_with_the_same_answers()
    {
        var network = Create();
        var r = new Random(5);
        var x = Matrix<double>.Build.Dense(64, 600, (_, _) => r.NextDouble());

        var whole = network.Predict(x);

        for (int j = 0; j < 600; j += 37) whole.Column(j).ToArray().Should().Equal(network.Predict(x.Column(j)).ToArray());
    }
}
