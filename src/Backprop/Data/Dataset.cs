using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// Samples and their targets, one sample per column: <see cref="Inputs"/> is features × samples and
/// <see cref="Targets"/> outputs × samples. A classification set also names its classes: target row c is the
/// one-hot indicator of <see cref="ClassNames"/>[c]. Every target row has a name (<see cref="TargetNames"/>).
/// Samples may carry weights in the loss (<see cref="SampleWeights"/>).
/// </summary>
public sealed class Dataset
{
    private double[]? _weights;

    /// <summary>Creates a data set from copies of the given matrices.</summary>
    /// <param name="inputs">features × samples.</param>
    /// <param name="targets">outputs × samples; the same number of columns as <paramref name="inputs"/>.</param>
    /// <param name="classNames">For classification, the label of each target row (index → label); null for regression.</param>
    /// <param name="featureNames">A name per feature row; "x0", "x1", … when null.</param>
    /// <param name="targetNames">A name per target row; when null, the class names for classification, else "y0",
    /// "y1", …. For classification it must be null or equal to <paramref name="classNames"/>.</param>
    /// <exception cref="ArgumentException">The shapes or name counts do not fit, the target names differ from the
    /// class names, or a value is NaN or infinite.</exception>
    public Dataset(Matrix<double> inputs, Matrix<double> targets, IReadOnlyList<string>? classNames = null,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? targetNames = null)
    {
        Guard.NotNull(inputs, nameof(inputs));
        Guard.NotNull(targets, nameof(targets));
        if (inputs.ColumnCount != targets.ColumnCount)
            throw new ArgumentException(
                $"targets is {Guard.Shape(targets)} but inputs is {Guard.Shape(inputs)}: both need one column per sample.", nameof(targets));
        if (classNames is not null && classNames.Count != targets.RowCount)
            throw new ArgumentException(
                $"{classNames.Count} class names were given but targets has {targets.RowCount} rows (one per class).", nameof(classNames));
        if (featureNames is not null && featureNames.Count != inputs.RowCount)
            throw new ArgumentException(
                $"{featureNames.Count} feature names were given but inputs has {inputs.RowCount} rows (one per feature).", nameof(featureNames));
        if (targetNames is not null && targetNames.Count != targets.RowCount)
            throw new ArgumentException(
                $"{targetNames.Count} target names were given but targets has {targets.RowCount} rows (one per target).", nameof(targetNames));
        if (targetNames is not null && classNames is not null && !targetNames.SequenceEqual(classNames, StringComparer.Ordinal))
            throw new ArgumentException(
                "For classification the target names are the class names; pass null or the class names.", nameof(targetNames));
        Inputs = DenseMatrix.OfMatrix(inputs);
        Targets = DenseMatrix.OfMatrix(targets);
        Finite.Block(((DenseMatrix)Inputs).Values, Inputs.RowCount, nameof(inputs), nameof(inputs));
        Finite.Block(((DenseMatrix)Targets).Values, Targets.RowCount, nameof(targets), nameof(targets));
        ClassNames = classNames?.ToArray();
        FeatureNames = featureNames?.ToArray() ?? Names("x", inputs.RowCount);
        TargetNames = targetNames?.ToArray() ?? ClassNames ?? Names("y", targets.RowCount);
    }

    /// <summary>The samples, features × samples.</summary>
    public Matrix<double> Inputs { get; }

    /// <summary>The targets, outputs × samples.</summary>
    public Matrix<double> Targets { get; }

    /// <summary>For classification, the label of each target row; null for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The name of each feature row.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The name of each target row: for classification the class names (<see cref="ClassNames"/>); for
    /// regression the header names of the target columns, or "y0", "y1", ….</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Inputs.ColumnCount;

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount => Inputs.RowCount;

    /// <summary>The number of target values per sample.</summary>
    public int OutputCount => Targets.RowCount;

    /// <summary>
    /// Each sample's weight wₛ in the loss, or null (the default: every sample weighs 1). Training multiplies each
    /// sample's loss term by wₛ (and by its class's weight, <see cref="TrainingOptions.ClassWeights"/>), and each
    /// update follows Σ wₛ·Eₛ / Σ wₛ over its batch. Set with <see cref="WithSampleWeights"/>; kept by
    /// <see cref="Subset"/>, <see cref="WithInputs"/> and <see cref="WithClassNames"/>.
    /// </summary>
    public IReadOnlyList<double>? SampleWeights => _weights is null ? null : Array.AsReadOnly(_weights);

