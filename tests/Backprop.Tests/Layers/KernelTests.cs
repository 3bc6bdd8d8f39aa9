using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

public class KernelTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 2, 2, 2 }, { 3, 5, 7 }, { 17, 9, 4 }, { 8, 33, 1 }, { 10, 64, 32 },
    };

    private static Matrix<double> Random(int rows, int columns, int seed)
    {
        var r = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => r.NextDouble() * 2 - 1);
    }

    private static double[] Values(Matrix<double> m) => m.ToColumnMajorArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_three_products_match_MathNet_on_odd_shapes(int m, int k, int n)
    {
        var a = Random(m, k, 1);
        var b = Random(k, n, 2);
        var bt = Random(n, k, 3);
        var at = Random(k, m, 4);
        var c = new double[m * n];

        Kernels.MultiplyNN(Values(a), m, k, Values(b), n, c);
        c.Should().Equal(Values(a * b), (x, y) => Math.Abs(x - y) < 1e-12);

        Kernels.MultiplyNT(Values(a), m, k, Values(bt), n, c);
        c.Should().Equal(Values(a * bt.Transpose()), (x, y) => Math.Abs(x - y) < 1e-12);

        Kernels.MultiplyTN(Values(at), k, m, Values(b), n, c);
        c.Should().Equal(Values(at.Transpose() * b), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void A_large_product_split_across_threads_is_bit_identical_to_one_thread()
    {
        var a = Random(264, 300, 5);
        var b = Random(300, 70, 6);
        var one = new double[264 * 70];
        var two = new double[264 * 70];
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Kernels.MultiplyNN(Values(a), 264, 300, Values(b), 70, one);
            Parallelism.MaxThreads = 2;
            Kernels.MultiplyNN(Values(a), 264, 300, Values(b), 70, two);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        two.Should().Equal(one);
        one.Should().Equal(Values(a * b), (x, y) => Math.Abs(x - y) < 1e-11);
    }

    [Fact]
    public void Fewer_than_one_thread_is_out_of_range()
    {
        var act = () => Parallelism.MaxThreads = 0;

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_vector_exponential_agrees_with_Math_Exp_to_a_few_ulps()
    {
        var x = Enumerable.Range(0, 4001).Select(i => -720 + i * 0.36).Append(double.NaN).Append(double.PositiveInfinity).ToArray();
        var y = new double[x.Length];

        VectorMath.Exp(x, y);

        for (int i = 0; i < x.Length - 2; i++)
        {
            double e = Math.Exp(x[i]);
            if (double.IsPositiveInfinity(e)) y[i].Should().Be(double.PositiveInfinity);
            else if (e < 1e-300) y[i].Should().BeLessThan(1e-300);
            else Math.Abs(y[i] - e).Should().BeLessThanOrEqualTo(4e-16 * e, $"exp({x[i]})");
        }
        double.IsNaN(y[^2]).Should().BeTrue();
        y[^1].Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void A_bias_seeded_product_adds_the_bias_first_as_the_tutorial_sums()
    {
        double[] w = [0.1, 0.3, 0.2, 0.4]; // 2×2 column-major: rows [0.1, 0.2], [0.3, 0.4]
        double[] x = [1e16, 1.0];
        var c = new double[2];

        Kernels.MultiplyNN(w, 2, 2, x, 1, c, [1.0, -3e15]);

        c[0].Should().Be((1.0 + 0.1 * 1e16) + 0.2 * 1.0);
        c[1].Should().Be((-3e15 + 0.3 * 1e16) + 0.4 * 1.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    public void The_first_non_finite_value_is_found_wherever_it_is(int index)
    {
        var x = Enumerable.Range(0, 13).Select(i => (double)i).ToArray();
        Kernels.FirstNonFinite(x).Should().Be(-1);

        x[index] = double.NaN;
        Kernels.FirstNonFinite(x).Should().Be(index);
        x[index] = double.NegativeInfinity;
        Kernels.FirstNonFinite(x).Should().Be(index);
    }
}
