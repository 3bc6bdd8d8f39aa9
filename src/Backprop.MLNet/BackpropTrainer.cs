using Backprop.MLNet.Scoring;
using Backprop.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// An ML.NET estimator that trains a Backprop network with <see cref="Model.Fit"/> on a feature column and a label
/// column, and scores with ML.NET's own transformers (see <see cref="BackpropPredictionTransformer"/>), so that
/// <c>Evaluate</c>, <c>CrossValidate</c>, <c>CreatePredictionEngine</c> and <c>mlContext.Model.Save</c> and
/// <c>Load</c> work as for ML.NET's trainers. Made by the catalog methods of <see cref="BackpropCatalog"/>.
/// </summary>
/// <remarks>
/// The feature column is a vector of Single of known size (as Concatenate makes it); its values are widened to double
/// exactly and must be finite (a NaN, ML.NET's missing value, is refused naming its row and slot). The features are
/// z-score scaled inside the model unless an ML.NET normaliser already scaled them (see
/// <see cref="BackpropTrainerOptions.InputScaling"/>). Training is deterministic: the same data, options and
/// <see cref="BackpropTrainerOptions.Seed"/> give the same model.
/// </remarks>
public abstract class BackpropTrainer : IEstimator<BackpropPredictionTransformer>
{
    private protected BackpropTrainer(BackpropTrainerOptions? options, string labelColumnName, string featureColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        Options = options ?? new BackpropTrainerOptions();
        if (Options.Dropout != 0 && Options.HiddenLayers.Count == 0)
            throw new ArgumentException("Dropout is set but HiddenLayers is empty: dropout applies to hidden layers only, and there are none.", nameof(options));
        LabelColumnName = labelColumnName;
        FeatureColumnName = featureColumnName;
    }

    /// <summary>The network and training settings.</summary>
    public BackpropTrainerOptions Options { get; }

    /// <summary>The label column (default "Label").</summary>
    public string LabelColumnName { get; }

    /// <summary>The feature column (default "Features").</summary>
    public string FeatureColumnName { get; }

    private protected abstract PredictionKind Kind { get; }

    /// <summary>Reads the feature and label columns of <paramref name="input"/>, fits a Backprop model on them and
    /// returns the transformer that scores with it.</summary>
    /// <param name="input">The training data.</param>
    /// <exception cref="ArgumentException">A column is missing or of a type the trainer does not take (the message names
    /// it, its type and what is taken), a feature is not finite or a label is missing (naming the row), the data has no
    /// rows, or a classification label has samples of one class only.</exception>
    public BackpropPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var features = InputColumns.Features(input.Schema, FeatureColumnName, nameof(input));
        var (label, classes) = InputColumns.Label(input.Schema, LabelColumnName, Kind, nameof(input));
        var data = TrainingData.Read(input, features, label, Kind, classes);
        var scaling = Options.InputScaling ?? (features.IsNormalized() ? Scaling.None : Scaling.ZScore);
        var fit = Model.Fit(data, Options.ToFitOptions(scaling), Options.Seed);
        var transformer = ScoringChain.Build(fit.Model, Kind, input, FeatureColumnName, label, classes, Options.Seed);
        return new BackpropPredictionTransformer(fit.Model, fit.History, transformer, FeatureColumnName, LabelColumnName);
    }

    /// <summary>The input's columns and those the trainer writes (see the catalog methods of <see cref="BackpropCatalog"/>).</summary>
    /// <param name="inputSchema">The shape of the training data.</param>
    /// <exception cref="ArgumentException">A column is missing or of a type the trainer does not take.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        InputColumns.Features(inputSchema, FeatureColumnName, nameof(inputSchema));
        InputColumns.Label(inputSchema, LabelColumnName, Kind, nameof(inputSchema));
        return ScoringChain.OutputSchema(Kind, inputSchema, FeatureColumnName, LabelColumnName);
    }
}

/// <summary>A Backprop multiclass classifier for ML.NET: a softmax output per class, trained with categorical
/// cross-entropy. The label is a key (as MapValueToKey makes it); the trainer writes Score, a vector of Single holding
/// each class's probability in key order, and PredictedLabel, the most probable class as a key of the label's type
/// with the label's key values (so MapKeyToValue gives the label's values back).</summary>
public sealed class BackpropMulticlassTrainer : BackpropTrainer
{
    internal BackpropMulticlassTrainer(BackpropTrainerOptions? options, string labelColumnName, string featureColumnName)
        : base(options, labelColumnName, featureColumnName) { }

    private protected override PredictionKind Kind => PredictionKind.Multiclass;
}

/// <summary>A Backprop binary classifier for ML.NET: a two-output softmax (false, true), trained with categorical
/// cross-entropy. The label is a Boolean; the trainer writes Score, the logit net_true − net_false (so
/// Probability = 1 / (1 + e^−Score)), Probability, the probability of true, and PredictedLabel, true when true is the
/// more probable class (a tie goes to false, as Backprop's Classify takes the first of equal outputs).</summary>
public sealed class BackpropBinaryTrainer : BackpropTrainer
{
    internal BackpropBinaryTrainer(BackpropTrainerOptions? options, string labelColumnName, string featureColumnName)
        : base(options, labelColumnName, featureColumnName) { }

    private protected override PredictionKind Kind => PredictionKind.Binary;
}

/// <summary>A Backprop regressor for ML.NET: one identity output, trained with mean squared error on the label
/// z-scored by default (<see cref="BackpropTrainerOptions.TargetScaling"/>, undone on every prediction). The label is a
/// Single; the trainer writes Score, the predicted value in the label's units.</summary>
public sealed class BackpropRegressionTrainer : BackpropTrainer
{
    internal BackpropRegressionTrainer(BackpropTrainerOptions? options, string labelColumnName, string featureColumnName)
        : base(options, labelColumnName, featureColumnName) { }

    private protected override PredictionKind Kind => PredictionKind.Regression;
}
