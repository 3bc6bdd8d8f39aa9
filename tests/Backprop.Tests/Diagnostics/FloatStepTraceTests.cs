using Backprop.Demo.Tour;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

public class FloatStepTraceTests
{
    /// <summary>How far a float32 trace of the blog's step may stray from the float64 one, relative to each value:
    /// inputs, weights and every intermediate rounded to float (2⁻²⁴ each), a few dozen operations deep.</summary>
    private const double FloatTrace = 1e-5;

    [Fact]
    public void The_trace_of_a_float_network_holds_its_float_numbers_within_float_rounding_of_the_double_trace()
    {
        var wide = MazurTour.CreateNetwork();
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var x = Vector<double>.Build.DenseOfArray([0.05, 0.10]);
        var t = Vector<double>.Build.DenseOfArray([0.01, 0.99]);

        var a = StepTrace.Record(wide, x, t, new Sgd(0.5), finiteDifferences: true);
        var b = StepTrace.Record(narrow, x, t, new Sgd(0.5), finiteDifferences: true);

        a.Precision.Should().Be(Backprop.Precision.Float64);
        b.Precision.Should().Be(Backprop.Precision.Float32);
        b.Input.Should().Equal((double)0.05f, (double)0.10f);
        b.Loss.Should().BeApproximately(a.Loss, FloatTrace * a.Loss);
        for (int l = 0; l < 2; l++)
        {
            var (la, lb) = (a.Layers[l], b.Layers[l]);
            for (int j = 0; j < 2; j++)
            {
                lb.Out[j].Should().BeApproximately(la.Out[j], FloatTrace * Math.Abs(la.Out[j]));
                lb.Out[j].Should().Be((float)lb.Out[j], "a float's double");
                lb.Delta[j].Should().BeApproximately(la.Delta[j], FloatTrace * Math.Abs(la.Delta[j]));
                for (int i = 0; i < 2; i++)
                {
                    lb.WeightGradient[j, i].Should().BeApproximately(la.WeightGradient[j, i], FloatTrace * Math.Abs(la.WeightGradient[j, i]));
                    // The float step's differences (h = 1e-2) agree with its backward pass to their round-off: each loss
                    // carries the float outputs' error (~|t − out|·ulp(out) ≈ 4e-8), which the quotient's weights
                    // (18/12) and 1/h turn into ~6e-6.
                    lb.NumericWeightGradient![j, i].Should().BeApproximately(lb.WeightGradient[j, i], 1e-3 * Math.Abs(lb.WeightGradient[j, i]) + 1e-5);
                    lb.WeightsAfter[j, i].Should().Be(narrow.Layers[l].Weights[j, i]);
                }
            }
        }
        narrow.Layers[1].WeightsSingle[0, 0].Should().Be((float)b.Layers[1].WeightsAfter[0, 0]);
        a.Layers[1].WeightsAfter[0, 0].Should().BeApproximately(0.35891648, 1e-8, "the blog's w5⁺");
    }
}
