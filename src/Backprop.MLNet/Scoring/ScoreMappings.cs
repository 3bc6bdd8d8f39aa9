using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Backprop.MLNet.Scoring;

// ML.NET's ONNX transformer gives every ONNX output as a vector ([N, …] with N = 1 for the row it runs), and ML.NET's
// evaluators want scalars (Score, Probability and PredictedLabel of a binary classifier, Score of a regressor, the
// class index a multiclass classifier maps to its key). These stateless custom mappings take the one value out.
// ML.NET saves a custom mapping as its contract name and the name of the assembly that defines it, and on loading
// loads that assembly and finds the factory by its contract (CustomMappingFactoryAttribute): the app that loads a
// saved model needs this package, and no registration call.

/// <summary>The ONNX class index, multiclass.</summary>
internal sealed class MulticlassGraphRow
{
    [ColumnName(ScoreColumns.GraphClass)]
    public uint[] Class { get; set; } = [];
}

/// <summary>The class index as a scalar.</summary>
internal sealed class MulticlassIndexRow
{
    [ColumnName(ScoreColumns.ClassIndex)]
    public uint Index { get; set; }
}

/// <summary>Takes the multiclass class index out of its one-element vector.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MulticlassScoreMapping : CustomMappingFactory<MulticlassGraphRow, MulticlassIndexRow>
{
    public const string Contract = "Backprop.MLNet.MulticlassClassIndex";

    public override Action<MulticlassGraphRow, MulticlassIndexRow> GetMapping() => Map;

    private static void Map(MulticlassGraphRow row, MulticlassIndexRow result) => result.Index = row.Class[0];
}

/// <summary>The ONNX outputs of a binary classifier.</summary>
internal sealed class BinaryGraphRow
{
    [ColumnName(ScoreColumns.GraphLogit)]
    public float[] Logit { get; set; } = [];

    [ColumnName(ScoreColumns.GraphProbability)]
    public float[] Probability { get; set; } = [];

    [ColumnName(ScoreColumns.GraphClass)]
    public bool[] Class { get; set; } = [];
}

/// <summary>What ML.NET's binary evaluator reads.</summary>
internal sealed class BinaryScoreRow
{
    [ColumnName(ScoreColumns.Score)]
    public float Score { get; set; }

    [ColumnName(ScoreColumns.Probability)]
    public float Probability { get; set; }

    [ColumnName(ScoreColumns.PredictedLabel)]
    public bool PredictedLabel { get; set; }
}

/// <summary>Takes the binary classifier's logit, probability and class out of their one-element vectors.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class BinaryScoreMapping : CustomMappingFactory<BinaryGraphRow, BinaryScoreRow>
{
    public const string Contract = "Backprop.MLNet.BinaryScore";

    public override Action<BinaryGraphRow, BinaryScoreRow> GetMapping() => Map;

    private static void Map(BinaryGraphRow row, BinaryScoreRow result)
    {
        result.Score = row.Logit[0];
        result.Probability = row.Probability[0];
        result.PredictedLabel = row.Class[0];
    }
}

/// <summary>The ONNX output of a regressor.</summary>
internal sealed class RegressionGraphRow
{
    [ColumnName(ScoreColumns.GraphScore)]
    public float[] Score { get; set; } = [];
}

/// <summary>What ML.NET's regression evaluator reads.</summary>
internal sealed class RegressionScoreRow
{
    [ColumnName(ScoreColumns.Score)]
    public float Score { get; set; }
}

/// <summary>Takes the regressor's value out of its one-element vector.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class RegressionScoreMapping : CustomMappingFactory<RegressionGraphRow, RegressionScoreRow>
{
    public const string Contract = "Backprop.MLNet.RegressionScore";

    public override Action<RegressionGraphRow, RegressionScoreRow> GetMapping() => Map;

    private static void Map(RegressionGraphRow row, RegressionScoreRow result) => result.Score = row.Score[0];
}
