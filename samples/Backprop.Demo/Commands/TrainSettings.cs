using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>Everything <c>train</c> was asked to do, checked once.</summary>
public sealed partial record TrainSettings
{
    /// <summary>The CSV file (or the name of a bundled data set, <see cref="Bundled"/>).</summary>
    public required string Data { get; init; }

    /// <summary>The 0-based label columns (several: regression targets); negative counts from the end.</summary>
    public IReadOnlyList<int> LabelColumns { get; init; } = [-1];

    /// <summary>The label columns by header name, when given (overrides <see cref="LabelColumns"/>).</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>auto (detect from the label column), classification or regression.</summary>
    public string Task { get; init; } = "auto";

    /// <summary>Hidden layer sizes, first hidden layer first.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [16];

    /// <summary>The hidden layers' activation.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>The output activation, or null to choose from the loss.</summary>
    public string? OutputActivation { get; init; }

    /// <summary>The loss, or null for categorical cross-entropy (classification) or mse (regression).</summary>
    public string? Loss { get; init; }

    /// <summary>sgd, momentum, nesterov, adam, rmsprop, adagrad, adamw, nadam or rprop (AdamW's --weight-decay is its decoupled decay).</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>η, or null for the optimizer's usual default (0.001 for Adam, 0.1 otherwise).</summary>
    public double? LearningRate { get; init; }

    /// <summary>μ for momentum and nesterov.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay λ.</summary>
    public double WeightDecay { get; init; }

    /// <summary>none, step:FACTOR:EVERY, exp:GAMMA, cosine:EPOCHS[:MIN] or warmup:EPOCHS[:START].</summary>
    public string Schedule { get; init; } = "none";

    /// <summary>The L1 penalty λ₁ on the weights (0: none).</summary>
    public double L1 { get; init; }

    /// <summary>The largest global gradient norm, or null for none.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>The largest magnitude of one gradient value, or null for none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Epochs.</summary>
    public int Epochs { get; init; } = 50;

    /// <summary>Samples per update (0: the whole training set).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The seed of the split, the initial weights and the shuffles.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The initializer, or null to choose from the activation.</summary>
    public string? Init { get; init; }

    /// <summary>The inputs' scaling, none, minmax or zscore; fitted on the training part only.</summary>
    public string Scale { get; init; } = "zscore";

    /// <summary>A regressor's target scaling, none, minmax or zscore; fitted on the training targets, undone on
    /// every prediction.</summary>
    public string TargetScale { get; init; } = "zscore";

    /// <summary>The held-out test share (0: evaluate on the training data).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>k-fold cross-validation instead of one split, when at least 2.</summary>
    public int Folds { get; init; }

    /// <summary>Stratify the split or the folds by class.</summary>
    public bool Stratify { get; init; } = true;

    /// <summary>Shuffle the training samples every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The share of the training part held out for validation.</summary>
    public double ValidationSplit { get; init; }

    /// <summary>Early-stopping patience in epochs (0: off).</summary>
    public int Patience { get; init; }

    /// <summary>Where to draw the loss curve (.png or .svg), if anywhere.</summary>
    public string? Plot { get; init; }

    /// <summary>Where to save the trained model (JSON), if anywhere.</summary>
    public string? Save { get; init; }

    /// <summary>The dropout rate of every hidden layer, in [0, 1) (0: none).</summary>
    public double Dropout { get; init; }

    /// <summary>balanced, or one weight per class (comma-separated), or null for none.</summary>
    public string? ClassWeights { get; init; }

    /// <summary>Where to save the best model after each improving epoch, if anywhere.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>float64 or float32: the network's precision.</summary>
    public string Precision { get; init; } = "float64";

    /// <summary>Print the network's layer-by-layer summary before training.</summary>
    public bool ShowSummary { get; init; }

    /// <summary>Print JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>The bundled data sets, by name.</summary>
    public static readonly IReadOnlyList<string> Bundled = ["iris", "digits", "tenpoint", "diabetes", "breast_cancer", "wine"];

