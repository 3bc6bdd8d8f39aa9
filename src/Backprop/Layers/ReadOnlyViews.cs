using MathNet.Numerics.LinearAlgebra.Storage;

namespace Backprop;

/// <summary>A live, read-only MathNet view of a layer's column-major weights: reads see the current values, and
/// writes throw, naming the setter to use instead.</summary>
internal sealed class ReadOnlyMatrixStorage(double[] data, int rows, int columns, DenseLayer layer)
    : MatrixStorage<double>(rows, columns)
{
    public override bool IsDense => true;

    public override bool IsFullyMutable => false;

    public override bool IsMutableAt(int row, int column) => false;

    public override double At(int row, int column) => data[row + column * RowCount];

    public override void At(int row, int column, double value) =>
        throw new NotSupportedException($"{layer.Name}.Weights is read-only; change it with DenseLayer.SetWeights or SetWeight, which check the values.");
}

/// <summary>A live, read-only MathNet view of a layer's bias.</summary>
internal sealed class ReadOnlyVectorStorage(double[] data, DenseLayer layer) : VectorStorage<double>(data.Length)
{
    public override bool IsDense => true;

    public override double At(int index) => data[index];

    public override void At(int index, double value) =>
        throw new NotSupportedException($"{layer.Name}.Bias is read-only; change it with DenseLayer.SetBias, which checks the values.");
}

/// <summary>A MathNet matrix over <see cref="ReadOnlyMatrixStorage"/>.</summary>
internal sealed class ReadOnlyMatrix(ReadOnlyMatrixStorage storage) : MathNet.Numerics.LinearAlgebra.Double.Matrix(storage);

/// <summary>A MathNet vector over <see cref="ReadOnlyVectorStorage"/>.</summary>
internal sealed class ReadOnlyVector(ReadOnlyVectorStorage storage) : MathNet.Numerics.LinearAlgebra.Double.Vector(storage);
