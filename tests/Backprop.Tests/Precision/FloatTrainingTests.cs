using Backprop.Tests.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Precision;

public class FloatTrainingTests
{
    private static readonly LayerDefinition[] IrisLayers = [new LayerDefinition(8, Activation.Tanh), new LayerDefinition(3, Activation.Softmax)];

    [Fact]
    public void Iris_trained_in_float32_and_float64_from_one_seed_reaches_the_same_test_accuracy()
    {
        var (train, test) = DataSplit.TrainTest(ModelTests.Iris(), 0.2, new Random(1));
        var scaler = StandardScaler.Fit(train.Inputs);
        var (x, xTest) = (scaler.Transform(train.Inputs), scaler.Transform(test.Inputs));
        var trainer = new Trainer(new Adam(0.01), new TrainingOptions { Epochs = 40, BatchSize = 8, Shuffle = true, Seed = 1 });

        int Correct(Backprop.Precision precision)
        {
            var network = Network.Create(4, IrisLayers, ScaledInitializer.GlorotUniform, seed: 1, Loss.CategoricalCrossEntropy, precision);
            trainer.Train(network, x, train.Targets);
            var predicted = Classes.Of(network.Predict(xTest).ToColumnMajorArray(), 3, test.Count);
            return predicted.Zip(test.Labels()).Count(p => p.First == p.Second);
        }

        int wide = Correct(Backprop.Precision.Float64), narrow = Correct(Backprop.Precision.Float32);

        wide.Should().BeGreaterThanOrEqualTo(27, "of the 30 test samples");
        narrow.Should().BeInRange(wide - 1, wide + 1, "float32 follows the float64 run to within one test sample");
    }

