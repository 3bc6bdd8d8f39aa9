using Backprop.Internal;

namespace Backprop;

/// <summary>
/// A trained model an app can ship: the fitted input scaling, the network and the task — classification with its
/// class names, or regression with its target names and optional target scaling — in one object and one file
/// (<see cref="Save(string)"/>, <see cref="Load(string)"/>). It takes raw rows, as the data came, and returns what
/// the app wants: probabilities or values (<see cref="Predict(ReadOnlySpan{double})"/>) and labels
/// (<see cref="Classify(ReadOnlySpan{double})"/>).
/// </summary>
/// <remarks>
/// A model's scaling, names and task never change, and its factories take a copy of the network, so nothing a caller
/// does to theirs changes it; prediction is safe from any number of threads at once while nobody changes
/// <see cref="Network"/>, the model's own network. <see cref="Fit"/> builds one from data, fitting the
/// scaling on the training data only, as scikit-learn's <c>Pipeline</c> does.
/// </remarks>
public sealed partial class Model
{
    private readonly string[] _outputNames, _featureNames;

    private Model(Network network, ModelTask task, string[] outputNames, Scaler? inputScaler, Scaler? targetScaler,
        string[] featureNames, ModelMetadata? metadata)
    {
        Network = network;
        Task = task;
        _outputNames = outputNames;
        InputScaler = inputScaler;
        TargetScaler = targetScaler;
        _featureNames = featureNames;
        Metadata = metadata;
    }

    /// <summary>A classifier: <paramref name="network"/>'s outputs are the classes' scores, one per class (or one
    /// sigmoid output for two classes, p being class 1's probability).</summary>
    /// <param name="network">The trained network; the model keeps a copy.</param>
    /// <param name="classNames">The label of each output, in output order (two labels for a single output); at least
    /// two, distinct.</param>
    /// <param name="inputScaler">The scaling fitted on the training inputs, or null when the network takes raw values.</param>
    /// <param name="featureNames">The name of each input feature; "x0", "x1", … when null.</param>
    /// <param name="metadata">Optional facts saved with the model.</param>
    /// <exception cref="ArgumentException">A count does not match the network's inputs or outputs, or a name is
    /// empty or repeated.</exception>
    public static Model Classifier(Network network, IReadOnlyList<string> classNames, Scaler? inputScaler = null,
        IReadOnlyList<string>? featureNames = null, ModelMetadata? metadata = null) =>
        Classifier(network, classNames, inputScaler, featureNames, metadata, copy: true);

    private static Model Classifier(Network network, IReadOnlyList<string> classNames, Scaler? inputScaler,
        IReadOnlyList<string>? featureNames, ModelMetadata? metadata, bool copy)
    {
        Guard.NotNull(network, nameof(network));
        var classes = Names(classNames, nameof(classNames));
        int expected = network.OutputSize == 1 ? 2 : network.OutputSize;
        if (classes.Length != expected)
            throw new ArgumentException(network.OutputSize == 1
                ? $"{classes.Length} class names were given but a network with one output tells two classes apart (give two names: class 0, class 1)."
                : $"{classes.Length} class names were given but the network has {network.OutputSize} outputs (one per class).", nameof(classNames));
        return Create(network, ModelTask.Classification, classes, inputScaler, null, featureNames, metadata, copy);
    }

    /// <summary>A regressor: <paramref name="network"/>'s outputs are the targets, in scaled units when
    /// <paramref name="targetScaler"/> is given (the model turns them back: y = out·scale + offset).</summary>
    /// <param name="network">The trained network; the model keeps a copy.</param>
    /// <param name="targetNames">The name of each target, in output order; "y0", "y1", … when null.</param>
    /// <param name="inputScaler">The scaling fitted on the training inputs, or null.</param>
    /// <param name="targetScaler">The scaling fitted on the training targets, or null when the network predicts raw values.</param>
    /// <param name="featureNames">The name of each input feature; "x0", "x1", … when null.</param>
    /// <param name="metadata">Optional facts saved with the model.</param>
    /// <exception cref="ArgumentException">A count does not match the network's inputs or outputs, or a name is
    /// empty or repeated.</exception>
    public static Model Regressor(Network network, IReadOnlyList<string>? targetNames = null, Scaler? inputScaler = null,
        Scaler? targetScaler = null, IReadOnlyList<string>? featureNames = null, ModelMetadata? metadata = null) =>
        Regressor(network, targetNames, inputScaler, targetScaler, featureNames, metadata, copy: true);

    private static Model Regressor(Network network, IReadOnlyList<string>? targetNames, Scaler? inputScaler,
        Scaler? targetScaler, IReadOnlyList<string>? featureNames, ModelMetadata? metadata, bool copy)
    {
        Guard.NotNull(network, nameof(network));
        var targets = targetNames is null ? DefaultNames("y", network.OutputSize) : Names(targetNames, nameof(targetNames));
        if (targets.Length != network.OutputSize)
            throw new ArgumentException($"{targets.Length} target names were given but the network has {network.OutputSize} outputs (one per target).", nameof(targetNames));
        if (targetScaler is not null && targetScaler.FeatureCount != network.OutputSize)
            throw new ArgumentException($"targetScaler was fitted on {targetScaler.FeatureCount} targets but the network has {network.OutputSize} outputs.", nameof(targetScaler));
        return Create(network, ModelTask.Regression, targets, inputScaler, targetScaler, featureNames, metadata, copy);
    }

