using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers.Lbfgs;

/// <summary>The network's full-batch objective and <see cref="LbfgsTrainer"/>: the value and gradient with the L2
/// term, which parameters it moves, its checks, divergence, cancellation and determinism.</summary>
public class LbfgsTrainerTests
{
    /// <summary>Central differences with this step agree with the exact gradient to about h² ≈ 1e-12 plus rounding
    /// of f/h ≈ 1e-10.</summary>
    private const double DifferenceStep = 1e-5, GradientAgreement = 1e-8;

    /// <summary>A 3-4-3 network: a tanh layer whose bias is frozen, then a trainable softmax, and five samples.</summary>
    private static (Network Network, Matrix<double> X, Matrix<double> T) Small()
    {
        var network = new Network(
            [
                new DenseLayer(new[,] { { 0.2, -0.5, 0.1 }, { 0.7, 0.3, -0.2 }, { -0.4, 0.6, 0.5 }, { 0.1, -0.1, 0.9 } },
                    [0.1, -0.2, 0.05, 0.3], Activation.Tanh, BiasMode.Frozen),
                new DenseLayer(new[,] { { 0.5, -0.3, 0.2, 0.8 }, { -0.6, 0.4, 0.1, -0.2 }, { 0.3, 0.3, -0.7, 0.1 } },
                    [0.05, -0.1, 0.02], Activation.Softmax),
            ],
            Loss.CategoricalCrossEntropy);
        var x = Matrix<double>.Build.DenseOfArray(new[,]
        {
            { 0.5, -1.0, 1.5, 0.3, -0.7 },
            { 1.2, 0.4, -0.3, -0.9, 0.8 },
            { -0.6, 0.9, 0.2, 1.1, -1.4 },
        });
        var t = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 0, 1, 0 }, { 0, 1, 0, 0, 0 }, { 0, 0, 1, 0, 1 } });
        return (network, x, t);
    }

    private static INetworkObjective Objective(Network network, Matrix<double> x, Matrix<double> t, double weightDecay) =>
        NetworkObjective.For(network, x.ToColumnMajorArray(), t.ToColumnMajorArray(), x.ColumnCount, weightDecay);

    [Fact]
    public void The_objective_is_the_mean_loss_plus_half_lambda_times_the_squared_weights()
    {
        var (network, x, t) = Small();
        const double lambda = 0.3;
        double squares = network.Layers.Sum(l => l.Weights.Enumerate().Sum(w => w * w));
        double expected = network.ComputeLoss(x, t) / 5 + lambda / 2 * squares;
        var objective = Objective(network, x, t, lambda);

        double f = objective.Evaluate(objective.Pack(), new double[objective.Dimension]);

        f.Should().BeApproximately(expected, 1e-15 * expected);
        objective.Dimension.Should().Be(network.ParameterCount).And.Be(12 + 12 + 3, "the frozen bias is no parameter");
    }

    [Fact]
    public void The_gradient_with_the_L2_term_passes_a_central_difference_check()
    {
        var (network, x, t) = Small();
        var objective = Objective(network, x, t, 0.3);
        var theta = objective.Pack();
        var gradient = new double[theta.Length];
        objective.Evaluate(theta, gradient);
        var scratch = new double[theta.Length];

        for (int i = 0; i < theta.Length; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += DifferenceStep;
            minus[i] -= DifferenceStep;
            double numeric = (objective.Evaluate(plus, scratch) - objective.Evaluate(minus, scratch)) / (2 * DifferenceStep);
            gradient[i].Should().BeApproximately(numeric, GradientAgreement, objective.Name(i));
        }
    }

    [Fact]
    public void Parameters_are_named_as_the_layers_name_them_skipping_biases_that_do_not_train()
    {
        var (network, x, t) = Small();
        var objective = Objective(network, x, t, 0);

        objective.Name(0).Should().Be("layers[0].Weights[0, 0]");
        objective.Name(5).Should().Be("layers[0].Weights[1, 1]", "W is column-major");
        objective.Name(12).Should().Be("layers[1].Weights[0, 0]");
        objective.Name(26).Should().Be("layers[1].Bias[2]");
    }

    [Fact]
    public void Training_lowers_the_loss_moves_the_weights_and_trainable_biases_and_leaves_a_frozen_bias_alone()
    {
        var (network, x, t) = Small();
        var frozen = network.Layers[0].Bias.ToArray();
        var before = network.Layers[1].Bias.ToArray();

        var result = new LbfgsTrainer(new LbfgsOptions { WeightDecay = 0.01 }).Train(network, x, t);

        result.StopReason.Should().Be(LbfgsStopReason.GradientTolerance);
        result.GradientNorm.Should().BeLessThanOrEqualTo(1e-4);
        result.Losses.Should().HaveCount(result.Iterations + 1).And.BeInDescendingOrder();
        network.Layers[0].Bias.ToArray().Should().Equal(frozen);
        network.Layers[1].Bias.ToArray().Should().NotEqual(before);
        var objective = Objective(network, x, t, 0.01);
        objective.Evaluate(objective.Pack(), new double[objective.Dimension]).Should().Be(result.Loss, "the network holds the final iterate");
    }

    [Fact]
    public void A_sample_weight_of_two_counts_as_two_copies_of_the_sample()
    {
        var (network, x, t) = Small();
        var weighted = new Dataset(x, t).WithSampleWeights([2, 1, 1, 1, 1]);
        var copies = new Dataset(x.Append(x.SubMatrix(0, 3, 0, 1)), t.Append(t.SubMatrix(0, 3, 0, 1)));
        var (a, b) = (network.Clone(), network.Clone());
        var trainer = new LbfgsTrainer(new LbfgsOptions { WeightDecay = 0.01 });

        var ra = trainer.Train(a, weighted);
        var rb = trainer.Train(b, copies);

        ra.Losses[0].Should().BeApproximately(rb.Losses[0], 1e-15 * rb.Losses[0], "Σ wE / Σ w over 5 samples is the mean over 6");
        ra.Loss.Should().BeApproximately(rb.Loss, 1e-9 * rb.Loss);
        ra.Losses[0].Should().NotBe(trainer.Train(network.Clone(), new Dataset(x, t)).Losses[0], "the weights count");
    }

    [Fact]
    public void Progress_reports_each_iteration_as_it_ends()
    {
        var (network, x, t) = Small();
        var reports = new List<LbfgsIteration>();

        var result = new LbfgsTrainer().Train(network, x, t, new Inline<LbfgsIteration>(reports.Add));

        reports.Select(r => r.Iteration).Should().Equal(Enumerable.Range(1, result.Iterations));
        reports.Select(r => r.Loss).Should().Equal(result.Losses.Skip(1));
        reports[^1].Evaluations.Should().Be(result.Evaluations);
        reports[^1].GradientNorm.Should().Be(result.GradientNorm);
        reports.Should().OnlyContain(r => r.Step > 0);
    }

    [Fact]
    public void No_gradients_are_left_waiting_for_an_optimizers_update()
    {
        var (network, x, t) = Small();
        new LbfgsTrainer().Train(network, x, t);

        var act = () => new Sgd(0.1).Step(network);

        act.Should().Throw<InvalidOperationException>().WithMessage("No gradients wait for an update*");
    }

    [Fact]
    public void Two_runs_from_the_same_weights_end_bit_for_bit_alike()
    {
        var (a, x, t) = Small();
        var b = a.Clone();

        var ra = new LbfgsTrainer().Train(a, x, t);
        var rb = new LbfgsTrainer().Train(b, x, t);

        LbfgsFixture.Parameters(b).Should().Equal(LbfgsFixture.Parameters(a));
        rb.Losses.Should().Equal(ra.Losses);
    }

    [Fact]
    public void Large_products_split_across_threads_give_the_weights_of_one_thread_bit_for_bit()
    {
        // 64 × 128 × 1024 = 8.4 million multiply-adds per product, above Parallelism.MinimumWork: the passes split.
        var random = new Random(11);
        const int features = 128, hidden = 64, classes = 4, samples = 1024;
        var x = Matrix<double>.Build.Dense(features, samples, (_, _) => random.NextDouble() * 2 - 1);
        var t = Matrix<double>.Build.Dense(classes, samples, (i, j) => i == j % classes ? 1 : 0);
        var network = Network.Create(features, [new LayerDefinition(hidden, Activation.Tanh), new LayerDefinition(classes, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, seed: 3, Loss.CategoricalCrossEntropy);
        var trainer = new LbfgsTrainer(new LbfgsOptions { MaxIterations = 3 });
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = network.Clone();
            var r1 = trainer.Train(one, x, t);
            Parallelism.MaxThreads = 2;
            var two = network.Clone();
            var r2 = trainer.Train(two, x, t);

            LbfgsFixture.Parameters(two).Should().Equal(LbfgsFixture.Parameters(one));
            r2.Losses.Should().Equal(r1.Losses);
            r1.Iterations.Should().Be(3);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void A_loss_that_overflows_at_the_start_throws_and_changes_nothing()
    {
        var network = new Network([new DenseLayer(new[,] { { 1.0 } }, null, Activation.Identity, BiasMode.None)], Loss.HalfSquaredError);
        var before = LbfgsFixture.Parameters(network);

        var act = () => new LbfgsTrainer().Train(network, LbfgsFixture.Column(1e200), LbfgsFixture.Column(0));

        act.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged at the starting weights: the loss is +∞. No weight was changed; scale the inputs.");
        LbfgsFixture.Parameters(network).Should().Equal(before);
        network.EnsureFinite();
    }

    [Fact]
    public void A_slope_that_overflows_in_the_line_search_throws_with_the_weights_put_back()
    {
        // E = ½(w·1e150)²: the first trial moves w from 1e-150 to about −1, where ∂f/∂w·d = (−1e300)·(−1e150) = +∞.
        var network = new Network([new DenseLayer(new[,] { { 1e-150 } }, null, Activation.Identity, BiasMode.None)], Loss.HalfSquaredError);

        var act = () => new LbfgsTrainer().Train(network, LbfgsFixture.Column(1e150), LbfgsFixture.Column(0));

        act.Should().Throw<TrainingDivergedException>().WithMessage(
            "Training diverged in L-BFGS iteration 1 (evaluation 2): the slope ∇fᵀd along the search direction is +∞. The network keeps the weights after iteration 0, the last accepted; scale the inputs.");
        network.Layers[0].Weights[0, 0].Should().Be(1e-150, "the trial weight was put back exactly");
        network.EnsureFinite();
    }

    [Fact]
    public void Cancellation_stops_between_iterations_and_keeps_the_weights_reached()
    {
        var (network, x, t) = Small();
        var reference = network.Clone();
        using var cancel = new CancellationTokenSource();
        var progress = new Inline<LbfgsIteration>(r =>
        {
            if (r.Iteration == 2) cancel.Cancel();
        });

        var act = () => new LbfgsTrainer().Train(network, x, t, progress, cancel.Token);

        act.Should().Throw<LbfgsCanceledException>().Which.Result.Iterations.Should().Be(2);
        new LbfgsTrainer(new LbfgsOptions { MaxIterations = 2 }).Train(reference, x, t);
        LbfgsFixture.Parameters(network).Should().Equal(LbfgsFixture.Parameters(reference));
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_refused_before_anything_is_trained()
    {
        var (network, x, t) = Small();
        var before = LbfgsFixture.Parameters(network);

        var wide = () => new LbfgsTrainer().Train(network, Matrix<double>.Build.Dense(4, 5), t);
        var shortTargets = () => new LbfgsTrainer().Train(network, x, Matrix<double>.Build.Dense(3, 4));

        wide.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("inputs is 4×5 but the network takes 3 inputs*");
        shortTargets.Should().Throw<ArgumentException>().WithParameterName("targets");
        LbfgsFixture.Parameters(network).Should().Equal(before);
    }

    [Fact]
    public void A_network_with_dropout_is_refused_since_its_objective_would_change_under_the_line_search()
    {
        var network = new Network([new DenseLayer(new[,] { { 0.5, -0.2 }, { 0.1, 0.3 } }, null, Activation.Tanh) { Dropout = 0.25 },
            new DenseLayer(new[,] { { 0.4, 0.6 } }, null, Activation.Identity)], Loss.HalfSquaredError);

        var act = () => new LbfgsTrainer().Train(network, Matrix<double>.Build.Dense(2, 3, 1), Matrix<double>.Build.Dense(1, 3));

        act.Should().Throw<ArgumentException>().WithParameterName("network")
            .WithMessage("layers[0] has dropout 0.25, but L-BFGS needs one fixed objective*");
    }

    public static TheoryData<string, Func<LbfgsOptions>> BadSettings() => new()
    {
        { nameof(LbfgsOptions.MaxIterations), () => new LbfgsOptions { MaxIterations = 0 } },
        { nameof(LbfgsOptions.MaxEvaluations), () => new LbfgsOptions { MaxEvaluations = 0 } },
        { nameof(LbfgsOptions.HistorySize), () => new LbfgsOptions { HistorySize = 0 } },
        { nameof(LbfgsOptions.MaxLineSearchEvaluations), () => new LbfgsOptions { MaxLineSearchEvaluations = 0 } },
        { nameof(LbfgsOptions.GradientTolerance), () => new LbfgsOptions { GradientTolerance = -1e-4 } },
        { nameof(LbfgsOptions.GradientTolerance), () => new LbfgsOptions { GradientTolerance = double.NaN } },
        { nameof(LbfgsOptions.RelativeReductionTolerance), () => new LbfgsOptions { RelativeReductionTolerance = double.PositiveInfinity } },
        { nameof(LbfgsOptions.WeightDecay), () => new LbfgsOptions { WeightDecay = -0.1 } },
        { nameof(LbfgsOptions.SufficientDecrease), () => new LbfgsOptions { SufficientDecrease = 0 } },
        { nameof(LbfgsOptions.Curvature), () => new LbfgsOptions { Curvature = 1 } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_out_of_range_is_refused_naming_it(string name, Func<LbfgsOptions> make)
    {
        make.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name).WithMessage($"{name} must*");
    }

    [Fact]
    public void A_curvature_constant_not_above_the_sufficient_decrease_constant_is_refused_naming_both()
    {
        var act = () => new LbfgsTrainer(new LbfgsOptions { SufficientDecrease = 0.5, Curvature = 0.4 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(LbfgsOptions.Curvature))
            .WithMessage("Curvature (c₂) must be above SufficientDecrease (c₁ = 0.5)*got 0.4.*");
    }

    [Fact]
    public void The_defaults_are_scikit_learns()
    {
        var o = new LbfgsOptions();

        (o.MaxIterations, o.MaxEvaluations, o.HistorySize, o.MaxLineSearchEvaluations).Should().Be((200, 15000, 10, 20));
        (o.GradientTolerance, o.RelativeReductionTolerance, o.WeightDecay).Should().Be((1e-4, 2.220446049250313e-9, 0.0));
        (o.SufficientDecrease, o.Curvature).Should().Be((1e-3, 0.9));
    }

    private sealed class Inline<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