    /// <summary>The file to read: <see cref="Data"/> itself, or the bundled file of that name.</summary>
    public string DataPath()
    {
        if (File.Exists(Data)) return Data;
        string bundled = Path.Combine(AppContext.BaseDirectory, "Data", Data + ".csv");
        if (Bundled.Contains(Data) && File.Exists(bundled)) return bundled;
        throw new FileNotFoundException($"--data {Data}: no such file; give a CSV path or one of the bundled data sets: {string.Join(", ", Bundled)}.", Data);
    }

    /// <summary>Parses <paramref name="typed"/>; a refusal becomes "OPTION TYPED: why" (ArgumentException).</summary>
    public static T Named<T>(string option, string typed, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse(typed);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option} {typed}: {Demo.Commands.Cli.Message(e)}", e);
        }
    }

    /// <summary>What <see cref="Model.Fit"/> builds and trains for a data set: the options typed, and the library's
    /// choices (<see cref="FitOptions.Resolved"/>) for the loss, output activation and initializer not typed.</summary>
    public FitOptions FitOptions(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hidden = Named("--activation", Activation, Backprop.Activation.Parse);
        return new FitOptions
        {
            Hidden = Hidden,
            Activation = hidden,
            OutputActivation = OutputActivation is null ? null : Named("--output-activation", OutputActivation, Backprop.Activation.Parse),
            Loss = Loss is null ? null : Named("--loss", Loss, Backprop.Loss.Parse),
            Initializer = Initializer(),
            InputScaling = Scaling("--scale", Scale),
            TargetScaling = Scaling("--target-scale", TargetScale),
            Optimizer = CreateOptimizer(),
            Training = TrainingOptions(data),
            Dropout = Dropout,
            Lbfgs = Lbfgs(),
            Precision = PrecisionOption.Parse(Precision),
        };
    }

    /// <summary>The network <see cref="Model.Fit"/> will build for <paramref name="data"/>, built once before training
    /// to check that its loss and activations go together and to describe it; the message names the options.</summary>
    public Network Preview(Dataset data)
    {
        var o = FitOptions(data).Resolved(data);
        if (Dropout != 0 && Hidden.Count == 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--dropout {Dropout}: dropout applies to hidden layers and --hidden is none."));
        try
        {
            return o.CreateNetwork(data, Seed);
        }
        catch (ArgumentException e) when (Loss is not null || OutputActivation is not null)
        {
            throw new ArgumentException($"--loss {o.Loss!.Name} with output activation {o.OutputActivation!.Name}: {Demo.Commands.Cli.Message(e)}", e);
        }
    }

    /// <summary>The scaling named none, minmax or zscore.</summary>
    public static Scaling Scaling(string option, string name) => name switch
    {
        "none" => Backprop.Scaling.None,
        "minmax" => Backprop.Scaling.MinMax,
        "zscore" => Backprop.Scaling.ZScore,
        var other => throw new ArgumentException($"{option} {other}: unknown scaling; use none, minmax or zscore."),
    };

    /// <summary>The initializer named by <see cref="Init"/>, or null for the library's choice (He for rectifiers,
    /// Glorot otherwise).</summary>
    public IWeightInitializer? Initializer() => Init switch
    {
        null => null,
        "uniform" => new UniformInitializer(),
        "glorot-uniform" => ScaledInitializer.GlorotUniform,
        "glorot-normal" => ScaledInitializer.GlorotNormal,
        "he-uniform" => ScaledInitializer.HeUniform,
        "he-normal" => ScaledInitializer.HeNormal,
        var other => throw new ArgumentException($"--init {other}: unknown initializer; use uniform, glorot-uniform, glorot-normal, he-uniform or he-normal."),
    };

    /// <summary>The training options for a training part (<see cref="Model.Fit"/> sets the seed of each run):
    /// balanced class weights are counted on that part, as scikit-learn counts them on what it is fitted on.</summary>
    public TrainingOptions TrainingOptions(Dataset train) => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize == 0 ? Backprop.TrainingOptions.FullBatch : BatchSize,
        Shuffle = Shuffle,
        ValidationSplit = ValidationSplit,
        EarlyStopping = Patience > 0 ? new EarlyStopping { Patience = Patience } : null,
        ClassWeights = ClassWeightsFor(train),
        Checkpoint = Checkpoint is null ? null : new Checkpoint(Checkpoint),
    };
}