    private static Model Create(Network network, ModelTask task, string[] outputNames, Scaler? inputScaler, Scaler? targetScaler,
        IReadOnlyList<string>? featureNames, ModelMetadata? metadata, bool copy)
    {
        network.EnsureFinite();
        var features = featureNames is null ? DefaultNames("x", network.InputSize) : Names(featureNames, nameof(featureNames));
        if (features.Length != network.InputSize)
            throw new ArgumentException($"{features.Length} feature names were given but the network takes {network.InputSize} inputs.", nameof(featureNames));
        if (inputScaler is not null && inputScaler.FeatureCount != network.InputSize)
            throw new ArgumentException($"inputScaler was fitted on {inputScaler.FeatureCount} features but the network takes {network.InputSize} inputs.", nameof(inputScaler));
        return new Model(copy ? network.Clone() : network, task, outputNames, inputScaler, targetScaler, features, metadata);
    }

    /// <summary>Wraps a network the caller hands over (from <see cref="Fit"/> or a file) without copying it.</summary>
    internal static Model Adopt(Network network, ModelTask task, IReadOnlyList<string> outputNames, Scaler? inputScaler,
        Scaler? targetScaler, IReadOnlyList<string>? featureNames, ModelMetadata? metadata) =>
        task == ModelTask.Classification
            ? Classifier(network, outputNames, inputScaler, featureNames, metadata, copy: false)
            : Regressor(network, outputNames, inputScaler, targetScaler, featureNames, metadata, copy: false);

    /// <summary>The network, which takes scaled inputs. Predicting through the model is safe from many threads as
    /// long as nobody trains this network; <see cref="Network.Clone"/> it to train further.</summary>
    public Network Network { get; }

    /// <summary>Classification or regression.</summary>
    public ModelTask Task { get; }

    /// <summary>For a classifier, the label of each class in output order; null for a regressor.</summary>
    public IReadOnlyList<string>? ClassNames => Task == ModelTask.Classification ? _outputNames : null;

    /// <summary>For a regressor, the name of each target in output order; null for a classifier.</summary>
    public IReadOnlyList<string>? TargetNames => Task == ModelTask.Regression ? _outputNames : null;

    /// <summary>The name of each input feature, in the order a row gives them.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The scaling applied to every raw row before the network sees it, or null for none.</summary>
    public Scaler? InputScaler { get; }

    /// <summary>For a regressor, the scaling of the targets the network was trained on (undone on every
    /// prediction), or null.</summary>
    public Scaler? TargetScaler { get; }

    /// <summary>Facts saved with the model (how it was trained), or null.</summary>
    public ModelMetadata? Metadata { get; }

    /// <summary>The number of values in a raw row.</summary>
    public int FeatureCount => _featureNames.Length;

    /// <summary>The number of values <see cref="Predict(ReadOnlySpan{double})"/> returns: the network's outputs.</summary>
    public int OutputCount => Network.OutputSize;

    /// <summary>The same model with other metadata.</summary>
    /// <param name="metadata">The new metadata, or null for none.</param>
    public Model WithMetadata(ModelMetadata? metadata) =>
        new(Network, Task, _outputNames, InputScaler, TargetScaler, _featureNames, metadata);

    /// <summary>The same model with its network converted to <paramref name="precision"/> (see
    /// <see cref="Network.ToPrecision"/>): the scalings, names and metadata are kept; the model itself when the
    /// network already has that precision.</summary>
    /// <param name="precision">The precision of the copy's network.</param>
    /// <exception cref="ArgumentOutOfRangeException">The precision is not defined.</exception>
    /// <exception cref="ArgumentException">A weight would round to an infinity in float32; the message names it.</exception>
    public Model ToPrecision(Precision precision)
    {
        Internal.Precisions.Checked(precision, nameof(precision));
        return precision == Network.Precision
            ? this
            : new(Network.ToPrecision(precision), Task, _outputNames, InputScaler, TargetScaler, _featureNames, Metadata);
    }

    /// <summary>"classification of 3 classes (setosa, versicolor, virginica) from 4 features, zscore scaling; 4-8(relu)-3(softmax)".</summary>
    public override string ToString()
    {
        string what = Task == ModelTask.Classification
            ? $"classification of {_outputNames.Length} classes ({string.Join(", ", _outputNames)})"
            : $"regression of {_outputNames.Length} target{(_outputNames.Length == 1 ? "" : "s")} ({string.Join(", ", _outputNames)})";
        string scaling = InputScaler is null ? "no scaling" : InputScaler.Kind + " scaling";
        string shape = Network.InputSize + "-" + string.Join("-", Network.Layers.Select(l => $"{l.OutputSize}({l.Activation.Name})"));
        return $"{what} from {FeatureCount} features, {scaling}; {shape}";
    }

    private static string[] DefaultNames(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string[] Names(IReadOnlyList<string> names, string paramName)
    {
        Guard.NotNull(names, paramName);
        var copy = names.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(copy[i])) throw new ArgumentException($"{paramName}[{i}] is empty.", paramName);
            if (!seen.Add(copy[i])) throw new ArgumentException($"{paramName}[{i}] repeats '{copy[i]}'.", paramName);
        }
        return copy;
    }
}
