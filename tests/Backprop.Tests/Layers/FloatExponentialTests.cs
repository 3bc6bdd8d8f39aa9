using Backprop.Internal;

namespace Backprop.Tests.Layers;

/// <summary>The float32 exponential and sigmoid against double references rounded to float, over the whole float
/// range, and the same bits at every position of a block.</summary>
public class FloatExponentialTests
{
    /// <summary>The bound the exponential's documentation states, in ulps of the exact result (an exhaustive run over
    /// every float with |x| ≤ 105 found at most 1.013; this sweep finds 0.95).</summary>
    private const double ExpUlps = 1.02;

    /// <summary>The bound the sigmoid's documentation states (exhaustively at most 2.402; this sweep finds 2.13).</summary>
    private const double SigmoidUlps = 2.5;

    /// <summary>Every 2¹²-th float bit pattern (both signs, subnormals, infinities and NaNs among them), then the edges.</summary>
    private static float[] Sweep()
    {
        var x = new List<float>(1 << 20);
        for (long bits = 0; bits < 1L << 32; bits += 1 << 12) x.Add(BitConverter.UInt32BitsToSingle((uint)bits));
        x.AddRange([0f, -0f, float.Epsilon, -float.Epsilon, BitConverter.UInt32BitsToSingle(0x007FFFFF), float.MinValue, float.MaxValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f, 0.5f, 16.6f, 17f, -16.6f,
            88.72283f, MathF.BitIncrement(88.72283f), MathF.BitDecrement(88.72283f), 88.7228394f, 89f, 89.5f,
            -87.33654f, -87.3365479f, -88.7f, -100f, -103.97f, -103.972f, -103.97208f, -103.9721f, MathF.BitDecrement(-103.97208f),
            -104f, -104.5f, -150f]);
        for (float v = -110f; v <= 95f; v += 1f / 64) x.Add(v); // the ends of the range, densely
        return [.. x];
    }

    /// <summary>|y − exact| in ulps of the float nearest exact (2⁻¹⁴⁹ among the subnormals); an overflowing exact
    /// value wants +∞, a NaN input NaN.</summary>
    private static double UlpsOff(float x, float y, double exact)
    {
        if (float.IsNaN(x)) return float.IsNaN(y) ? 0 : double.PositiveInfinity;
        if (float.IsPositiveInfinity((float)exact)) return float.IsPositiveInfinity(y) ? 0 : double.PositiveInfinity;
        if (!float.IsFinite(y)) return double.PositiveInfinity;
        double ulp = Math.ScaleB(1, Math.Max(Math.ILogB(exact), -126) - 23);
        return Math.Abs(y - exact) / ulp;
    }

    [Fact]
    public void The_float_exponential_is_within_its_documented_ulps_of_double_exp_over_the_whole_float_range()
    {
        var x = Sweep();
        var y = new float[x.Length];

        VectorMath.Exp(x, y);

        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double off = UlpsOff(x[i], y[i], Math.Exp(x[i]));
            if (off > worst) (worst, worstAt) = (off, x[i]);
        }
        worst.Should().BeLessThanOrEqualTo(ExpUlps, $"the worst is exp({worstAt:R})");
        VectorMath.Exp(88.7228394f).Should().Be(float.PositiveInfinity);
        VectorMath.Exp(-103.98f).Should().Be(0f);
        VectorMath.Exp(-103.97f).Should().Be(float.Epsilon);
        VectorMath.Exp(-0f).Should().Be(1f);
    }

    [Fact]
    public void The_float_sigmoid_is_within_its_documented_ulps_of_the_double_sigmoid_and_saturates_at_both_ends()
    {
        var x = Sweep();
        var y = new float[x.Length];

        VectorMath.Sigmoid(x, y);

        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double off = UlpsOff(x[i], y[i], 1.0 / (1.0 + Math.Exp(-(double)x[i])));
            if (off > worst) (worst, worstAt) = (off, x[i]);
        }
        worst.Should().BeLessThanOrEqualTo(SigmoidUlps, $"the worst is sigmoid({worstAt:R})");
        VectorMath.Sigmoid(16.5f).Should().BeLessThan(1f);
        VectorMath.Sigmoid(16.7f).Should().Be(1f);
        VectorMath.Sigmoid(float.PositiveInfinity).Should().Be(1f);
        VectorMath.Sigmoid(float.NegativeInfinity).Should().Be(0f);
        VectorMath.Sigmoid(-105f).Should().Be(0f);
        VectorMath.Sigmoid(-100f).Should().BeApproximately((float)Math.Exp(-100), float.Epsilon, "the subnormals are kept");
        VectorMath.Sigmoid(-0f).Should().Be(0.5f);
        float.IsNaN(VectorMath.Sigmoid(float.NaN)).Should().BeTrue();
    }

    [Fact]
    public void A_float_gets_the_same_exponential_and_sigmoid_in_every_lane_and_every_block_length()
    {
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 88.72283f, 88.7228394f, -87.34f, -103.97f,
            -104f, 0f, -0f, 1e-30f, float.Epsilon, 16.7f, -3.25f];
        // Each value in each of the eight lanes, next to ordinary ones.
        var x = Enumerable.Range(0, 8).SelectMany(lane => special.SelectMany(v => Enumerable.Range(0, 8).Select(l => l == lane ? v : 0.5f))).ToArray();
        var e = new float[x.Length];
        var s = new float[x.Length];
        VectorMath.Exp(x, e);
        VectorMath.Sigmoid(x, s);

        for (int i = 0; i < x.Length; i++)
        {
            e[i].Should().Be(VectorMath.Exp(x[i]), $"exp({x[i]:R}) at {i}");
            s[i].Should().Be(VectorMath.Sigmoid(x[i]), $"sigmoid({x[i]:R}) at {i}");
        }
        // Every block length from 1 to 40, so that each value also meets the two-vector step and every tail.
        for (int length = 1; length <= 40; length++)
        {
            var ys = new float[length];
            var ye = new float[length];
            var xs = x.AsSpan(3, length);
            VectorMath.Sigmoid(xs, ys);
            VectorMath.Exp(xs, ye);
            ys.Should().Equal(s.AsSpan(3, length).ToArray(), $"sigmoid, a block of {length}");
            ye.Should().Equal(e.AsSpan(3, length).ToArray(), $"exp, a block of {length}");
        }
    }

    [Fact]
    public void The_generic_entry_points_give_each_precision_its_own_function()
    {
        double[] xd = [-3.5, 0.25, 12, -800, 1e-9];
        float[] xf = [.. xd.Select(v => (float)v)];
        double[] sd = new double[5], ed = new double[5], gd = new double[5];
        float[] sf = new float[5], gf = new float[5];

        VectorMath.Sigmoid(xd, sd);
        VectorMath.Sigmoid<double>(xd, gd);
        gd.Should().Equal(sd);
        VectorMath.Exp(xd, ed);
        VectorMath.Exp<double>(xd, gd);
        gd.Should().Equal(ed);
        VectorMath.Sigmoid(xf, sf);
        VectorMath.Sigmoid<float>(xf, gf);
        gf.Should().Equal(sf);
        VectorMath.Sigmoid<float>(xf[0]).Should().Be(sf[0]);
        VectorMath.Exp<double>(xd[1]).Should().Be(ed[1]);

        var delta = new float[5];
        VectorMath.SigmoidDelta<float>(sf, xf, delta);
        delta.Should().Equal(sf.Select((o, i) => xf[i] * (o * (1f - o))));
    }
}