    [Fact]
    public void Float_matrices_train_a_float_network_as_the_same_values_in_doubles_do()
    {
        var (x, t) = Xor();
        var first = Network.Create(2, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(1, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 6, Loss.BinaryCrossEntropy, Backprop.Precision.Float32);
        var second = first.Clone();
        var trainer = new Trainer(new Adam(0.05), new TrainingOptions { Epochs = 20, BatchSize = 2, Shuffle = true, Seed = 4 });

        var fromDoubles = trainer.Train(first, x, t);
        var fromFloats = trainer.Train(second, x.Map(v => (float)v), t.Map(v => (float)v));

        fromFloats.Losses.Should().Equal(fromDoubles.Losses);
        second.Layers[0].WeightsSingle.ToColumnMajorArray().Should().Equal(first.Layers[0].WeightsSingle.ToColumnMajorArray());
    }

    [Fact]
    public void TrainStep_of_float_matrices_is_bit_for_bit_the_step_of_the_same_values_in_doubles()
    {
        var (x, t) = Xor();
        var first = Network.Create(2, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(1, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 6, Loss.BinaryCrossEntropy, Backprop.Precision.Float32);
        var second = first.Clone();
        var adam = new Adam(0.05);

        for (int i = 0; i < 5; i++)
        {
            double a = first.TrainStep(x, t, adam, LossReduction.Mean);
            double b = second.TrainStep(x.Map(v => (float)v), t.Map(v => (float)v), adam, LossReduction.Mean);
            b.Should().Be(a);
        }
        second.Layers[0].WeightsSingle.ToColumnMajorArray().Should().Equal(first.Layers[0].WeightsSingle.ToColumnMajorArray());
    }

    [Fact]
    public void Float_training_with_validation_data_and_early_stopping_restores_the_best_float_weights()
    {
        var (train, test) = DataSplit.TrainTest(ModelTests.Iris(), 0.3, new Random(2));
        var scaler = StandardScaler.Fit(train.Inputs);
        var network = Network.Create(4, IrisLayers, ScaledInitializer.GlorotUniform, seed: 2, Loss.CategoricalCrossEntropy, Backprop.Precision.Float32);
        var trainer = new Trainer(new Sgd(0.5), new TrainingOptions
        {
            Epochs = 60, BatchSize = 4, Seed = 2, EarlyStopping = new EarlyStopping { Patience = 3, RestoreBestWeights = true },
        });

        var history = trainer.Train(network, train.WithInputs(scaler.Transform(train.Inputs)), test.WithInputs(scaler.Transform(test.Inputs)));

        var best = history.Epochs[history.BestEpoch!.Value].ValidationLoss!.Value;
        double after = network.ComputeLoss(scaler.Transform(test.Inputs), test.Targets) / test.Count;
        after.Should().Be(best, "the restored float weights give the best epoch's validation loss exactly");
        network.Precision.Should().Be(Backprop.Precision.Float32);
    }

    [Fact]
    public void Float_training_gives_bit_identical_weights_with_one_and_two_workers()
    {
        // 256 × 64 × 128 = 2.1 million multiply-adds per product, 4.2 million flop: above Parallelism.MinimumWork.
        var random = new Random(11);
        const int features = 64, hidden = 256, classes = 4, samples = 256;
        var x = Matrix<double>.Build.Dense(features, samples, (_, _) => random.NextDouble() * 2 - 1);
        var t = Matrix<double>.Build.Dense(classes, samples, (i, j) => i == j % classes ? 1 : 0);
        var network = Network.Create(features, [new LayerDefinition(hidden, Activation.ReLU), new LayerDefinition(classes, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, seed: 3, Loss.CategoricalCrossEntropy, Backprop.Precision.Float32);
        var trainer = new Trainer(new Adam(0.001), new TrainingOptions { Epochs = 2, BatchSize = 128, Shuffle = true, Seed = 5 });
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = network.Clone();
            var h1 = trainer.Train(one, x, t);
            Parallelism.MaxThreads = 2;
            var two = network.Clone();
            var h2 = trainer.Train(two, x, t);

            for (int l = 0; l < 2; l++)
            {
                two.Layers[l].WeightsSingle.ToColumnMajorArray().Should().Equal(one.Layers[l].WeightsSingle.ToColumnMajorArray());
                two.Layers[l].BiasSingle.ToArray().Should().Equal(one.Layers[l].BiasSingle.ToArray());
            }
            h2.Losses.Should().Equal(h1.Losses);
            one.Layers[0].WeightsSingle.ToColumnMajorArray().Should().NotEqual(network.Layers[0].WeightsSingle.ToColumnMajorArray(), "training moved them");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    /// <summary>How far, relative to the largest weight, a float network's weights may drift from the double
    /// network's in 30 updates: each update rounds to float (2⁻²⁴ ≈ 6e-8 relative), and the runs measured stay
    /// within 1e-6; a rule that differs by 1 % between the precisions moves them by 1e-3.</summary>
    private const double FollowTolerance = 1e-5;

    public static TheoryData<string> Optimizers() => ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-centered", "adam", "adamw", "nadam", "rprop"];

    private static Optimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(0.1, weightDecay: 1e-3) { L1 = 1e-4, Clipping = new GradientClipping { Norm = 1 } },
        "momentum" => new Momentum(0.05),
        "nesterov" => new Momentum(0.05, nesterov: true),
        "adagrad" => new AdaGrad(0.1),
        "rmsprop" => new RmsProp(0.01),
        "rmsprop-centered" => new RmsProp(0.01, centered: true, momentum: 0.5),
        "adam" => new Adam(0.01),
        "adamw" => new AdamW(0.01, weightDecay: 0.01),
        "nadam" => new Nadam(0.01),
        "rprop" => new Rprop(0.01),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_built_in_optimizer_trains_a_float_network_as_it_trains_the_double_one(string name)
    {
        var (x, t) = Xor();
        var wide = Network.Create(2, [new LayerDefinition(6, Activation.Tanh), new LayerDefinition(1, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 2, Loss.BinaryCrossEntropy);
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var trainer = new Trainer(Make(name), new TrainingOptions { Epochs = 30, BatchSize = 4 });

        var lossWide = trainer.Train(wide, x, t).Losses;
        var lossNarrow = trainer.Train(narrow, x, t).Losses;

        lossNarrow[^1].Should().BeLessThan(lossNarrow[0], "the float network learns");
        lossNarrow[^1].Should().NotBe(lossWide[^1], "the float network computed in float");
        for (int l = 0; l < 2; l++)
        {
            var a = wide.Layers[l].Weights.ToColumnMajorArray();
            var b = narrow.Layers[l].Weights.ToColumnMajorArray();
            double scale = Math.Max(1, a.Max(Math.Abs));
            for (int i = 0; i < a.Length; i++) b[i].Should().BeApproximately(a[i], FollowTolerance * scale, $"layers[{l}] weight {i} of {name}");
        }
    }

    public static TheoryData<string> Settings() => ["dropout", "class weights", "clipping by value", "one sample at a time"];

    [Theory]
    [MemberData(nameof(Settings))]
    public void A_float_network_follows_its_double_run_with_every_training_setting(string setting)
    {
        var data = ModelTests.Iris();
        var x = StandardScaler.Fit(data.Inputs).Transform(data.Inputs);
        double dropout = setting == "dropout" ? 0.3 : 0;
        var wide = Network.Create(4, [new LayerDefinition(8, Activation.Tanh) { Dropout = dropout }, new LayerDefinition(3, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, seed: 4, Loss.CategoricalCrossEntropy);
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var optimizer = new Sgd(0.05) { Clipping = setting == "clipping by value" ? new GradientClipping { Value = 0.05 } : null };
        var trainer = new Trainer(optimizer, new TrainingOptions
        {
            Epochs = 3, BatchSize = setting == "one sample at a time" ? 1 : 16, Shuffle = true, Seed = 9,
            ClassWeights = setting == "class weights" ? [1, 3, 0.5] : null,
        });

        trainer.Train(wide, data.WithInputs(x));
        trainer.Train(narrow, data.WithInputs(x));

        for (int l = 0; l < 2; l++)
        {
            var a = wide.Layers[l].Weights.ToColumnMajorArray();
            var b = narrow.Layers[l].Weights.ToColumnMajorArray();
            double scale = Math.Max(1, a.Max(Math.Abs));
            for (int i = 0; i < a.Length; i++) b[i].Should().BeApproximately(a[i], FollowTolerance * scale, $"layers[{l}] weight {i} with {setting}");
            b.Should().NotEqual(a);
        }
    }

    [Fact]
    public void A_users_own_activation_with_double_methods_only_works_on_a_float_network()
    {
        var (x, t) = Xor();
        var softsign = new Softsign();
        var wide = Network.Create(2, [new LayerDefinition(6, softsign), new LayerDefinition(1, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 2, Loss.BinaryCrossEntropy);
        var narrow = wide.ToPrecision(Backprop.Precision.Float32);
        var trainer = new Trainer(new Adam(0.05), new TrainingOptions { Epochs = 200, BatchSize = 4 });

        var lossWide = trainer.Train(wide, x, t).Losses;
        var lossNarrow = trainer.Train(narrow, x, t).Losses;

        lossNarrow[^1].Should().BeApproximately(lossWide[^1], 1e-3 * lossWide[0]);
        lossNarrow[^1].Should().BeLessThan(0.5 * lossNarrow[0]);
        narrow.Predict(Vector<float>.Build.DenseOfArray([1f, 0f]))[0].Should().BeGreaterThan(0.5f);
    }

    [Fact]
    public void A_users_optimizer_without_a_float_rule_refuses_a_float_network_and_changes_nothing()
    {
        var (x, t) = Xor();
        var narrow = Network.Create(2, [new LayerDefinition(3, Activation.Tanh), new LayerDefinition(1, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 2, Loss.BinaryCrossEntropy, Backprop.Precision.Float32);
        var before = narrow.Layers[0].WeightsSingle.ToColumnMajorArray();

        var act = () => narrow.TrainStep(x, t, new HalfStep());

        act.Should().Throw<NotSupportedException>().WithMessage("HalfStep has no float32 rule*override Update(ParameterBlockSingle, UpdateStep)*");
        narrow.Layers[0].WeightsSingle.ToColumnMajorArray().Should().Equal(before);
        new HalfStep().Invoking(o => { narrow.ToPrecision(Backprop.Precision.Float64).TrainStep(x, t, o); }).Should().NotThrow("it has a double rule");
    }

    private static (Matrix<double> X, Matrix<double> T) Xor() => (
        Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } }),
        Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } }));

    /// <summary>x / (1 + |x|), with only the double methods, as a user would write it.</summary>
    private sealed class Softsign : ElementwiseActivation
    {
        public override string Name => "softsign";

        public override double Apply(double net) => net / (1 + Math.Abs(net));

        public override double Derivative(double net, double output) => 1 / ((1 + Math.Abs(net)) * (1 + Math.Abs(net)));
    }

    /// <summary>θ ← θ − g/2, a user's rule for doubles only.</summary>
    private sealed class HalfStep() : Optimizer(0.5)
    {
        protected override void Update(ParameterBlock block, UpdateStep update)
        {
            for (int i = 0; i < block.Values.Length; i++) block.Values[i] -= update.LearningRate * block.Gradient[i];
        }
    }
}
