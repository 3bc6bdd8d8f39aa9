using Backprop.Internal;

namespace Backprop;

public sealed partial class Model
{
    /// <summary>
    /// Fits the whole pipeline, as scikit-learn's <c>Pipeline</c> does: the input scaling (and a regressor's target
    /// scaling) fitted on <paramref name="training"/> only, then a network built and trained on the scaled data.
    /// A classification data set (<see cref="Dataset.IsClassification"/>) gives a classifier with its class names,
    /// any other a regressor with its target names.
    /// </summary>
    /// <param name="training">The training data, raw.</param>
    /// <param name="options">The network, the scaling and the training settings.</param>
    /// <param name="seed">The seed of the initial weights, the shuffles and the validation split.</param>
    /// <param name="validation">Validation data, raw (scaled with the training data's scaling); or null.</param>
    /// <param name="progress">Receives each epoch's report.</param>
    /// <param name="cancellationToken">Checked before each batch; see <see cref="Trainer.Train(Network, Dataset, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</param>
    /// <returns>The model and its training history.</returns>
    /// <exception cref="TrainingCanceledException">The token was cancelled; its <see cref="TrainingCanceledException.Model"/>
    /// is the partly trained model, and it names the epoch and batch where training stopped.</exception>
    /// <exception cref="ArgumentException">The data cannot train this model: no samples, one class only, or
    /// validation data of another shape; or <see cref="FitOptions.Dropout"/> is set with no hidden layer to apply it
    /// to. Nothing was trained.</exception>
    /// <exception cref="IOException">The <see cref="TrainingOptions.Checkpoint"/> file cannot be written (checked
    /// before the first epoch). A checkpoint holds the whole model, scaling and names included, and loads with
    /// <see cref="Load(string)"/>.</exception>
    public static FitResult Fit(Dataset training, FitOptions options, int seed, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(training, nameof(training));
        Guard.NotNull(options, nameof(options));
        if (options.Dropout != 0 && options.Hidden.Count == 0)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"options.Dropout is {options.Dropout} but options.Hidden is empty: dropout applies to hidden layers only, and there are none."), nameof(options));
        CheckFitData(training, validation);
        if (options.Lbfgs is not null) CheckLbfgs(options, validation);

        var inputScaler = FitScaler(options.InputScaling, training.Inputs);
        bool classifier = training.IsClassification;
        var targetScaler = classifier ? null : FitScaler(options.TargetScaling, training.Targets);
        var train = Scaled(training, inputScaler, targetScaler);
        var valid = validation is null ? null : Scaled(validation, inputScaler, targetScaler);

        var network = options.CreateNetwork(train, seed);
        Model Wrap() => classifier
            ? Adopt(network, ModelTask.Classification, training.ClassNames!, inputScaler, null, training.FeatureNames, null)
            : Adopt(network, ModelTask.Regression, training.TargetNames, inputScaler, targetScaler, training.FeatureNames, null);
        if (options.Lbfgs is { } lbfgs) return FitByLbfgs(network, train, lbfgs, Wrap, progress, cancellationToken);
        var trainer = new Trainer(options.Optimizer, options.Training with { Seed = seed })
        {
            // A checkpoint holds the whole model, its scaling and names with the network as it stands.
            CheckpointWriter = metadata => stream => Wrap().WithMetadata(metadata).Save(stream),
        };
        try
        {
            var history = trainer.Train(network, train, valid, progress, cancellationToken);
            return new FitResult(Wrap(), history);
        }
        catch (TrainingCanceledException e)
        {
            // The network keeps every completed update: hand it back as a model, with the scaling it was trained on.
            throw new TrainingCanceledException(e.History, e.Epoch, e.Batch, e.CancellationToken) { Model = Wrap() };
        }
    }

    private static void CheckFitData(Dataset training, Dataset? validation)
    {
        if (training.Count == 0) throw new ArgumentException("The training data has no samples.", nameof(training));
        if (training.IsClassification)
        {
            var names = training.ClassNames!;
            var present = names.Count < 2 ? [] : training.Labels().Distinct().ToArray();
            if (present.Length < 2)
                throw new ArgumentException(
                    $"The training data holds one class only ('{(names.Count < 2 ? names[0] : names[present[0]])}'); a classifier needs samples of at least two classes. " +
                    "Check the label column, or fit a regressor if the labels are values to predict.", nameof(training));
        }
        if (validation is null) return;
        if (validation.FeatureCount != training.FeatureCount || validation.OutputCount != training.OutputCount)
            throw new ArgumentException(
                $"validation has {validation.FeatureCount} features and {validation.OutputCount} targets per sample but training has " +
                $"{training.FeatureCount} and {training.OutputCount}.", nameof(validation));
        if (validation.IsClassification != training.IsClassification ||
            (training.ClassNames is { } classes && !classes.SequenceEqual(validation.ClassNames!, StringComparer.Ordinal)))
            throw new ArgumentException("validation's classes differ from training's: both need the same class names in the same order.", nameof(validation));
    }

    private static Scaler? FitScaler(Scaling scaling, MathNet.Numerics.LinearAlgebra.Matrix<double> values) => scaling switch
    {
        Scaling.MinMax => MinMaxScaler.Fit(values),
        Scaling.ZScore => StandardScaler.Fit(values),
        _ => null,
    };

    private static Dataset Scaled(Dataset data, Scaler? inputs, Scaler? targets) =>
        inputs is null && targets is null ? data
            : new Dataset(inputs?.Transform(data.Inputs) ?? data.Inputs, targets?.Transform(data.Targets) ?? data.Targets,
                data.ClassNames, data.FeatureNames, data.ClassNames is null ? data.TargetNames : null).Weighted(data.Weights);
}
