using System.Globalization;
using Backprop.MLNet.Scoring;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet.Training;

/// <summary>
/// Reads an ML.NET data view into a Backprop <see cref="Dataset"/> of doubles: the feature vectors (float32, widened
/// exactly; sparse vectors made dense) as the inputs, and the label as one-hot classes or as the target.
/// </summary>
internal static class TrainingData
{
    /// <summary>Binary classes: index 0 is <c>false</c>, index 1 is <c>true</c>.</summary>
    private static readonly string[] BinaryClassNames = ["false", "true"];

    /// <summary>ML.NET's annotation of a vector column that names each slot.</summary>
    private const string SlotNamesAnnotation = "SlotNames";

    public static Dataset Read(IDataView input, DataViewSchema.Column features, DataViewSchema.Column label, PredictionKind kind, int classes)
    {
        int width = ((VectorDataViewType)features.Type).Size;
        int outputs = kind switch { PredictionKind.Multiclass => classes, PredictionKind.Binary => 2, _ => 1 };
        var inputs = new List<double>();
        var targets = new List<double>();
        var buffer = default(VBuffer<float>);
        var dense = new float[width];
        using (var cursor = input.GetRowCursor([features, label]))
        {
            var featureGetter = cursor.GetGetter<VBuffer<float>>(features);
            var labelGetter = LabelReader(cursor, label, kind);
            for (long row = 0; cursor.MoveNext(); row++)
            {
                if ((row + 1) * Math.Max(width, outputs) > Array.MaxLength)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"The training data has more than {row} rows of {width} features and {outputs} outputs: more values than an array holds."), nameof(input));
                featureGetter(ref buffer);
                buffer.CopyTo(dense);
                for (int f = 0; f < width; f++)
                {
                    if (!float.IsFinite(dense[f]))
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                            $"Row {row} of the training data: slot {f} of the feature column '{features.Name}' is {dense[f]}. Replace missing values first (mlContext.Transforms.ReplaceMissingValues)."), nameof(input));
                    inputs.Add(dense[f]);
                }
                double value = labelGetter();
                AddTarget(targets, value, kind, outputs, row, label.Name, nameof(input));
            }
        }
        int count = targets.Count / outputs;
        if (count == 0) throw new ArgumentException("The training data has no rows.", nameof(input));
        var x = Matrix<double>.Build.Dense(width, count, inputs.ToArray());
        var t = Matrix<double>.Build.Dense(outputs, count, targets.ToArray());
        var featureNames = SlotNames(features, width);
        return kind switch
        {
            PredictionKind.Multiclass => new Dataset(x, t, ClassNames(label, classes), featureNames),
            PredictionKind.Binary => new Dataset(x, t, BinaryClassNames, featureNames),
            _ => new Dataset(x, t, null, featureNames, [label.Name]),
        };
    }

    private static void AddTarget(List<double> targets, double value, PredictionKind kind, int outputs, long row, string column, string input)
    {
        if (kind == PredictionKind.Regression)
        {
            if (!double.IsFinite(value))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {row} of the training data: the label column '{column}' is {value}. Remove or fill rows with a missing label first."), input);
            targets.Add(value);
            return;
        }
        // Classes: the label's key k (1-based, 0 is missing) or the Boolean as 0 or 1, one-hot.
        int index = kind == PredictionKind.Binary ? (int)value : (int)value - 1;
        if (index < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Row {row} of the training data: the label column '{column}' is the missing key (a value MapValueToKey did not see). Remove such rows first."), input);
        for (int k = 0; k < outputs; k++) targets.Add(k == index ? 1 : 0);
    }

    /// <summary>The label as a double: a key's raw value (1-based), a Boolean as 0 or 1, or the Single value.</summary>
    private static Func<double> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label, PredictionKind kind)
    {
        if (kind == PredictionKind.Binary)
        {
            var getter = cursor.GetGetter<bool>(label);
            return () => { bool v = false; getter(ref v); return v ? 1 : 0; };
        }
        if (kind == PredictionKind.Regression)
        {
            var getter = cursor.GetGetter<float>(label);
            return () => { float v = 0; getter(ref v); return v; };
        }
        return label.Type.RawType switch
        {
            var t when t == typeof(uint) => Key<uint>(cursor, label, v => v),
            var t when t == typeof(ulong) => Key<ulong>(cursor, label, v => v),
            var t when t == typeof(ushort) => Key<ushort>(cursor, label, v => v),
            var t when t == typeof(byte) => Key<byte>(cursor, label, v => v),
            var t => throw new NotSupportedException($"A key of raw type {t.Name} is not supported."),
        };
    }

    private static Func<double> Key<T>(DataViewRowCursor cursor, DataViewSchema.Column label, Func<T, double> toDouble)
    {
        var getter = cursor.GetGetter<T>(label);
        return () => { T v = default!; getter(ref v); return toDouble(v); };
    }

    /// <summary>The label's key values as text, one per class, when they are distinct and not empty; else "1", "2", … (the keys).</summary>
    private static string[] ClassNames(DataViewSchema.Column label, int classes)
    {
        var names = KeyValueNames(label);
        return names is not null && names.Length == classes && Usable(names)
            ? names
            : [.. Enumerable.Range(1, classes).Select(k => k.ToString(CultureInfo.InvariantCulture))];
    }

    private static string[]? KeyValueNames(DataViewSchema.Column label)
    {
        var type = label.Annotations.Schema.GetColumnOrNull(KeyLookup.KeyValuesAnnotation)?.Type is VectorDataViewType { ItemType: var item } ? item : null;
        if (type is null) return null;
        return type.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Values<ReadOnlyMemory<char>>(label, v => v.ToString()),
            var t when t == typeof(float) => Values<float>(label, v => v.ToString("R", CultureInfo.InvariantCulture)),
            var t when t == typeof(double) => Values<double>(label, v => v.ToString("R", CultureInfo.InvariantCulture)),
            var t when t == typeof(int) => Values<int>(label, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t == typeof(uint) => Values<uint>(label, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t == typeof(long) => Values<long>(label, v => v.ToString(CultureInfo.InvariantCulture)),
            var t when t == typeof(bool) => Values<bool>(label, v => v ? "true" : "false"),
            _ => null,
        };
    }

    private static string[] Values<T>(DataViewSchema.Column label, Func<T, string> format)
    {
        var values = default(VBuffer<T>);
        label.GetKeyValues(ref values);
        return [.. values.DenseValues().Select(format)];
    }

    /// <summary>The feature column's slot names, when it has one per slot and they are distinct and not empty; else null.</summary>
    private static string[]? SlotNames(DataViewSchema.Column features, int width)
    {
        if (features.Annotations.Schema.GetColumnOrNull(SlotNamesAnnotation)?.Type is not VectorDataViewType { ItemType: TextDataViewType } slots
            || slots.Size != width)
            return null;
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref names);
        string[] result = [.. names.DenseValues().Select(v => v.ToString())];
        return Usable(result) ? result : null;
    }

    private static bool Usable(string[] names) =>
        names.All(n => n.Length > 0) && names.Distinct(StringComparer.Ordinal).Count() == names.Length;
}
