using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Precision;

/// <summary>Float targets go through the loss's own check when it has one, and straight on when it accepts every
/// finite value.</summary>
public class FloatTargetCheckTests
{
    private static Network Narrow(Loss loss) => new Network(
        [new DenseLayer(new[,] { { 0.5f, -0.25f } }, [0.1f], Activation.Sigmoid)], loss);

    private static readonly Matrix<float> X = Matrix<float>.Build.DenseOfArray(new[,] { { 1f, 2f }, { 0.5f, -1f } });

    [Fact]
    public void A_users_loss_with_its_own_check_refuses_a_float_target_naming_where_it_is()
    {
        var network = Narrow(new NonNegativeSquaredError());
        var targets = Matrix<float>.Build.DenseOfArray(new[,] { { 0.5f, -3f } });
        var before = network.Layers[0].WeightsSingle.ToColumnMajorArray();

        var act = () => network.TrainStep(X, targets, new Sgd(0.1));

        act.Should().Throw<ArgumentException>().WithMessage("targets[0, 1] is -3; this loss takes targets ≥ 0.*");
        network.Layers[0].WeightsSingle.ToColumnMajorArray().Should().Equal(before);
    }

    [Fact]
    public void A_loss_without_a_check_takes_any_finite_float_target()
    {
        var network = Narrow(Loss.HalfSquaredError);
        var targets = Matrix<float>.Build.DenseOfArray(new[,] { { 0.5f, -3f } });

        double loss = network.TrainStep(X, targets, new Sgd(0.1));

        Loss.HalfSquaredError.ChecksTargets.Should().BeFalse();
        Loss.CategoricalCrossEntropy.ChecksTargets.Should().BeTrue();
        loss.Should().BeGreaterThan(0);
    }

    /// <summary>½(out − t)², refusing negative targets: a user's loss that checks its targets in doubles only.</summary>
    private sealed class NonNegativeSquaredError : Loss
    {
        public override string Name => "non-negative-squared-error";

        public override void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs)
        {
            for (int i = 0; i < output.Length; i++) terms[i] = 0.5 * (output[i] - target[i]) * (output[i] - target[i]);
        }

        public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs)
        {
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += 0.5 * (output[i] - target[i]) * (output[i] - target[i]);
            return sum;
        }

        public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs)
        {
            for (int i = 0; i < output.Length; i++) gradient[i] = output[i] - target[i];
        }

        public override void CheckTargets(ReadOnlySpan<double> target, int outputs, string paramName)
        {
            for (int i = 0; i < target.Length; i++)
                if (target[i] < 0)
                    throw new ArgumentException($"{paramName}[{i % outputs}, {i / outputs}] is {target[i]}; this loss takes targets ≥ 0.", paramName);
        }
    }
}
