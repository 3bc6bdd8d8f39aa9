using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// Per-class and per-sample loss weights: each sample's loss term times wₛ, and each update along the gradient of
/// Σₛ wₛ·Eₛ / Σₛ wₛ over its batch.
/// </summary>
public class LossWeightTests
{
    /// <summary>Two overlapping 2-D blobs: <paramref name="first"/> samples of class a, then <paramref name="second"/> of b.</summary>
    private static Dataset Blobs(int first, int second, int seed = 3)
    {
        var r = new Random(seed);
        int n = first + second;
        var x = Matrix<double>.Build.Dense(2, n);
        var t = Matrix<double>.Build.Dense(2, n);
        for (int j = 0; j < n; j++)
        {
            int c = j < first ? 0 : 1;
            x[0, j] = (c == 0 ? -0.4 : 0.4) + (r.NextDouble() - 0.5) * 2;
            x[1, j] = (c == 0 ? 0.4 : -0.4) + (r.NextDouble() - 0.5) * 2;
            t[c, j] = 1;
        }
        return new Dataset(x, t, ["a", "b"]);
    }

    private static Network Small(int seed = 1) =>
        Network.Create(2, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, seed, Loss.CategoricalCrossEntropy);

    private static double[] Weights(Network n) => n.Layers.SelectMany(l => l.Weights.ToColumnMajorArray().Concat(l.Bias)).ToArray();

    private static readonly TrainingOptions Batches = new() { Epochs = 4, BatchSize = 16, Shuffle = true, Seed = 5, ValidationSplit = 0.2 };

    [Fact]
    public void Weights_that_are_all_1_train_bit_for_bit_as_none()
    {
        var data = Blobs(60, 40);
        var plain = Small();
        var ones = Small();
        var classOnes = Small();

        var h0 = new Trainer(new Adam(0.05), Batches).Train(plain, data);
        var h1 = new Trainer(new Adam(0.05), Batches).Train(ones, data.WithSampleWeights(Enumerable.Repeat(1.0, 100).ToArray()));
        var h2 = new Trainer(new Adam(0.05), Batches with { ClassWeights = [1, 1] }).Train(classOnes, data);

        Weights(ones).Should().Equal(Weights(plain));
        Weights(classOnes).Should().Equal(Weights(plain));
        h1.Epochs.Select(e => (e.Loss, e.ValidationLoss, e.TotalWeight)).Should().Equal(h0.Epochs.Select(e => (e.Loss, e.ValidationLoss, e.TotalWeight)));
        h2.Epochs.Select(e => (e.Loss, e.ValidationLoss)).Should().Equal(h0.Epochs.Select(e => (e.Loss, e.ValidationLoss)));
        h0.Epochs[0].TotalWeight.Should().Be(80);
    }

    [Fact]
    public void A_weight_of_2_in_a_full_batch_equals_the_sample_twice()
    {
        var data = Blobs(6, 4);
        var weights = new double[10];
        Array.Fill(weights, 1.0);
        weights[3] = 2;
        weights[7] = 3;
        var repeated = data.Subset([0, 1, 2, 3, 3, 4, 5, 6, 7, 7, 7, 8, 9]);
        var weighted = Small();
        var copies = Small();
        var full = new TrainingOptions { Epochs = 5, BatchSize = TrainingOptions.FullBatch };

        var hw = new Trainer(new Sgd(0.5), full).Train(weighted, data.WithSampleWeights(weights));
        var hc = new Trainer(new Sgd(0.5), full).Train(copies, repeated);

        Weights(weighted).Should().Equal(Weights(copies), (a, b) => Math.Abs(a - b) <= 1e-14 * Math.Max(1, Math.Abs(b)));
        Weights(weighted).Should().NotEqual(Weights(Trained(data, full)), "the weights change the result");
        hw.Epochs.Select(e => e.MeanLoss).Should().Equal(hc.Epochs.Select(e => e.MeanLoss), (a, b) => Math.Abs(a - b) <= 1e-14 * b);
        hw.Epochs[0].TotalWeight.Should().Be(13);
    }

    private static Network Trained(Dataset data, TrainingOptions options)
    {
        var network = Small();
        new Trainer(new Sgd(0.5), options).Train(network, data);
        return network;
    }

