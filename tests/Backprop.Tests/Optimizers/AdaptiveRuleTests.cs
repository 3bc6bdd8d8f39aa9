using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>The settings of RmsProp, AdaGrad, AdamW, Nadam and Rprop, and AdamW's decoupled decay.</summary>
public class AdaptiveRuleTests
{
    public static TheoryData<string, Func<Optimizer>> BadSettings() => new()
    {
        { "learningRate", () => new RmsProp(learningRate: 0) },
        { "alpha", () => new RmsProp(alpha: 1) },
        { "alpha", () => new RmsProp(alpha: -0.1) },
        { "epsilon", () => new RmsProp(epsilon: 0) },
        { "momentum", () => new RmsProp(momentum: 1) },
        { "weightDecay", () => new RmsProp(weightDecay: -1) },
        { "learningRate", () => new AdaGrad(learningRate: double.NaN) },
        { "epsilon", () => new AdaGrad(epsilon: -1e-10) },
        { "initialAccumulator", () => new AdaGrad(initialAccumulator: -0.1) },
        { "initialAccumulator", () => new AdaGrad(initialAccumulator: double.PositiveInfinity) },
        { "weightDecay", () => new AdaGrad(weightDecay: double.NaN) },
        { "beta1", () => new AdamW(beta1: 1) },
        { "beta2", () => new AdamW(beta2: -0.5) },
        { "epsilon", () => new AdamW(epsilon: 0) },
        { "weightDecay", () => new AdamW(weightDecay: -0.01) },
        { "beta1", () => new Nadam(beta1: 1.5) },
        { "beta2", () => new Nadam(beta2: 1) },
        { "epsilon", () => new Nadam(epsilon: double.PositiveInfinity) },
        { "momentumDecay", () => new Nadam(momentumDecay: -0.004) },
        { "weightDecay", () => new Nadam(weightDecay: -1) },
        { "learningRate", () => new Rprop(learningRate: -0.01) },
        { "etaMinus", () => new Rprop(etaMinus: 1) },
        { "etaMinus", () => new Rprop(etaMinus: 0) },
        { "etaPlus", () => new Rprop(etaPlus: 1) },
        { "etaPlus", () => new Rprop(etaPlus: double.PositiveInfinity) },
        { "minStep", () => new Rprop(minStep: -1e-6) },
        { "maxStep", () => new Rprop(maxStep: 0) },
        { "maxStep", () => new Rprop(minStep: 1, maxStep: 0.5) },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_out_of_range_throws_naming_the_parameter(string parameter, Func<Optimizer> create)
    {
        create.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == parameter);
    }

    [Fact]
    public void Defaults_are_torch_optims()
    {
        var rms = new RmsProp();
        (rms.LearningRate, rms.Alpha, rms.Epsilon, rms.Mu, rms.Centered, rms.WeightDecay).Should().Be((0.01, 0.99, 1e-8, 0.0, false, 0.0));
        var ada = new AdaGrad();
        (ada.LearningRate, ada.Epsilon, ada.InitialAccumulator, ada.WeightDecay).Should().Be((0.01, 1e-10, 0.0, 0.0));
        var adamW = new AdamW();
        (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay).Should().Be((0.001, 0.9, 0.999, 1e-8, 0.01));
        var nadam = new Nadam();
        (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon, nadam.MomentumDecay, nadam.WeightDecay).Should().Be((0.002, 0.9, 0.999, 1e-8, 0.004, 0.0));
        var rprop = new Rprop();
        (rprop.LearningRate, rprop.EtaMinus, rprop.EtaPlus, rprop.MinStep, rprop.MaxStep, rprop.WeightDecay).Should().Be((0.01, 0.5, 1.2, 1e-6, 50.0, 0.0));
    }

    [Fact]
    public void AdamW_decays_the_weight_apart_from_the_gradient_and_leaves_the_bias_undecayed()
    {
        // out = w·x + b = 0.5·2 + 0.1 is the target, so both gradients are zero: the Adam step is 0 and only the
        // decoupled decay moves anything. Were λ·w added to the gradient (L2), Adam would move w by about η instead.
        var network = new Network(new DenseLayer(new[,] { { 0.5 } }, [0.1], Activation.Identity));
        var x = Vector<double>.Build.DenseOfArray([2.0]);
        var y = Vector<double>.Build.DenseOfArray([1.1]);

        network.TrainStep(x, y, new AdamW(learningRate: 0.1, weightDecay: 0.01));

        network.Layers[0].Weights[0, 0].Should().Be(0.5 * (1 - 0.1 * 0.01));
        network.Layers[0].Bias[0].Should().Be(0.1);
    }

    [Fact]
    public void Rprop_moves_each_value_by_the_initial_step_against_the_gradients_sign_on_the_first_update()
    {
        // out = 0.5·2 + 0.1 = 1.1 against 1: ∂E/∂w = 0.2 and ∂E/∂b = 0.1, both positive.
        var network = new Network(new DenseLayer(new[,] { { 0.5 } }, [0.1], Activation.Identity));
        network.TrainStep(Vector<double>.Build.DenseOfArray([2.0]), Vector<double>.Build.DenseOfArray([1.0]), new Rprop(learningRate: 0.03));

        network.Layers[0].Weights[0, 0].Should().Be(0.5 - 0.03);
        network.Layers[0].Bias[0].Should().Be(0.1 - 0.03);
    }
}
