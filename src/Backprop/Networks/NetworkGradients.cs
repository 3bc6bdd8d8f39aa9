using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>The loss of a batch and its gradients for every layer, copied out of one backward pass.</summary>
public sealed class NetworkGradients
{
    internal NetworkGradients(double loss, Network network, Workspace ws)
    {
        Loss = loss;
        var layers = network.LayerArray;
        var w = new Matrix<double>[layers.Length];
        var b = new Vector<double>[layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            w[l] = Matrix<double>.Build.DenseOfColumnMajor(layers[l].OutputSize, layers[l].InputSize, ws.Layers[l].WeightGradient);
            b[l] = Vector<double>.Build.DenseOfArray((double[])ws.Layers[l].BiasGradient.Clone());
        }
        Weights = Array.AsReadOnly(w);
        Biases = Array.AsReadOnly(b);
    }

    /// <summary>E summed over the batch, Σₛ wₛ·Eₛ for weighted samples (the gradients follow the reduction asked for).</summary>
    public double Loss { get; }

    /// <summary>∂E/∂W of each layer, outputs × inputs.</summary>
    public IReadOnlyList<Matrix<double>> Weights { get; }

    /// <summary>∂E/∂b of each layer (zeros for a layer with <see cref="BiasMode.None"/>).</summary>
    public IReadOnlyList<Vector<double>> Biases { get; }
}
