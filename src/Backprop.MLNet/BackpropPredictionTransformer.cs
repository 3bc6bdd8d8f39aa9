using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// What a Backprop trainer's <c>Fit</c> returns: the fitted Backprop <see cref="Backprop.Model"/> and its training
/// history, and the ML.NET transformer that scores with it (<see cref="Transformer"/>), which this one runs and saves.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Transformer"/> is made of ML.NET's own transformers: its ONNX transformer over Backprop's ONNX export of
/// <see cref="Model"/> (float32 features in, computed in double inside), a stateless custom mapping of this package
/// that takes the scalar columns out of the ONNX outputs, for multiclass a value mapping from the class index to the
/// label's key, and a drop of the intermediate columns. <c>mlContext.Model.Save</c> writes that chain into ML.NET's
/// model file, the ONNX model inside it; <c>mlContext.Model.Load</c> gives it back as an ML.NET
/// <see cref="TransformerChain{TLastTransformer}"/>, not as this class: the Backprop model and its history are not in
/// the file (save <see cref="Model"/> with <see cref="Backprop.Model.Save(string)"/> to keep them).
/// </para>
/// <para>
/// Constraints of this route: the app that loads the file needs this package (ML.NET loads the custom mapping from it,
/// by the assembly name it saved; no registration call is needed) and ONNX Runtime (which the package brings); the
/// ONNX transformer runs one row at a time and keeps its model in a temporary file in <see cref="MLContext.TempFilePath"/>
/// (the system's temporary folder unless set), which must be writable and which is deleted when the transformer is
/// disposed or collected.
/// </para>
/// </remarks>
public sealed class BackpropPredictionTransformer : ITransformer, IDisposable
{
    internal BackpropPredictionTransformer(Model model, TrainingHistory history, ITransformer transformer, string featureColumnName, string labelColumnName)
    {
        Model = model;
        History = history;
        Transformer = transformer;
        FeatureColumnName = featureColumnName;
        LabelColumnName = labelColumnName;
    }

    /// <summary>The fitted Backprop model: the input scaling, the network and the task.</summary>
    public Model Model { get; }

    /// <summary>The training history, one report per epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>The ML.NET transformer that scores (and that is saved): ML.NET's own transformers, as loaded from a model file.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The feature column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The label column the model was trained on.</summary>
    public string LabelColumnName { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => Transformer.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Transformer.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Transformer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Transformer.Transform(input);

    /// <summary>Saves <see cref="Transformer"/>, ML.NET's own transformers, which ML.NET loads back with its own loaders.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Transformer.Save(ctx);

    /// <summary>Disposes <see cref="Transformer"/>: its ONNX session and temporary model file.</summary>
    public void Dispose() => (Transformer as IDisposable)?.Dispose();
}
