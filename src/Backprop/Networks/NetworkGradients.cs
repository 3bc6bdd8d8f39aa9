using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>The loss of a batch and its gradients for every layer, copied out of one backward pass.</summary>
public sealed class NetworkGradients
{
    private NetworkGradients(double loss, Matrix<double>[] w, Vector<double>[] b)
    {
        Loss = loss;
        Weights = Array.AsReadOnly(w);
        Biases = Array.AsReadOnly(b);
    }

    /// <summary>A copy of the gradients in a workspace, as doubles (a float's double is exact).</summary>
    internal static NetworkGradients Of<T>(double loss, Network network, Workspace<T> ws) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var layers = network.LayerArray;
        var w = new Matrix<double>[layers.Length];
        var b = new Vector<double>[layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            w[l] = Matrix<double>.Build.DenseOfColumnMajor(layers[l].OutputSize, layers[l].InputSize,
                Internal.Precisions.ToArray<T, double>(ws.Layers[l].WeightGradient));
            var bias = Internal.Precisions.ToArray<T, double>(ws.Layers[l].BiasGradient);
            b[l] = Vector<double>.Build.DenseOfArray(typeof(T) == typeof(double) ? (double[])bias.Clone() : bias); // its own copy
        }
        return new NetworkGradients(loss, w, b);
    }

    /// <summary>E summed over the batch, Σₛ wₛ·Eₛ for weighted samples (the gradients follow the reduction asked for).</summary>
    public double Loss { get; }

    /// <summary>∂E/∂W of each layer, outputs × inputs.</summary>
    public IReadOnlyList<Matrix<double>> Weights { get; }

    /// <summary>∂E/∂b of each layer (zeros for a layer with <see cref="BiasMode.None"/>).</summary>
    public IReadOnlyList<Vector<double>> Biases { get; }
}
