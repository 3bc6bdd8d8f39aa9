using System.Globalization;

namespace Backprop.MLNet;

/// <summary>
/// The network a Backprop trainer builds and how it trains it; each setting is checked when it is set
/// (<see cref="ArgumentOutOfRangeException"/> naming it). The defaults are <see cref="FitOptions"/>'s: one hidden
/// layer of 16 ReLU neurons, Adam with η = 0.001, 100 epochs of shuffled batches of 32.
/// </summary>
/// <remarks>
/// The output layer and the loss come from the task, as in <see cref="Model.Fit"/>: a softmax with categorical
/// cross-entropy for multiclass and binary classification (two outputs for a binary label), an identity output
/// with mean squared error for regression.
/// </remarks>
public sealed record BackpropTrainerOptions
{
    /// <summary>The hidden layers' sizes, first hidden layer first (default one layer of 16); each at least 1; empty
    /// for none (a linear or logistic model).</summary>
    public IReadOnlyList<int> HiddenLayers
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(HiddenLayers));
            for (int i = 0; i < value.Count; i++)
                if (value[i] < 1)
                    throw new ArgumentOutOfRangeException(nameof(HiddenLayers), value[i], $"HiddenLayers[{i}] is {value[i]}; a layer needs at least 1 neuron.");
            field = [.. value];
        }
    } = [16];

    /// <summary>The hidden layers' activation (default <see cref="Activation.ReLU"/>).</summary>
    public Activation Activation { get; init => field = value ?? throw new ArgumentOutOfRangeException(nameof(Activation), "Activation is null."); } = Activation.ReLU;

    /// <summary>The update rule and its learning rate (default <c>new Adam(learningRate: 0.001)</c>).</summary>
    public Optimizer Optimizer { get; init => field = value ?? throw new ArgumentOutOfRangeException(nameof(Optimizer), "Optimizer is null."); } = new Adam(0.001);

    /// <summary>Passes over the training data (default 100); at least 1.</summary>
    public int Epochs { get; init => field = AtLeastOne(value, nameof(Epochs)); } = 100;

    /// <summary>Samples per update (default 32); at least 1. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init => field = AtLeastOne(value, nameof(BatchSize)); } = 32;

    /// <summary>Whether each epoch visits the samples in a new order, drawn from <see cref="Seed"/> (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The dropout rate p ∈ [0, 1) of every hidden layer's outputs in training (default 0: none); see
    /// <see cref="FitOptions.Dropout"/>. Prediction never drops.</summary>
    public double Dropout { get; init => field = Fraction(value, nameof(Dropout)); }

    /// <summary>The fraction of the training rows held out to measure the validation loss each epoch, in [0, 1)
    /// (default 0: none); see <see cref="TrainingOptions.ValidationSplit"/>.</summary>
    public double ValidationSplit { get; init => field = Fraction(value, nameof(ValidationSplit)); }

    /// <summary>Stops when the monitored loss (validation, else training) stops improving, or null (the default)
    /// to train every epoch; see <see cref="TrainingOptions.EarlyStopping"/>.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// The scaling of the features fitted on the training data before the network sees them, or null (the default)
    /// to decide from the feature column: <see cref="Scaling.None"/> when an ML.NET normaliser made it (the column
    /// carries ML.NET's IsNormalized annotation, as after <c>NormalizeMeanVariance</c> or <c>NormalizeMinMax</c>),
    /// <see cref="Scaling.ZScore"/> otherwise. The scaling is part of the model and of its ONNX graph.
    /// </summary>
    public Scaling? InputScaling { get; init => field = value is { } s && !Enum.IsDefined(s) ? throw new ArgumentOutOfRangeException(nameof(InputScaling), s, $"Unknown scaling {s}.") : value; }

    /// <summary>For regression, the scaling of the label the network learns, fitted on the training labels and undone
    /// on every prediction (default <see cref="Scaling.ZScore"/>); ignored for classification.</summary>
    public Scaling TargetScaling { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(TargetScaling), value, $"Unknown scaling {value}."); } = Scaling.ZScore;

    /// <summary>The seed of the initial weights, the shuffles, the dropout masks and the validation split (default 1).
    /// The same data and options with the same seed give the same model, bit for bit.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The network's precision (default <see cref="Backprop.Precision.Float64"/>); see
    /// <see cref="FitOptions.Precision"/>. With <see cref="Backprop.Precision.Float32"/> the network trains and
    /// scores in float32 (ML.NET's own column type); the scaling stays double.</summary>
    public Precision Precision
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Precision), value, $"Unknown precision {value}.");
    }

    /// <summary>The <see cref="FitOptions"/> these options give, with <paramref name="inputScaling"/> resolved.</summary>
    internal FitOptions ToFitOptions(Scaling inputScaling) => new()
    {
        Hidden = HiddenLayers,
        Activation = Activation,
        Optimizer = Optimizer,
        Dropout = Dropout,
        InputScaling = inputScaling,
        TargetScaling = TargetScaling,
        Precision = Precision,
        Training = new TrainingOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            Shuffle = Shuffle,
            ValidationSplit = ValidationSplit,
            EarlyStopping = EarlyStopping,
        },
    };

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be at least 1.");

    private static double Fraction(double value, string name) =>
        value is >= 0 and < 1 ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be in [0, 1)."));
}