    [Fact]
    public void The_weighted_gradient_equals_the_mean_gradient_of_the_repeated_samples()
    {
        var data = Blobs(3, 3);
        var network = Small();

        var g = network.ComputeGradients(data.Inputs, data.Targets, [1, 0, 2, 1, 0.5, 1]);
        var repeated = data.Subset([0, 2, 2, 3, 5]);
        var r = network.ComputeGradients(repeated.Inputs, repeated.Targets, LossReduction.Mean);
        var half = network.ComputeGradients(data.Inputs.SubMatrix(0, 2, 4, 1), data.Targets.SubMatrix(0, 2, 4, 1));

        // Σ w·∇E / Σ w with Σ w = 5.5: the repeated samples' summed gradient plus half of sample 4's, over 5.5.
        for (int l = 0; l < 2; l++)
        {
            var expected = (r.Weights[l] * 5 + half.Weights[l] * 0.5) / 5.5;
            (g.Weights[l] - expected).Enumerate().Should().OnlyContain(d => Math.Abs(d) < 1e-15);
        }
        g.Loss.Should().BeApproximately(r.Loss + 0.5 * half.Loss, 1e-13);
    }

    [Fact]
    public void The_weighted_gradient_passes_a_finite_difference_check()
    {
        var data = Blobs(4, 3);
        double[] w = [0.5, 2, 0, 1, 3, 0.25, 1.5];
        var network = Small(7);
        double total = w.Sum();

        var analytic = network.ComputeGradients(data.Inputs, data.Targets, w);

        double Loss(Network n)
        {
            double sum = 0;
            for (int s = 0; s < w.Length; s++) sum += w[s] * n.ComputeLoss(data.Inputs.Column(s), data.Targets.Column(s));
            return sum / total;
        }
        const double h = 1e-4;
        double worst = 0;
        for (int l = 0; l < 2; l++)
            for (int j = 0; j < network.Layers[l].OutputSize; j++)
                for (int i = 0; i < network.Layers[l].InputSize; i++)
                {
                    double At(double delta)
                    {
                        var copy = network.Clone();
                        var m = copy.Layers[l].Weights.Clone();
                        m[j, i] += delta;
                        copy.Layers[l].SetWeights(m);
                        return Loss(copy);
                    }
                    double numeric = (At(h) - At(-h)) / (2 * h);
                    worst = Math.Max(worst, Math.Abs(numeric - analytic.Weights[l][j, i]) / Math.Max(1e-3, Math.Abs(numeric)));
                }
        worst.Should().BeLessThan(1e-6);
    }