    /// <summary>The weights as stored (checked, one per sample), or null.</summary>
    internal double[]? Weights => _weights;

    /// <summary>The same samples with a weight each in the loss (see <see cref="SampleWeights"/>); null removes them.</summary>
    /// <param name="weights">One weight per sample, in sample (column) order: each finite and ≥ 0, not all 0. A weight
    /// of 0 leaves its sample out of training; an integer weight n counts its sample as n copies of it.</param>
    /// <exception cref="ArgumentException">The count differs from <see cref="Count"/>, or every weight is 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or infinite; the message names its index.</exception>
    public Dataset WithSampleWeights(IReadOnlyList<double>? weights)
    {
        if (weights is not null && weights.Count != Count)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"weights has {weights.Count} values but the data set has {Count} samples: one weight per sample."), nameof(weights));
        var checkedWeights = weights is null ? null : LossWeights.Checked(weights, nameof(weights));
        return new Dataset(Inputs, Targets, ClassNames, FeatureNames, TargetNames).Weighted(checkedWeights);
    }

    /// <summary>Sets the weights of a data set just made (checked already); returns it.</summary>
    internal Dataset Weighted(double[]? weights)
    {
        _weights = weights;
        return this;
    }

    /// <summary>True when <see cref="ClassNames"/> is set.</summary>
    public bool IsClassification => ClassNames is not null;

    /// <summary>Each sample's class: the index of its largest target (for one output, 1 when the target is ≥ 0.5).</summary>
    public int[] Labels() => Classes.Of(((DenseMatrix)Targets).Values, OutputCount, Count);

    /// <summary>A new data set of the samples at <paramref name="indices"/>, in that order, with their weights.</summary>
    /// <param name="indices">0-based sample indices; repeats are allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        Guard.NotNull(indices, nameof(indices));
        foreach (int i in indices)
            if (i < 0 || i >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Sample index {i} is outside [0, {Count}).");
        var x = DenseMatrix.Create(FeatureCount, indices.Count, (r, c) => Inputs[r, indices[c]]);
        var t = DenseMatrix.Create(OutputCount, indices.Count, (r, c) => Targets[r, indices[c]]);
        var w = _weights is { } all ? indices.Select(i => all[i]).ToArray() : null;
        return new Dataset(x, t, ClassNames, FeatureNames, TargetNames).Weighted(w);
    }

    /// <summary>The same targets and names with other inputs (for example scaled ones).</summary>
    /// <param name="inputs">features × samples, the shape of <see cref="Inputs"/>.</param>
    public Dataset WithInputs(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        if (inputs.RowCount != FeatureCount || inputs.ColumnCount != Count)
            throw new ArgumentException($"inputs is {Guard.Shape(inputs)} but must be {Guard.Shape(Inputs)}.", nameof(inputs));
        return new Dataset(inputs, Targets, ClassNames, FeatureNames, TargetNames).Weighted(_weights);
    }

    /// <summary>The same samples with their classes renamed, in target-row order — for example the species behind
    /// a label column of codes 0, 1, 2.</summary>
    /// <param name="classNames">One new name per class (target row).</param>
    /// <exception cref="InvalidOperationException">The data set is not a classification set.</exception>
    /// <exception cref="ArgumentException">The count differs from <see cref="OutputCount"/> or a name repeats.</exception>
    public Dataset WithClassNames(IReadOnlyList<string> classNames)
    {
        Guard.NotNull(classNames, nameof(classNames));
        if (!IsClassification) throw new InvalidOperationException("WithClassNames renames classes; this data set holds regression targets.");
        for (int c = 0; c < classNames.Count; c++)
            if (string.IsNullOrWhiteSpace(classNames[c]) || classNames.Take(c).Contains(classNames[c], StringComparer.Ordinal))
                throw new ArgumentException($"classNames[{c}] is {(string.IsNullOrWhiteSpace(classNames[c]) ? "empty" : $"'{classNames[c]}' again")}; each class needs a name of its own.", nameof(classNames));
        return new Dataset(Inputs, Targets, classNames, FeatureNames).Weighted(_weights);
    }

    private static string[] Names(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
