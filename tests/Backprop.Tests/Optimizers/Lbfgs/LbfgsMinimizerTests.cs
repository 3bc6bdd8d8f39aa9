using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers.Lbfgs;

/// <summary>The minimizer on functions of a plain vector: scipy's L-BFGS-B on Rosenbrock's function step for step, a
/// convex quadratic, the two-loop recursion against the BFGS matrix it stands for, and every way a run ends.</summary>
public class LbfgsMinimizerTests
{
    /// <summary>scipy.optimize.minimize(method="L-BFGS-B")'s defaults but for maxiter, which is unbounded there.</summary>
    private static readonly LbfgsOptions Scipy = new() { GradientTolerance = 1e-5, MaxIterations = 15000 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Rosenbrock_takes_the_iterations_and_evaluations_of_scipys_L_BFGS_B_and_ends_where_it_ends(int index)
    {
        var c = LbfgsFixture.Get("rosenbrock")[index];
        var x = LbfgsFixture.Doubles(c.GetProperty("x0"));
        var expected = LbfgsFixture.Doubles(c.GetProperty("x"));

        var result = LbfgsMinimizer.Minimize(new Rosenbrock(), x, Scipy);

        result.Iterations.Should().Be(c.GetProperty("nit").GetInt32());
        result.Evaluations.Should().Be(c.GetProperty("nfev").GetInt32());
        result.StopReason.Should().Be(LbfgsStopReason.RelativeReduction, c.GetProperty("message").GetString());
        result.Loss.Should().BeApproximately(c.GetProperty("fun").GetDouble(), 1e-15);
        for (int i = 0; i < x.Length; i++) x[i].Should().BeApproximately(expected[i], 1e-9).And.BeApproximately(1, 1e-5);
    }

    [Fact]
    public void A_convex_quadratic_converges_to_the_solution_of_its_linear_system()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 1, 0, 0 }, { 1, 3, 1, 0 }, { 0, 1, 2, 0.5 }, { 0, 0, 0.5, 1 } });
        var b = Vector<double>.Build.DenseOfArray([1, 2, 3, 4]);
        var solution = a.Solve(b);
        var x = new double[4];

        var result = LbfgsMinimizer.Minimize(new Quadratic(a, b), x, new LbfgsOptions { GradientTolerance = 1e-9, RelativeReductionTolerance = 0 });

        result.StopReason.Should().Be(LbfgsStopReason.GradientTolerance);
        result.GradientNorm.Should().BeLessThanOrEqualTo(1e-9);
        for (int i = 0; i < 4; i++) x[i].Should().BeApproximately(solution[i], 3e-9, "‖x − x*‖₂ ≤ ‖∇f‖₂ / λmin(A) ≤ 2·1e-9 / 0.69");
        result.Losses.Should().BeInDescendingOrder("every accepted step lowers f");
        result.Iterations.Should().BeLessThan(20);
    }

    [Fact]
    public void The_two_loop_recursion_applies_the_inverse_BFGS_matrix_of_its_pairs()
    {
        // H₀ = γI with γ = sᵀy/yᵀy of the newest pair, then H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ for each pair in turn.
        var random = new Random(5);
        const int n = 6, pairs = 4;
        var memory = new LbfgsMemory(pairs, n);
        var s = new List<Vector<double>>();
        var y = new List<Vector<double>>();
        var spd = Matrix<double>.Build.Random(n, n, 7);
        spd = spd * spd.Transpose() + Matrix<double>.Build.DenseIdentity(n);
        for (int k = 0; k < pairs + 2; k++)
        {
            var d = Vector<double>.Build.Dense(n, _ => random.NextDouble() - 0.5);
            var g0 = Vector<double>.Build.Dense(n, _ => random.NextDouble());
            var g1 = g0 + spd * (0.7 * d);        // y = A s for s = 0.7 d: positive curvature
            memory.TryPush(0.7, d.ToArray(), g1.ToArray(), g0.ToArray(), 0).Should().BeTrue();
            s.Add(0.7 * d);
            y.Add(g1 - g0);
        }
        var kept = Enumerable.Range(pairs + 2 - pairs, pairs).ToArray();    // the oldest two were dropped
        double gamma = s[^1].DotProduct(y[^1]) / y[^1].DotProduct(y[^1]);
        var h = gamma * Matrix<double>.Build.DenseIdentity(n);
        var identity = Matrix<double>.Build.DenseIdentity(n);
        foreach (int k in kept)
        {
            double rho = 1 / s[k].DotProduct(y[k]);
            h = (identity - rho * s[k].OuterProduct(y[k])) * h * (identity - rho * y[k].OuterProduct(s[k])) + rho * s[k].OuterProduct(s[k]);
        }
        var gradient = Vector<double>.Build.Dense(n, i => i - 2.5);
        var direction = new double[n];

        memory.Direction(gradient.ToArray(), direction);

        var expected = -(h * gradient);
        memory.Count.Should().Be(pairs);
        memory.Gamma.Should().BeApproximately(gamma, 1e-15 * gamma);
        for (int i = 0; i < n; i++) direction[i].Should().BeApproximately(expected[i], 1e-12 * expected.AbsoluteMaximum());
    }

    [Fact]
    public void A_pair_without_positive_curvature_is_left_out()
    {
        var memory = new LbfgsMemory(3, 2);

        memory.TryPush(1, [1, 0], [-1, 5], [1, 5], 0).Should().BeFalse("sᵀy = −2");
        memory.TryPush(1, [1, 0], [2, 5], [1, 5], 1).Should().BeFalse("sᵀy = 1 is not above the threshold 1");

        memory.Count.Should().Be(0);
        memory.Gamma.Should().Be(1);
    }

    [Fact]
    public void The_iteration_limit_stops_a_run_that_has_not_converged()
    {
        var x = new[] { -1.2, 1.0 };

        var result = LbfgsMinimizer.Minimize(new Rosenbrock(), x, Scipy with { MaxIterations = 5 });

        result.StopReason.Should().Be(LbfgsStopReason.MaxIterations);
        result.Iterations.Should().Be(5);
        result.Losses.Should().HaveCount(6);
    }

    [Fact]
    public void The_evaluation_limit_stops_after_the_iteration_that_passes_it()
    {
        var x = new[] { -1.2, 1.0 };

        var result = LbfgsMinimizer.Minimize(new Rosenbrock(), x, Scipy with { MaxEvaluations = 10 });

        result.StopReason.Should().Be(LbfgsStopReason.MaxEvaluations);
        result.Evaluations.Should().BeGreaterThan(10);
        var shorter = LbfgsMinimizer.Minimize(new Rosenbrock(), [-1.2, 1.0], Scipy with { MaxIterations = result.Iterations - 1 });
        shorter.Evaluations.Should().BeLessThanOrEqualTo(10, "the run stops at the first iteration that ends past the limit");
    }

    [Fact]
    public void A_start_that_already_meets_the_gradient_tolerance_takes_no_iteration()
    {
        var x = new[] { 1.0, 1.0 };

        var result = LbfgsMinimizer.Minimize(new Rosenbrock(), x, Scipy);

        result.StopReason.Should().Be(LbfgsStopReason.GradientTolerance);
        (result.Iterations, result.Evaluations).Should().Be((0, 1));
        result.Losses.Should().Equal(0.0);
    }

    [Fact]
    public void A_gradient_that_does_not_fit_the_function_ends_in_a_failed_line_search_at_the_start()
    {
        // f = x² but the "gradient" says f falls to the right: no step along it lowers f.
        var x = new[] { 1.0 };

        var result = LbfgsMinimizer.Minimize(new Lying(), x, new LbfgsOptions());

        result.StopReason.Should().Be(LbfgsStopReason.LineSearchFailed);
        result.Iterations.Should().Be(0);
        result.Evaluations.Should().Be(1 + 20, "the start, then the 20 evaluations one search may make");
        x.Should().Equal(1.0);
    }

    [Fact]
    public void A_non_finite_loss_in_a_later_line_search_throws_and_leaves_the_last_accepted_point()
    {
        // f = (x − 10)² is NaN beyond x = 5: the first step goes to x = 1, the second search tries the minimum x = 10.
        var x = new[] { 0.0 };

        var act = () => LbfgsMinimizer.Minimize(new Cliff(), x, new LbfgsOptions());

        act.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged in L-BFGS iteration 2 (evaluation 3): the loss is NaN. The network keeps the weights after iteration 1, the last accepted; scale the inputs.");
        x.Should().Equal(1.0);
    }

    [Fact]
    public void Cancellation_stops_between_iterations_with_the_run_so_far()
    {
        var x = new[] { -1.2, 1.0 };
        using var cancel = new CancellationTokenSource();
        var reports = new List<LbfgsIteration>();
        var progress = new Inline<LbfgsIteration>(r =>
        {
            reports.Add(r);
            if (r.Iteration == 3) cancel.Cancel();
        });

        var act = () => LbfgsMinimizer.Minimize(new Rosenbrock(), x, Scipy, progress, cancel.Token);

        var thrown = act.Should().Throw<LbfgsCanceledException>().Which;
        thrown.Result.StopReason.Should().Be(LbfgsStopReason.Canceled);
        thrown.Result.Iterations.Should().Be(3);
        double start = new Rosenbrock().Evaluate([-1.2, 1.0], new double[2]);
        thrown.Result.Losses.Should().Equal(new[] { start }.Concat(reports.Select(r => r.Loss)));
        thrown.CancellationToken.Should().Be(cancel.Token);
        var again = new[] { -1.2, 1.0 };
        LbfgsMinimizer.Minimize(new Rosenbrock(), again, Scipy with { MaxIterations = 3 });
        x.Should().Equal(again, "the point after iteration 3");
    }

    /// <summary>f = Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², as scipy.optimize.rosen.</summary>
    private sealed class Rosenbrock : ILbfgsObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double f = 0;
            gradient.Clear();
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
                f += 100 * a * a + b * b;
                gradient[i] += -400 * x[i] * a - 2 * b;
                gradient[i + 1] += 200 * a;
            }
            return f;
        }

        public string Name(int index) => $"x[{index}]";
    }

    /// <summary>f = ½xᵀAx − bᵀx, ∇f = Ax − b.</summary>
    private sealed class Quadratic(Matrix<double> a, Vector<double> b) : ILbfgsObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            var v = Vector<double>.Build.DenseOfArray(x.ToArray());
            var ax = a * v;
            (ax - b).AsArray().CopyTo(gradient);
            return 0.5 * v.DotProduct(ax) - b.DotProduct(v);
        }

        public string Name(int index) => $"x[{index}]";
    }

    private sealed class Lying : ILbfgsObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = -1;
            return x[0] * x[0];
        }

        public string Name(int index) => "x";
    }

    private sealed class Cliff : ILbfgsObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = 2 * (x[0] - 10);
            return x[0] > 5 ? double.NaN : (x[0] - 10) * (x[0] - 10);
        }

        public string Name(int index) => "x";
    }

    /// <summary>An <see cref="IProgress{T}"/> that runs its action at once, on the reporting thread.</summary>
    private sealed class Inline<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