    [Fact]
    public void The_reported_losses_use_the_same_weighting()
    {
        var train = Blobs(5, 3);
        var validation = Blobs(4, 4, seed: 9);
        double[] cw = [0.5, 3];
        var network = Small();
        var start = network.Clone();
        var options = new TrainingOptions { BatchSize = TrainingOptions.FullBatch, ClassWeights = cw };

        var report = new Trainer(new Sgd(0.1), options).Train(network, train, validation).Epochs[0];

        double[] w = train.Labels().Select(c => cw[c]).ToArray();
        var before = start.ComputeGradients(train.Inputs, train.Targets, w);
        report.Loss.Should().Be(before.Loss);
        report.TotalWeight.Should().Be(w.Sum());
        report.MeanLoss.Should().Be(before.Loss / w.Sum());
        double[] vw = validation.Labels().Select(c => cw[c]).ToArray();
        double expected = Enumerable.Range(0, 8).Sum(s => vw[s] * network.ComputeLoss(validation.Inputs.Column(s), validation.Targets.Column(s))) / vw.Sum();
        report.ValidationLoss.Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void Class_weights_equal_the_same_weights_given_per_sample_through_model_fit()
    {
        var data = Blobs(30, 10);
        double[] cw = [0.25, 2];
        var options = new FitOptions { Hidden = [5], Training = new TrainingOptions { Epochs = 5, BatchSize = 8, Shuffle = true, ValidationSplit = 0.25 } };

        var byClass = Model.Fit(data, options with { Training = options.Training with { ClassWeights = cw } }, seed: 4);
        var bySample = Model.Fit(data.WithSampleWeights(data.Labels().Select(c => cw[c]).ToArray()), options, seed: 4);
        var plain = Model.Fit(data, options, seed: 4);

        Weights(bySample.Model.Network).Should().Equal(Weights(byClass.Model.Network));
        bySample.History.Epochs.Select(e => e.ValidationLoss).Should().Equal(byClass.History.Epochs.Select(e => e.ValidationLoss));
        Weights(plain.Model.Network).Should().NotEqual(Weights(byClass.Model.Network));
    }

    [Fact]
    public void Balanced_weights_are_n_over_k_times_the_class_count()
    {
        var data = Blobs(16, 4);

        var weights = ClassWeights.Balanced(data);

        weights.Should().Equal(20.0 / (2 * 16), 20.0 / (2 * 4)); // scikit-learn: compute_class_weight('balanced') = [0.625, 2.5]
        weights.Should().Equal(0.625, 2.5);
        data.Labels().Sum(c => weights[c]).Should().Be(20, "the weights average 1 over the samples");
    }

    [Fact]
    public void Balanced_weights_raise_the_recall_of_a_rare_class()
    {
        var data = Blobs(180, 20);
        var options = new TrainingOptions { Epochs = 30, BatchSize = 20, Shuffle = true, Seed = 2 };

        double RareRecall(TrainingOptions o)
        {
            var network = Small();
            new Trainer(new Adam(0.02), o).Train(network, data);
            var predicted = Classes.Of(network.Predict(data.Inputs).ToColumnMajorArray(), 2, data.Count);
            return (double)Enumerable.Range(180, 20).Count(s => predicted[s] == 1) / 20;
        }

        double plain = RareRecall(options), balanced = RareRecall(options with { ClassWeights = ClassWeights.Balanced(data) });

        balanced.Should().BeGreaterThan(plain + 0.2);
        balanced.Should().BeGreaterThanOrEqualTo(0.7);
    }

    [Fact]
    public void A_weight_of_0_leaves_a_sample_out_and_a_batch_of_zeros_makes_no_update()
    {
        var data = Blobs(6, 4);
        double[] w = [1, 0, 1, 1, 1, 1, 0, 1, 1, 1];
        var weighted = Small();
        var without = Small();

        var history = new Trainer(new Sgd(0.3), new TrainingOptions { Epochs = 3 }).Train(weighted, data.WithSampleWeights(w));
        new Trainer(new Sgd(0.3), new TrainingOptions { Epochs = 3 }).Train(without, data.Subset([0, 2, 3, 4, 5, 7, 8, 9]));

        Weights(weighted).Should().Equal(Weights(without));
        history.Epochs.Should().OnlyContain(e => e.Updates == 8 && e.Samples == 10 && e.TotalWeight == 8);
    }

    [Fact]
    public void Class_weights_that_do_not_fit_the_data_are_rejected_before_training()
    {
        var data = Blobs(6, 4);
        var network = Small();
        var before = Weights(network);
        var regression = new Dataset(data.Inputs, data.Targets);

        var wrongCount = () => new Trainer(new Sgd(0.1), new TrainingOptions { ClassWeights = [1, 2, 3] }).Train(network, data);
        var onRegression = () => new Trainer(new Sgd(0.1), new TrainingOptions { ClassWeights = [1, 2] }).Train(network, regression);
        var onMatrices = () => new Trainer(new Sgd(0.1), new TrainingOptions { ClassWeights = [1, 2] }).Train(network, data.Inputs, data.Targets);
        var allZero = () => new Trainer(new Sgd(0.1), new TrainingOptions { ClassWeights = [0, 1] }).Train(network, Blobs(6, 0));

        wrongCount.Should().Throw<ArgumentException>().WithMessage("*ClassWeights has 3 weights but training has 2 classes (a, b)*");
        onRegression.Should().Throw<ArgumentException>().WithMessage("*regression*WithSampleWeights*");
        onMatrices.Should().Throw<ArgumentException>().WithMessage("*Dataset with class names*");
        allZero.Should().Throw<ArgumentException>().WithMessage("Every sample of training has weight 0*");
        Weights(network).Should().Equal(before);
    }

    [Fact]
    public void Class_weights_out_of_range_are_rejected_by_index()
    {
        ((Action)(() => _ = new TrainingOptions { ClassWeights = [1, -0.5] })).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "ClassWeights" && e.Message.Contains("ClassWeights[1] is -0.5"));
        ((Action)(() => _ = new TrainingOptions { ClassWeights = [double.PositiveInfinity, 1] })).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.Message.Contains("ClassWeights[0]"));
        ((Action)(() => _ = new TrainingOptions { ClassWeights = [0, 0] })).Should().Throw<ArgumentException>().WithMessage("ClassWeights are all 0*");
        ((Action)(() => _ = new TrainingOptions { ClassWeights = [] })).Should().Throw<ArgumentException>().WithMessage("ClassWeights is empty*");
        ((Action)(() => ClassWeights.Balanced(Blobs(5, 0)))).Should().Throw<ArgumentException>().WithMessage("Class 1 ('b') has no sample*");
    }
}
