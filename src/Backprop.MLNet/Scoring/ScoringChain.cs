using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Backprop.MLNet.Scoring;

/// <summary>
/// The ML.NET transformers a fitted Backprop trainer scores with, all ML.NET's own so that ML.NET saves and loads them:
/// its ONNX transformer over <see cref="MLNetGraph"/>'s graph (which ML.NET keeps inside its model file), one of the
/// stateless custom mappings (<see cref="MulticlassScoreMapping"/>, <see cref="BinaryScoreMapping"/>,
/// <see cref="RegressionScoreMapping"/>) that takes the scalars out of the ONNX vectors, for
/// multiclass a value mapping from the class index to the label's key (<see cref="KeyLookup"/>), and a drop of the
/// intermediate columns.
/// </summary>
internal static class ScoringChain
{
    /// <summary>
    /// The chain for <paramref name="model"/>, as ML.NET loads it from a model file. ML.NET's ONNX transformer reads
    /// its model from a file; this one is written to <see cref="MLContext.TempFilePath"/> (the system's temporary
    /// folder), the chain built on it is saved to memory and loaded back, and the file is deleted: the loaded chain's
    /// ONNX transformer holds a temporary copy of its own, which ML.NET deletes when the transformer is disposed or
    /// collected — as for any model it loads — and <see cref="ExitCleanup"/> at the latest when the process exits.
    /// </summary>
    public static ITransformer Build(Model model, PredictionKind kind, IDataView input, string featureColumn,
        DataViewSchema.Column label, int classes, int seed)
    {
        var ml = new MLContext(seed);
        string path = Path.Combine(ml.TempFilePath, $"backprop-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, MLNetGraph.ToBytes(model, kind, featureColumn));
        try
        {
            var first = Estimator(ml, kind, featureColumn, path, label, classes).Fit(input);
            try
            {
                using var saved = new MemoryStream();
                ml.Model.Save(first, input.Schema, saved);
                saved.Position = 0;
                var chain = ml.Model.Load(saved, out _);
                ExitCleanup.Register((IDisposable)chain);
                return chain;
            }
            finally
            {
                (first as IDisposable)?.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The columns the chain adds, for <see cref="IEstimator{TTransformer}.GetOutputSchema"/>. A schema shape holds no
    /// vector sizes and no key counts, so this asks ML.NET's estimators of the same columns: Score is shaped like a
    /// vector of Single (Concatenate of the features), a multiclass PredictedLabel like the label's key (CopyColumns),
    /// and the scalars as the custom mappings write them.
    /// </summary>
    public static SchemaShape OutputSchema(PredictionKind kind, SchemaShape input, string featureColumn, string labelColumn)
    {
        var ml = new MLContext(0);
        var t = ml.Transforms;
        IEstimator<ITransformer> shape = kind switch
        {
            PredictionKind.Multiclass => t.Concatenate(ScoreColumns.Score, featureColumn)
                .Append(t.CopyColumns(ScoreColumns.PredictedLabel, labelColumn)),
            PredictionKind.Binary => t.Concatenate(ScoreColumns.GraphLogit, featureColumn)
                .Append(t.Concatenate(ScoreColumns.GraphProbability, featureColumn))
                .Append(t.Concatenate(ScoreColumns.GraphClass, labelColumn))
                .Append(Mapping(ml, kind))
                .Append(t.DropColumns(HelperColumns(kind))),
            _ => t.Concatenate(ScoreColumns.GraphScore, featureColumn)
                .Append(Mapping(ml, kind))
                .Append(t.DropColumns(HelperColumns(kind))),
        };
        return shape.GetOutputSchema(input);
    }

    private static EstimatorChain<ColumnSelectingTransformer> Estimator(MLContext ml, PredictionKind kind, string featureColumn, string onnxFile,
        DataViewSchema.Column label, int classes)
    {
        IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel(GraphColumns(kind), [featureColumn], onnxFile)
            .Append(Mapping(ml, kind));
        if (kind == PredictionKind.Multiclass)
        {
            var lookup = new KeyLookup(label, classes);
            chain = chain.Append(ml.Transforms.Conversion.MapValue(ScoreColumns.PredictedLabel, lookup,
                lookup.Schema[KeyLookup.IndexColumn], lookup.Schema[KeyLookup.KeyColumn], ScoreColumns.ClassIndex));
        }
        return chain.Append(ml.Transforms.DropColumns(HelperColumns(kind)));
    }

    /// <summary>The ONNX graph's outputs, which the ONNX transformer writes as columns of the same names.</summary>
    private static string[] GraphColumns(PredictionKind kind) => kind switch
    {
        PredictionKind.Multiclass => [ScoreColumns.Score, ScoreColumns.GraphClass],
        PredictionKind.Binary => [ScoreColumns.GraphLogit, ScoreColumns.GraphProbability, ScoreColumns.GraphClass],
        _ => [ScoreColumns.GraphScore],
    };

    /// <summary>The columns between the ONNX transformer and the columns the trainer writes, dropped at the end.</summary>
    private static string[] HelperColumns(PredictionKind kind) => kind switch
    {
        PredictionKind.Multiclass => [ScoreColumns.GraphClass, ScoreColumns.ClassIndex],
        _ => GraphColumns(kind),
    };

    private static IEstimator<ITransformer> Mapping(MLContext ml, PredictionKind kind) => kind switch
    {
        PredictionKind.Multiclass => ml.Transforms.CustomMapping(new MulticlassScoreMapping().GetMapping(), MulticlassScoreMapping.Contract),
        PredictionKind.Binary => ml.Transforms.CustomMapping(new BinaryScoreMapping().GetMapping(), BinaryScoreMapping.Contract),
        _ => ml.Transforms.CustomMapping(new RegressionScoreMapping().GetMapping(), RegressionScoreMapping.Contract),
    };
}
