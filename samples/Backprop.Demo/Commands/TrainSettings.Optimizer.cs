using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>The optimizer, its schedule and clipping, and the class weights, as the options name them.</summary>
public sealed partial record TrainSettings
{
    /// <summary>A fresh optimizer as asked.</summary>
    public Optimizer CreateOptimizer()
    {
        var schedule = ParseSchedule(Schedule);
        var clipping = Clipping();
        if (!(L1 >= 0) || double.IsInfinity(L1)) throw new ArgumentException($"--l1 must be zero or a positive finite number; got {L1.ToString(CultureInfo.InvariantCulture)}.");
        return Optimizer switch
        {
            "sgd" => new Sgd(LearningRate ?? 0.1, WeightDecay, schedule) { Clipping = clipping, L1 = L1 },
            "momentum" => new Momentum(LearningRate ?? 0.1, Momentum, false, WeightDecay, schedule) { Clipping = clipping, L1 = L1 },
            "nesterov" => new Momentum(LearningRate ?? 0.1, Momentum, true, WeightDecay, schedule) { Clipping = clipping, L1 = L1 },
            "adam" => new Adam(LearningRate ?? 0.001, weightDecay: WeightDecay, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "rmsprop" => new RmsProp(LearningRate ?? 0.01, momentum: 0, weightDecay: WeightDecay, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "adagrad" => new AdaGrad(LearningRate ?? 0.01, weightDecay: WeightDecay, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "adamw" => new AdamW(LearningRate ?? 0.001, weightDecay: WeightDecay, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "nadam" => new Nadam(LearningRate ?? 0.002, weightDecay: WeightDecay, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "rprop" when WeightDecay != 0 => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--weight-decay {WeightDecay}: does not apply to rprop (it follows the gradient's sign alone).")),
            "rprop" => new Rprop(LearningRate ?? 0.01, schedule: schedule) { Clipping = clipping, L1 = L1 },
            "lbfgs" => new Adam(), // unused: L-BFGS is not a per-step rule (see Lbfgs)
            var other => throw new ArgumentException($"--optimizer {other}: unknown optimizer; use sgd, momentum, nesterov, adam, rmsprop, adagrad, adamw, nadam, rprop or lbfgs."),
        };
    }

    /// <summary>The gradient clipping asked for, or null.</summary>
    private GradientClipping? Clipping()
    {
        if (ClipNorm is null && ClipValue is null) return null;
        try
        {
            return new GradientClipping { Norm = ClipNorm, Value = ClipValue };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"--clip-{(e.ParamName == "Norm" ? "norm" : "value")} must be a positive finite number.");
        }
    }

    /// <summary>Parses none, step:FACTOR:EVERY, exp:GAMMA, cosine:EPOCHS[:MIN], warmup:EPOCHS[:START] or
    /// plateau:FACTOR:PATIENCE[:MIN].</summary>
    public static LearningRateSchedule ParseSchedule(string text)
    {
        var parts = text.Split(':');
        var c = CultureInfo.InvariantCulture;
        try
        {
            return parts[0] switch
            {
                "none" when parts.Length == 1 => LearningRateSchedule.Constant,
                "step" when parts.Length == 3 => new StepDecay(double.Parse(parts[1], c), int.Parse(parts[2], c)),
                "exp" when parts.Length == 2 => new ExponentialDecay(double.Parse(parts[1], c)),
                "cosine" when parts.Length is 2 or 3 => new CosineAnnealing(int.Parse(parts[1], c), parts.Length == 3 ? double.Parse(parts[2], c) : 0),
                "warmup" when parts.Length is 2 or 3 => new LinearWarmup(int.Parse(parts[1], c), parts.Length == 3 ? double.Parse(parts[2], c) : 0.1),
                "plateau" when parts.Length is 3 or 4 => new ReduceOnPlateau(double.Parse(parts[1], c), int.Parse(parts[2], c), parts.Length == 4 ? double.Parse(parts[3], c) : 0),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"--schedule {text}: unknown schedule; use none, step:FACTOR:EVERY (e.g. step:0.5:10), exp:GAMMA (e.g. exp:0.95), cosine:EPOCHS[:MIN], warmup:EPOCHS[:START] or plateau:FACTOR:PATIENCE[:MIN] (e.g. plateau:0.5:5).");
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"--schedule {text}: {Demo.Commands.Cli.Message(e)}");
        }
    }

    /// <summary>For --optimizer lbfgs, its settings: --epochs iterations at most, --weight-decay as λ; null otherwise.</summary>
    public LbfgsOptions? Lbfgs() => Optimizer == "lbfgs" ? new LbfgsOptions { MaxIterations = Epochs, WeightDecay = WeightDecay } : null;

    /// <summary>Refuses, for --optimizer lbfgs, the options that do not apply to it (it takes the whole training part
    /// at once and chooses its steps by a line search).</summary>
    public void CheckLbfgs()
    {
        if (Optimizer != "lbfgs") return;
        string? typed = LearningRate is { } eta ? "--learning-rate " + eta.ToString(CultureInfo.InvariantCulture)
            : Schedule != "none" ? "--schedule " + Schedule
            : ClipNorm is { } n ? "--clip-norm " + n.ToString(CultureInfo.InvariantCulture)
            : ClipValue is { } v ? "--clip-value " + v.ToString(CultureInfo.InvariantCulture)
            : L1 != 0 ? "--l1 " + L1.ToString(CultureInfo.InvariantCulture)
            : Dropout != 0 ? "--dropout " + Dropout.ToString(CultureInfo.InvariantCulture)
            : ClassWeights is not null ? "--class-weights " + ClassWeights
            : ValidationSplit != 0 ? "--validation-split " + ValidationSplit.ToString(CultureInfo.InvariantCulture)
            : Patience != 0 ? "--patience " + Patience.ToString(CultureInfo.InvariantCulture)
            : Checkpoint is not null ? "--checkpoint " + Checkpoint
            : null;
        if (typed is not null)
            throw new ArgumentException($"{typed}: does not apply to --optimizer lbfgs, which trains on the whole training part at once and chooses its steps by a line search.");
    }

    /// <summary>The class weights asked for, counted on <paramref name="train"/> for balanced; null for none.</summary>
    public IReadOnlyList<double>? ClassWeightsFor(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (ClassWeights is null) return null;
        if (!train.IsClassification) throw new ArgumentException($"--class-weights {ClassWeights}: class weights need classes, and the task is regression.");
        if (ClassWeights == "balanced") return Backprop.ClassWeights.Balanced(train);
        var parts = ClassWeights.Split(',');
        var weights = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]) || !double.IsFinite(weights[i]) || weights[i] < 0)
                throw new ArgumentException($"--class-weights {ClassWeights}: '{parts[i].Trim()}' is not a weight (a finite number ≥ 0); use balanced or one weight per class, e.g. 1,2.5,1.");
        if (weights.Length != train.OutputCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--class-weights {ClassWeights}: {weights.Length} weights for {train.OutputCount} classes ({string.Join(", ", train.ClassNames!)}); give one per class in that order."));
        if (weights.All(w => w == 0)) throw new ArgumentException($"--class-weights {ClassWeights}: every weight is 0; at least one class must count.");
        return weights;
    }
}
