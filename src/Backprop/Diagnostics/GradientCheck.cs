using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Compares backpropagation's gradients with central finite differences, one parameter at a time, using the
/// five-point central stencil (−E(θ + 2h) + 8E(θ + h) − 8E(θ − h) + E(θ − 2h)) / 12h, whose error is O(h⁴): with
/// h = 1e-3 both its truncation and its round-off stay near 1e-12, so even small gradients are judged fairly.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Checks every weight, and every bias of layers that have one (frozen biases too), on one sample.
    /// The network's weights are restored bit for bit; afterwards its buffers hold the backward pass at the
    /// unperturbed weights.
    /// </summary>
    /// <param name="network">The network to check.</param>
    /// <param name="input">One sample.</param>
    /// <param name="target">Its target.</param>
    /// <param name="step">h, the finite-difference step (default 1e-3).</param>
    /// <param name="scaleFloor">The smallest denominator of the relative error (default 1e-5), so that gradients
    /// near zero, where finite differences see only round-off, are judged by their absolute error.</param>
    public static GradientCheckResult Run(Network network, Vector<double> input, Vector<double> target,
        double step = 1e-3, double scaleFloor = 1e-5)
    {
        Guard.NotNull(input, nameof(input));
        Guard.NotNull(target, nameof(target));
        return Run(network, input.ToColumnMatrix(), target.ToColumnMatrix(), step, scaleFloor);
    }

    /// <summary>Checks every parameter on a batch (E summed over its samples); see the one-sample overload.</summary>
    /// <param name="network">The network to check.</param>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="step">h, the finite-difference step (default 1e-3).</param>
    /// <param name="scaleFloor">The smallest denominator of the relative error (default 1e-5).</param>
    public static GradientCheckResult Run(Network network, Matrix<double> inputs, Matrix<double> targets,
        double step = 1e-3, double scaleFloor = 1e-5)
    {
        Guard.NotNull(network, nameof(network));
        Guard.PositiveFinite(step, nameof(step));
        Guard.PositiveFinite(scaleFloor, nameof(scaleFloor));
        network.CheckParametersFinite();
        network.ComputeGradients(inputs, targets);
        var analytic = network.Layers.Select(l => (W: l.WeightGradientValues.ToArray(), B: l.BiasGradientValues.ToArray())).ToArray();

        var worst = new GradientCheckResult(0, 0, 0, ParameterKind.Weight, 0, 0, 0, 0);
        int count = 0;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            for (int i = 0; i < layer.WeightValues.Length; i++, count++)
                worst = Worse(worst, Compare(network, layer.WeightValues, i, analytic[l].W[i], step, scaleFloor,
                    l, ParameterKind.Weight, i % layer.OutputSize, i / layer.OutputSize));
            if (layer.BiasMode == BiasMode.None) continue;
            for (int i = 0; i < layer.BiasValues.Length; i++, count++)
                worst = Worse(worst, Compare(network, layer.BiasValues, i, analytic[l].B[i], step, scaleFloor,
                    l, ParameterKind.Bias, i, 0));
        }
        network.ComputeGradients(inputs, targets);
        return worst with { ParametersChecked = count };
    }

    private static GradientCheckResult Compare(Network network, double[] values, int index, double analytic,
        double h, double floor, int layer, ParameterKind kind, int row, int column)
    {
        double numeric = CentralDifference(network, values, index, h);
        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), floor);
        return new GradientCheckResult(error, 0, layer, kind, row, column, analytic, numeric);
    }

    /// <summary>The five-point central difference of the loaded block's loss in values[index]; restores the value exactly.</summary>
    internal static double CentralDifference(Network network, double[] values, int index, double h)
    {
        double original = values[index];
        double E(double offset)
        {
            values[index] = original + offset;
            return network.ForwardLoss();
        }
        double numeric = (-E(2 * h) + 8 * E(h) - 8 * E(-h) + E(-2 * h)) / (12 * h);
        values[index] = original;
        return numeric;
    }

    private static GradientCheckResult Worse(GradientCheckResult a, GradientCheckResult b) =>
        b.MaxRelativeError > a.MaxRelativeError || double.IsNaN(b.MaxRelativeError) ? b : a;
}
