using System.Numerics;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace Backprop;

/// <summary>A live, read-only MathNet view of a layer's column-major weights, stored as <typeparamref name="TSource"/>
/// and read as <typeparamref name="TView"/> (a float read as a double is exact): reads see the current values, and
/// writes throw, naming the setter to use instead.</summary>
internal sealed class ReadOnlyMatrixStorage<TSource, TView>(TSource[] data, int rows, int columns, DenseLayer layer)
    : MatrixStorage<TView>(rows, columns)
    where TSource : unmanaged, IFloatingPointIeee754<TSource>
    where TView : unmanaged, IFloatingPointIeee754<TView>
{
    public override bool IsDense => true;

    public override bool IsFullyMutable => false;

    public override bool IsMutableAt(int row, int column) => false;

    public override TView At(int row, int column) => TView.CreateTruncating(data[row + column * RowCount]);

    public override void At(int row, int column, TView value) =>
        throw new NotSupportedException($"{layer.Name}.Weights is read-only; change it with DenseLayer.SetWeights or SetWeight, which check the values.");
}

/// <summary>A live, read-only MathNet view of a layer's bias, stored as <typeparamref name="TSource"/>.</summary>
internal sealed class ReadOnlyVectorStorage<TSource, TView>(TSource[] data, DenseLayer layer) : VectorStorage<TView>(data.Length)
    where TSource : unmanaged, IFloatingPointIeee754<TSource>
    where TView : unmanaged, IFloatingPointIeee754<TView>
{
    public override bool IsDense => true;

    public override TView At(int index) => TView.CreateTruncating(data[index]);

    public override void At(int index, TView value) =>
        throw new NotSupportedException($"{layer.Name}.Bias is read-only; change it with DenseLayer.SetBias, which checks the values.");
}

/// <summary>A MathNet matrix of doubles over a read-only storage.</summary>
internal sealed class ReadOnlyMatrix(MatrixStorage<double> storage) : MathNet.Numerics.LinearAlgebra.Double.Matrix(storage);

/// <summary>A MathNet vector of doubles over a read-only storage.</summary>
internal sealed class ReadOnlyVector(VectorStorage<double> storage) : MathNet.Numerics.LinearAlgebra.Double.Vector(storage);

/// <summary>A MathNet matrix of floats over a read-only storage.</summary>
internal sealed class ReadOnlyMatrixSingle(MatrixStorage<float> storage) : MathNet.Numerics.LinearAlgebra.Single.Matrix(storage);

/// <summary>A MathNet vector of floats over a read-only storage.</summary>
internal sealed class ReadOnlyVectorSingle(VectorStorage<float> storage) : MathNet.Numerics.LinearAlgebra.Single.Vector(storage);
