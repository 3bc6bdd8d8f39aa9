using Backprop.Tests.Optimizers.Lbfgs;

namespace Backprop.Tests.Precision;

/// <summary>L-BFGS on a float32 network: its memory and line search in double, every evaluation the float network's
/// own loss and gradients at θ rounded to floats.</summary>
public class FloatLbfgsTests
{
    /// <summary>How close the float run's final f comes to the double run's: the float network computes f and ∇f
    /// to about 1e-7 and 1e-6 of their scale, so its stop at the gradient tolerance lands a few 1e-6 from the double
    /// minimum (3.4e-6 measured on iris with alpha = 1); 1e-5 relative holds that with room.</summary>
    private const double SameMinimum = 1e-5;

    [Fact]
    public void The_objective_of_a_float_network_is_its_own_loss_and_gradient_at_theta_rounded_to_floats()
    {
        var wide = LbfgsFixture.Network(LbfgsFixture.Run("iris").GetProperty("initial"));
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var data = LbfgsFixture.Data(LbfgsFixture.Run("iris"));
        const double lambda = 0.01;
        var objective = NetworkObjective.For(narrow, data.Inputs.ToColumnMajorArray(), data.Targets.ToColumnMajorArray(), data.Count, lambda);
        // θ from the double network: each value rounds to a float on the way in.
        var theta = NetworkObjective.For(wide, data.Inputs.ToColumnMajorArray(), data.Targets.ToColumnMajorArray(), data.Count, lambda).Pack();
        var gradient = new double[theta.Length];

        double f = objective.Evaluate(theta, gradient);

        var gradients = narrow.ComputeGradients(data.Inputs, data.Targets, LossReduction.Mean);
        double squares = narrow.Layers.Sum(l => l.Weights.Enumerate().Sum(w => w * w));
        f.Should().Be(narrow.ComputeLoss(data.Inputs, data.Targets) / data.Count + lambda / 2 * squares);
        objective.Pack().Should().Equal(theta.Select(v => (double)(float)v), "the layers hold θ rounded to floats");
        var layer0 = narrow.Layers[0];
        var expected0 = gradients.Weights[0].ToColumnMajorArray().Zip(layer0.Weights.ToColumnMajorArray(), (g, w) => g + lambda * w);
        gradient.Take(layer0.OutputSize * layer0.InputSize).Should().Equal(expected0);
        narrow.Precision.Should().Be(Backprop.Precision.Float32);
    }

    [Fact]
    public void A_theta_beyond_the_float_range_is_an_infinite_loss_and_changes_nothing()
    {
        var narrow = LbfgsFixture.Network(LbfgsFixture.Run("iris").GetProperty("initial")).ToPrecision(Backprop.Precision.Float32);
        var data = LbfgsFixture.Data(LbfgsFixture.Run("iris"));
        var objective = NetworkObjective.For(narrow, data.Inputs.ToColumnMajorArray(), data.Targets.ToColumnMajorArray(), data.Count, 0);
        var theta = objective.Pack();
        var far = (double[])theta.Clone();
        far[^1] = 1e39;

        objective.Evaluate(far, new double[theta.Length]).Should().Be(double.PositiveInfinity);
        objective.Pack().Should().Equal(theta);
    }

    [Fact]
    public void L_BFGS_trains_a_float_network_to_the_loss_of_the_double_run_within_float_rounding()
    {
        // alpha = 1 (λ = 1/n): a penalty strong enough that the objective has one well-defined minimum.
        var run = LbfgsFixture.Run("iris-alpha-1");
        var data = LbfgsFixture.Data(run);
        var wide = LbfgsFixture.Network(run.GetProperty("initial"));
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var options = new LbfgsOptions { MaxIterations = 500, WeightDecay = 1.0 / data.Count };

        var doubles = new LbfgsTrainer(options).Train(wide, data);
        var floats = new LbfgsTrainer(options).Train(narrow, data);

        narrow.Precision.Should().Be(Backprop.Precision.Float32);
        floats.Losses.Zip(floats.Losses.Skip(1), (a, b) => b <= a).Should().AllBeEquivalentTo(true, "every iteration lowers f");
        floats.Loss.Should().BeApproximately(doubles.Loss, SameMinimum * doubles.Loss, $"double {doubles.Iterations} {doubles.StopReason}, float {floats.Iterations} {floats.StopReason} {floats.Evaluations}");
        double final = narrow.ComputeLoss(data.Inputs, data.Targets) / data.Count;
        final.Should().BeLessThan(floats.Losses[0], "the network keeps the last accepted iterate, rounded to floats");
        var again = LbfgsFixture.Network(run.GetProperty("initial")).ToPrecision(Backprop.Precision.Float32);
        new LbfgsTrainer(options).Train(again, data);
        again.Layers[0].WeightsSingle.ToColumnMajorArray().Should().Equal(narrow.Layers[0].WeightsSingle.ToColumnMajorArray(), "a run is bit-for-bit repeatable");
    }
}
