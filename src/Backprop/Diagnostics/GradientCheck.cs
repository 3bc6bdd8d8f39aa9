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
    /// Checks every weight, and every bias of layers that have one (frozen biases too), on one sample. The check
    /// runs on a copy of the network, so the network itself is not touched.
    /// </summary>
    /// <remarks>With dropout (<see cref="DenseLayer.Dropout"/>) the check holds one set of masks fixed — those the
    /// network's next training step would draw; the copy never updates, so the network's own stream stays where it
    /// is — for the backward pass and for every finite difference, so it checks E(θ) of that step, a smooth function
    /// of θ once the masks are fixed.</remarks>
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
        network.ThrowIfDiverged();
        var copy = network.Clone();
        copy.DropoutMasks.ContinueFrom(network.DropoutMasks);
        var analytic = copy.ComputeGradients(inputs, targets);
        var numeric = Estimates(copy, step);

        var worst = new GradientCheckResult(0, 0, 0, ParameterKind.Weight, 0, 0, 0, 0);
        int count = 0;
        for (int l = 0; l < copy.Layers.Count; l++)
        {
            var layer = copy.Layers[l];
            for (int j = 0; j < layer.OutputSize; j++)
                for (int i = 0; i < layer.InputSize; i++, count++)
                    worst = Worse(worst, Compare(analytic.Weights[l][j, i], numeric[l].W[j, i], scaleFloor, l, ParameterKind.Weight, j, i));
            if (numeric[l].B is not { } b) continue;
            for (int j = 0; j < layer.OutputSize; j++, count++)
                worst = Worse(worst, Compare(analytic.Biases[l][j], b[j], scaleFloor, l, ParameterKind.Bias, j, 0));
        }
        return worst with { ParametersChecked = count };
    }

    /// <summary>The finite-difference estimate of every ∂E/∂W and ∂E/∂b (null for a layer without bias) of one
    /// sample, on a copy of the network, with the dropout masks of the network's next step.</summary>
    internal static (Matrix<double> W, Vector<double>? B)[] Estimates(Network network, double[] input, double[] target, double h)
    {
        var copy = network.Clone();
        copy.DropoutMasks.ContinueFrom(network.DropoutMasks);
        copy.Step.Load(input, target, 1);
        return Estimates(copy, h);
    }

    /// <summary>The estimates for the batch loaded into <paramref name="copy"/>'s step, perturbing its parameters.</summary>
    private static (Matrix<double> W, Vector<double>? B)[] Estimates(Network copy, double h)
    {
        return copy.Precision == Precision.Float32 ? Estimates<float>(copy, h) : Estimates<double>(copy, h);
    }

    private static (Matrix<double> W, Vector<double>? B)[] Estimates<T>(Network copy, double h) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        return copy.Layers.Select(layer =>
        {
            var w = Matrix<double>.Build.Dense(layer.OutputSize, layer.InputSize);
            var weights = layer.WeightsOf<T>();
            for (int i = 0; i < weights.Length; i++)
                w[i % layer.OutputSize, i / layer.OutputSize] = CentralDifference(copy, weights, i, h);
            Vector<double>? b = null;
            if (layer.BiasMode != BiasMode.None)
            {
                b = Vector<double>.Build.Dense(layer.OutputSize);
                var bias = layer.BiasOf<T>();
                for (int i = 0; i < bias.Length; i++) b[i] = CentralDifference(copy, bias, i, h);
            }
            return (w, b);
        }).ToArray();
    }

    private static GradientCheckResult Compare(double analytic, double numeric, double floor, int layer, ParameterKind kind,
        int row, int column)
    {
        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), floor);
        return new GradientCheckResult(error, 0, layer, kind, row, column, analytic, numeric);
    }

    /// <summary>The five-point central difference of the loaded batch's loss in values[index], a parameter of a
    /// private copy; restores the value exactly. In a float32 network each perturbed value is rounded to a float
    /// (an error of at most half an ulp of the weight in each offset, far below h).</summary>
    private static double CentralDifference<T>(Network copy, T[] values, int index, double h) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T kept = values[index];
        double original = double.CreateTruncating(kept);
        double E(double offset)
        {
            values[index] = T.CreateTruncating(original + offset);
            return copy.Step.Loss();
        }
        double numeric = (-E(2 * h) + 8 * E(h) - 8 * E(-h) + E(-2 * h)) / (12 * h);
        values[index] = kept;
        return numeric;
    }

    private static GradientCheckResult Worse(GradientCheckResult a, GradientCheckResult b) =>
        b.MaxRelativeError > a.MaxRelativeError || double.IsNaN(b.MaxRelativeError) ? b : a;
}
