using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>The checks of what a caller hands a network: shapes against the network's, finite values, targets
/// the loss accepts. Each returns the values column-major, ready for a pass.</summary>
internal static class Inputs
{
    /// <summary>Checks one sample and returns its values.</summary>
    public static T[] Sample<T>(Network network, Vector<T> input, string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(input, name);
        var x = input.AsArray() ?? input.ToArray();
        Sample<T>(network, x, name);
        return x;
    }

    /// <summary>Checks one sample given as values.</summary>
    public static void Sample<T>(Network network, ReadOnlySpan<T> input, string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (input.Length != network.InputSize)
            throw new ArgumentException(
                $"{name} has {input.Length} values but the network takes {network.InputSize} " +
                $"(layers[0] weights are {Guard.Shape(network.OutputSizeOf(0), network.InputSize)}, outputs × inputs).", name);
        Finite.Values(input, name, name);
    }

    /// <summary>Checks one sample's target and returns its values.</summary>
    public static T[] Target<T>(Network network, Vector<T> target, string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(target, name);
        if (target.Count != network.OutputSize)
            throw new ArgumentException(
                $"{name} has {target.Count} values but the network has {network.OutputSize} outputs " +
                $"(layers[{network.LayerArray.Length - 1}] weights are {Guard.Shape(network.OutputSize, network.LayerArray[^1].InputSize)}).", name);
        var t = target.AsArray() ?? target.ToArray();
        Finite.Values(t, name, name);
        CheckTargets<T>(network, t, network.OutputSize, name);
        return t;
    }

    /// <summary>Checks an inputs × samples block and returns its column-major values.</summary>
    public static T[] Batch<T>(Network network, Matrix<T> inputs, string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(inputs, name);
        if (inputs.RowCount != network.InputSize)
            throw new ArgumentException(
                $"{name} is {Guard.Shape(inputs)} but the network takes {network.InputSize} inputs per sample, one sample per column " +
                $"(layers[0] weights are {Guard.Shape(network.OutputSizeOf(0), network.InputSize)}, outputs × inputs).", name);
        var x = inputs.AsColumnMajorArray() ?? inputs.ToColumnMajorArray();
        Finite.Block(x, network.InputSize, name, name);
        return x;
    }

    /// <summary>Checks an outputs × samples block against its inputs and returns its column-major values.</summary>
    public static T[] Targets<T>(Network network, Matrix<T>? targets, string name, Matrix<T> inputs) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(targets, name);
        int k = network.OutputSize;
        if (targets!.RowCount != k || targets.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException(
                $"{name} is {Guard.Shape(targets)} but must be {Guard.Shape(k, inputs.ColumnCount)}: " +
                $"{k} outputs for each of the {inputs.ColumnCount} samples in inputs ({Guard.Shape(inputs)}).", name);
        var t = targets.AsColumnMajorArray() ?? targets.ToColumnMajorArray();
        Finite.Block(t, k, name, name);
        CheckTargets<T>(network, t, k, name);
        return t;
    }

    /// <summary>The loss's check of the targets, which reads doubles (float targets widened exactly for it).</summary>
    private static void CheckTargets<T>(Network network, T[] t, int outputs, string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            network.Loss.CheckTargets(System.Runtime.CompilerServices.Unsafe.As<double[]>(t), outputs, name);
            return;
        }
        if (!network.Loss.ChecksTargets) return; // it would accept every finite value: nothing to widen them for
        var wide = Internal.Precisions.Rent<double>(t.Length);
        try
        {
            Internal.Precisions.Convert<T, double>(t, wide.AsSpan(0, t.Length));
            network.Loss.CheckTargets(wide.AsSpan(0, t.Length), outputs, name);
        }
        finally
        {
            Internal.Precisions.Return(wide);
        }
    }
}
