using Backprop.Internal;

namespace Backprop;

/// <summary>How <see cref="Model.Fit"/> scales a set of values: fitted on the training data only.</summary>
public enum Scaling
{
    /// <summary>No scaling: the network sees the raw values.</summary>
    None,

    /// <summary><see cref="MinMaxScaler"/>: x′ = (x − min) / (max − min).</summary>
    MinMax,

    /// <summary><see cref="StandardScaler"/>: x′ = (x − μ) / σ.</summary>
    ZScore,
}

/// <summary>What <see cref="Model.Fit"/> builds and how it trains it; each setting is checked when it is set.</summary>
public sealed record FitOptions
{
    /// <summary>The hidden layers' sizes, first hidden layer first (default one layer of 16); each at least 1; empty
    /// for none (a linear or logistic model).</summary>
    public IReadOnlyList<int> Hidden
    {
        get;
        init
        {
            Guard.NotNull(value, nameof(Hidden));
            for (int i = 0; i < value.Count; i++)
                if (value[i] < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), value[i], $"Hidden[{i}] is {value[i]}; a layer needs at least 1 neuron.");
            field = [.. value];
        }
    } = [16];

    /// <summary>The dropout rate p ∈ [0, 1) of every hidden layer's outputs in training (default 0: none); see
    /// <see cref="DenseLayer.Dropout"/>. The masks are drawn from the seed given to <see cref="Model.Fit"/>; the
    /// fitted model predicts without dropout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 1), or NaN.</exception>
    public double Dropout { get; init => field = DropoutMasks.CheckRate(value, nameof(Dropout)); }

    /// <summary>The hidden layers' activation (default <see cref="Activation.ReLU"/>).</summary>
    public Activation Activation { get; init => field = Guard.NotNull(value, nameof(Activation)); } = Activation.ReLU;

    /// <summary>The output activation, or null (the default) to choose from the loss: softmax for categorical
    /// cross-entropy, sigmoid for binary cross-entropy, identity for a regressor, sigmoid otherwise.</summary>
    public Activation? OutputActivation { get; init; }

    /// <summary>The loss, or null (the default): <see cref="Loss.CategoricalCrossEntropy"/> for a classifier,
    /// <see cref="Loss.MeanSquaredError"/> for a regressor.</summary>
    public Loss? Loss { get; init; }

    /// <summary>The initial weights, or null (the default): <see cref="ScaledInitializer.HeUniform"/> for rectifiers,
    /// <see cref="ScaledInitializer.GlorotUniform"/> otherwise.</summary>
    public IWeightInitializer? Initializer { get; init; }

    /// <summary>The scaling of the inputs, fitted on the training data (default <see cref="Scaling.ZScore"/>).</summary>
    public Scaling InputScaling { get; init => field = Defined(value, nameof(InputScaling)); } = Scaling.ZScore;

    /// <summary>For a regressor, the scaling of the targets the network learns, fitted on the training targets and
    /// undone on every prediction (default <see cref="Scaling.ZScore"/>); ignored for a classifier.</summary>
    public Scaling TargetScaling { get; init => field = Defined(value, nameof(TargetScaling)); } = Scaling.ZScore;

    /// <summary>When set, the network is trained by full-batch L-BFGS with these settings (<see cref="LbfgsTrainer"/>)
    /// instead of <see cref="Optimizer"/> and the epochs and batches of <see cref="Training"/>; default null. Dropout,
    /// validation data, early stopping, class weights and checkpoints do not apply to it and are refused.</summary>
    public LbfgsOptions? Lbfgs { get; init; }

    /// <summary>The precision of the network (default <see cref="Backprop.Precision.Float64"/>). With
    /// <see cref="Backprop.Precision.Float32"/> the initial weights are those of float64 rounded to floats once, the
    /// scaled data are converted to floats once, and the network trains, predicts and saves in float32; the
    /// scalings stay double. Not with <see cref="Lbfgs"/>, which minimises in double.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to an undefined value.</exception>
    public Precision Precision { get; init => field = Precisions.Checked(value, nameof(Precision)); }

    /// <summary>The update rule (default <c>new Adam(0.001)</c>).</summary>
    public Optimizer Optimizer { get; init => field = Guard.NotNull(value, nameof(Optimizer)); } = new Adam(0.001);

    /// <summary>Epochs, batch size, shuffling, validation split, early stopping, class weights and a checkpoint
    /// (default 100 epochs of shuffled batches of 32). Its <see cref="TrainingOptions.Seed"/> is replaced by the seed
    /// given to <see cref="Model.Fit"/>; its <see cref="TrainingOptions.Checkpoint"/> saves the whole model.</summary>
    public TrainingOptions Training { get; init => field = Guard.NotNull(value, nameof(Training)); } =
        new() { Epochs = 100, BatchSize = 32, Shuffle = true };

    /// <summary>These options with the choices left null made as <see cref="Model.Fit"/> makes them for
    /// <paramref name="data"/>: the loss from the task (<see cref="Loss"/>), the output activation from the loss
    /// (<see cref="OutputActivation"/>), the initializer from the activation (<see cref="Initializer"/>).</summary>
    /// <param name="data">The training data (only its task is read).</param>
    public FitOptions Resolved(Dataset data)
    {
        Guard.NotNull(data, nameof(data));
        var loss = Loss ?? (data.IsClassification ? Backprop.Loss.CategoricalCrossEntropy : Backprop.Loss.MeanSquaredError);
        return this with
        {
            Loss = loss,
            OutputActivation = OutputActivation ?? loss switch
            {
                CategoricalCrossEntropy => Activation.Softmax,
                BinaryCrossEntropy => Activation.Sigmoid,
                _ => data.IsClassification ? Activation.Sigmoid : Activation.Identity,
            },
            Initializer = Initializer ?? (Activation is ReLU or LeakyReLU ? ScaledInitializer.HeUniform : ScaledInitializer.GlorotUniform),
        };
    }

    /// <summary>The network <see cref="Model.Fit"/> builds for <paramref name="data"/> with these options and seed,
    /// before any training: <see cref="Hidden"/> layers of <see cref="Activation"/> (with <see cref="Dropout"/>), then
    /// one output per target row, with the choices of <see cref="Resolved"/>. Only the data's shape and task are read,
    /// so raw or scaled data give the same network.</summary>
    /// <param name="data">The training data (its feature count, target rows and task).</param>
    /// <param name="seed">The seed of the initial weights.</param>
    /// <exception cref="ArgumentException">The loss does not fit the output activation, or a size is refused.</exception>
    public Network CreateNetwork(Dataset data, int seed)
    {
        var o = Resolved(data);
        var layers = o.Hidden.Select(n => new LayerDefinition(n, o.Activation) { Dropout = o.Dropout })
            .Append(new LayerDefinition(data.OutputCount, o.OutputActivation!));
        return Network.Create(data.FeatureCount, layers, o.Initializer!, seed, o.Loss, Precision);
    }

    private static Scaling Defined(Scaling value, string name) =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Unknown scaling {value}.");
}

/// <summary>What <see cref="Model.Fit"/> returns.</summary>
/// <param name="Model">The fitted model: scaling, network and task.</param>
/// <param name="History">The training history, one report per epoch — per iteration for L-BFGS, whose
/// <see cref="EpochReport.MeanLoss"/> is f and <see cref="EpochReport.LearningRate"/> the accepted step α — (losses
/// in the scaled targets' units for a regressor with target scaling).</param>
public sealed record FitResult(Model Model, TrainingHistory History)
{
    /// <summary>With <see cref="FitOptions.Lbfgs"/>, what the L-BFGS run did (iterations, evaluations, why it
    /// stopped); null otherwise.</summary>
    public LbfgsResult? Lbfgs { get; init; }
}
