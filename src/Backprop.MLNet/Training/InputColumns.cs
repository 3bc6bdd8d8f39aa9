using Backprop.MLNet.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet.Training;

/// <summary>
/// The checks of the feature and label columns a trainer reads, on a data view's schema (<see cref="IEstimator{TTransformer}.Fit"/>)
/// and on a schema shape (<see cref="IEstimator{TTransformer}.GetOutputSchema"/>), with the same messages: each names the
/// column, what it is and what the trainer takes.
/// </summary>
internal static class InputColumns
{
    private const string FeatureWanted = "a Backprop trainer takes a vector of Single of known size, as mlContext.Transforms.Concatenate makes it";

    public static DataViewSchema.Column Features(DataViewSchema schema, string name, string parameter)
    {
        var column = Find(schema, name, "feature", parameter);
        if (column.Type is not VectorDataViewType { ItemType: var item, IsKnownSize: true } || item != NumberDataViewType.Single)
            throw new ArgumentException($"The feature column '{name}' is {column.Type}; {FeatureWanted}.", parameter);
        return column;
    }

    /// <summary>The label column, checked for <paramref name="kind"/>, and for a multiclass label its number of classes.</summary>
    public static (DataViewSchema.Column Column, int Classes) Label(DataViewSchema schema, string name, PredictionKind kind, string parameter)
    {
        var column = Find(schema, name, "label", parameter);
        var type = column.Type;
        bool fits = kind switch
        {
            PredictionKind.Multiclass => type is KeyDataViewType,
            PredictionKind.Binary => type is BooleanDataViewType,
            _ => type == NumberDataViewType.Single,
        };
        if (!fits) throw new ArgumentException($"The label column '{name}' is {type}; {LabelWanted(kind, name)}.", parameter);
        if (kind != PredictionKind.Multiclass) return (column, 0);
        ulong count = ((KeyDataViewType)type).Count;
        if (count is < 2 or > int.MaxValue)
            throw new ArgumentException($"The label column '{name}' is a key of {count} values; a multiclass trainer needs at least two classes (and at most {int.MaxValue}).", parameter);
        return (column, (int)count);
    }

    public static void Features(SchemaShape schema, string name, string parameter)
    {
        var column = Find(schema, name, "feature", parameter);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"The feature column '{name}' is {Describe(column)}; {FeatureWanted}.", parameter);
    }

    public static void Label(SchemaShape schema, string name, PredictionKind kind, string parameter)
    {
        var column = Find(schema, name, "label", parameter);
        bool scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
        bool fits = kind switch
        {
            PredictionKind.Multiclass => scalar && column.IsKey,
            PredictionKind.Binary => scalar && !column.IsKey && column.ItemType is BooleanDataViewType,
            _ => scalar && !column.IsKey && column.ItemType == NumberDataViewType.Single,
        };
        if (!fits) throw new ArgumentException($"The label column '{name}' is {Describe(column)}; {LabelWanted(kind, name)}.", parameter);
    }

    private static string LabelWanted(PredictionKind kind, string name) => kind switch
    {
        PredictionKind.Multiclass => $"a multiclass trainer takes a key, as mlContext.Transforms.Conversion.MapValueToKey(\"{name}\") makes it",
        PredictionKind.Binary => "a binary trainer takes a Boolean",
        _ => "a regression trainer takes a Single",
    };

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string parameter) =>
        schema.GetColumnOrNull(name)
        ?? throw new ArgumentException($"The input has no {role} column '{name}' (its columns: {string.Join(", ", schema.Select(c => c.Name))}).", parameter);

    private static SchemaShape.Column Find(SchemaShape schema, string name, string role, string parameter)
    {
        foreach (var column in schema)
            if (column.Name == name) return column;
        throw new ArgumentException($"The input has no {role} column '{name}' (its columns: {string.Join(", ", schema.Select(c => c.Name))}).", parameter);
    }

    private static string Describe(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType}>" : $"{column.ItemType}";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}>",
            _ => $"a vector of {item} of unknown size",
        };
    }
}
