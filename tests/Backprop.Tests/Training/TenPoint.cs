using Backprop.Tests.Reference;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>Brownlee's ten-point data set and the network of reference table D.</summary>
internal static class TenPoint
{
    /// <summary>inputs 2 × 10 and one-hot targets 2 × 10, one sample per column.</summary>
    public static (Matrix<double> Inputs, Matrix<double> Targets, int[] Labels) Data()
    {
        var rows = Golden.At("brownlee_tenpoint", "dataset").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var inputs = Matrix<double>.Build.Dense(2, rows.Length, (i, j) => rows[j][i]);
        var labels = rows.Select(r => (int)r[2]).ToArray();
        var targets = Matrix<double>.Build.Dense(2, rows.Length, (i, j) => labels[j] == i ? 1.0 : 0.0);
        return (inputs, targets, labels);
    }

    /// <summary>The initial weights of table D: per neuron, inputs first and the bias last.</summary>
    public static Network Network()
    {
        var layers = Golden.At("brownlee_tenpoint", "computed", "tenpoint_initial_weights").EnumerateArray().Select(layer =>
        {
            var neurons = layer.EnumerateArray().Select(n => n.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
            var w = new double[neurons.Length, neurons[0].Length - 1];
            var b = new double[neurons.Length];
            for (int j = 0; j < neurons.Length; j++)
            {
                for (int i = 0; i < w.GetLength(1); i++) w[j, i] = neurons[j][i];
                b[j] = neurons[j][^1];
            }
            return new DenseLayer(w, b, Activation.Sigmoid);
        });
        return new Network(layers);
    }
}
