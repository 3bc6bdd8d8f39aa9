using Backprop.Internal;

namespace Backprop.Tests.Activations;

/// <summary>The library's one exponential against <see cref="Math.Exp"/>, to the unit in the last place.</summary>
public class ExponentialTests
{
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    private static double[] Exp(double[] x)
    {
        var y = new double[x.Length];
        VectorMath.Exp(x, y);
        return y;
    }

    [Fact]
    public void The_vector_exponential_is_within_one_ulp_of_Math_Exp_from_the_lower_clamp_to_overflow()
    {
        // A grid over the whole range [−708, 710] (about 1.4 million points, each lane and each tail position
        // visited), dense stretches at both ends, around 0 and ±½ln 2 (where n changes), and random values.
        var r = new Random(708);
        var x = Enumerable.Range(0, 1_418_001).Select(i => -708 + i * 0.001)
            .Concat(Enumerable.Range(0, 100_000).Select(i => -708 + i * 1e-5))
            .Concat(Enumerable.Range(0, 100_000).Select(i => 709 + i * 1e-5))
            .Concat(Enumerable.Range(0, 100_000).Select(i => (i - 50_000) * 1e-6))
            .Concat(Enumerable.Range(0, 100_000).Select(i => 0.5 * Math.Log(2) + (i - 50_000) * 1e-9))
            .Concat(Enumerable.Range(0, 100_000).Select(i => -0.5 * Math.Log(2) + (i - 50_000) * 1e-9))
            .Concat(Enumerable.Range(0, 200_000).Select(_ => r.NextDouble() * 60 - 30))
            .Append(-708).Append(709.782712893384).Append(Math.Log(double.MaxValue))
            .ToArray();
        var y = Exp(x);

        long worst = 0, equal = 0;
        double at = double.NaN;
        for (int i = 0; i < x.Length; i++)
        {
            long u = Ulps(y[i], Math.Exp(x[i]));
            if (u == 0) equal++;
            if (u > worst) (worst, at) = (u, x[i]);
        }

        worst.Should().BeLessThanOrEqualTo(1, $"the largest difference is at x = {at:R}");
        // Both within about 0.6 ulp of e^x, the two round apart only near the midpoints between doubles.
        ((double)equal / x.Length).Should().BeGreaterThan(0.95, "the share of results equal to Math.Exp's bit for bit");
    }

    [Fact]
    public void Zeros_subnormals_NaN_infinities_and_the_ends_of_the_range_come_out_as_Math_Exp_gives_them()
    {
        double[] exact = [0, -0.0, double.Epsilon, -double.Epsilon, 2.2e-308, -2.2e-308, 1e-310, -1e-310, 1e-20, -1e-20];
        Exp(exact).Should().OnlyContain(e => e == 1.0, "e^x of a zero or a tiny x is 1");

        double[] over = [709.7827128933841, 709.79, 710, 710.5, 1e300, double.MaxValue, double.PositiveInfinity];
        foreach (double v in over) Math.Exp(v).Should().Be(double.PositiveInfinity);
        Exp(over).Should().OnlyContain(e => double.IsPositiveInfinity(e));

        // Below the lower clamp the result is flushed to zero, where Math.Exp still has a (sub)normal value below
        // e^(−708), that is under 3.4e−308.
        double[] under = [-708.0000001, -708.5, -709.1, -745.1, -746, -1e300, double.MinValue, double.NegativeInfinity];
        Exp(under).Should().OnlyContain(e => e == 0 && BitConverter.DoubleToInt64Bits(e) == 0);
        foreach (double v in under) Math.Exp(v).Should().BeLessThan(3.4e-308);

        double.IsNaN(Exp([double.NaN])[0]).Should().BeTrue();
        double.IsNaN(VectorMath.Exp(double.NaN)).Should().BeTrue();
        Ulps(Exp([-708])[0], Math.Exp(-708)).Should().BeLessThanOrEqualTo(1);
        Ulps(Exp([709.782712893384])[0], Math.Exp(709.782712893384)).Should().BeLessThanOrEqualTo(1);
    }
}
