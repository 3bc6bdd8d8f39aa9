using System.CommandLine;
using System.Globalization;
using Backprop.Demo.Tour;

namespace Backprop.Demo.Commands;

/// <summary>The <c>train</c> command: options, and what it prints.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Option<bool> json)
    {
        var data = new Option<string>("--data") { Description = "CSV file, or a bundled data set: " + string.Join(", ", TrainSettings.Bundled) + ".", Required = true };
        var labelColumn = new Option<string>("--label-column") { Description = "0-based label column, negative counting from the end; several (e.g. 8,9) are regression targets.", DefaultValueFactory = _ => "-1" };
        labelColumn.Validators.Add(r => { if (OptionChecks.Typed(r) is { } t && Columns(t).Error is { } e) r.AddError(e); });
        var labelName = new Option<string?>("--label-name") { Description = "Label column by header name; several (e.g. x,y) are regression targets." };
        var task = new Option<string>("--task") { Description = "auto (from the label column), classification or regression.", DefaultValueFactory = _ => "auto" };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, e.g. 5 or 64,32; 'none' for no hidden layer.", DefaultValueFactory = _ => "16" };
        hidden.Validators.Add(r => { if (OptionChecks.Typed(r) is { } t && Sizes(t, "--hidden").Error is { } e) r.AddError(e); });
        var activation = new Option<string>("--activation") { Description = "Hidden activation: sigmoid, tanh, relu, leaky-relu, identity.", DefaultValueFactory = _ => "relu" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "Output activation (default: softmax for cross-entropy, else sigmoid or identity)." };
        var loss = new Option<string?>("--loss") { Description = "half-squared-error, mse, binary-cross-entropy, categorical-cross-entropy (default for classes)." };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, momentum, nesterov, adam, rmsprop, adagrad, adamw, nadam, rprop or lbfgs (for adamw, --weight-decay is its decoupled decay; lbfgs trains the full batch by a line search, --epochs iterations at most).", DefaultValueFactory = _ => "adam" };
        var learningRate = new Option<double?>("--learning-rate") { Description = "η > 0 (default 0.001 for adam, 0.1 otherwise)." }.Positive();
        var momentum = new Option<double>("--momentum") { Description = "μ in [0, 1) for momentum and nesterov.", DefaultValueFactory = _ => 0.9 }.Share();
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay λ ≥ 0.", DefaultValueFactory = _ => 0 }.NonNegative();
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: none, step:FACTOR:EVERY, exp:GAMMA, cosine:EPOCHS[:MIN], warmup:EPOCHS[:START], plateau:FACTOR:PATIENCE[:MIN].", DefaultValueFactory = _ => "none" };
        var l1 = new Option<double>("--l1") { Description = "L1 penalty λ₁ ≥ 0 on the weights.", DefaultValueFactory = _ => 0 }.NonNegative();
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the gradients' global norm to this value (> 0)." }.Positive();
        var clipValue = new Option<double?>("--clip-value") { Description = "Clip each gradient value to ±this value (> 0)." }.Positive();
        var epochs = new Option<int>("--epochs") { Description = "Epochs, at least 1.", DefaultValueFactory = _ => 50 }.AtLeast(1);
        var batch = new Option<int>("--batch-size") { Description = "Samples per update; 1 = online, 0 = full batch.", DefaultValueFactory = _ => 32 }.AtLeast(0);
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the initial weights and the shuffles.", DefaultValueFactory = _ => 1 }.Whole();
        var init = new Option<string?>("--init") { Description = "uniform, glorot-uniform, glorot-normal, he-uniform, he-normal (default: he for relu, else glorot)." };
        var scale = new Option<string>("--scale") { Description = "Input scaling: none, minmax or zscore, fitted on the training part.", DefaultValueFactory = _ => "zscore" };
        var targetScale = new Option<string>("--target-scale") { Description = "A regressor's target scaling: none, minmax or zscore, fitted on the training part and undone on every prediction.", DefaultValueFactory = _ => "zscore" };
        var testFraction = new Option<double>("--test-fraction") { Description = "Held-out test share in [0, 1); 0 evaluates on the training data.", DefaultValueFactory = _ => 0.2 }.Share();
        var folds = new Option<int>("--folds") { Description = "k-fold cross-validation instead of one split: 0 (off) or 2 to the number of samples.", DefaultValueFactory = _ => 0 }
            .Whole(k => k == 0 || k >= 2, "use 0 (no cross-validation) or at least 2 folds");
        var noStratify = new Option<bool>("--no-stratify") { Description = "Do not keep class shares in the split or folds." };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Train in data order instead of shuffling every epoch." };
        var validationSplit = new Option<double>("--validation-split") { Description = "Share in [0, 1) of the training part held out for validation.", DefaultValueFactory = _ => 0 }.Share();
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience in epochs (0: off).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var plot = new Option<string?>("--plot") { Description = "Write the loss curve to FILE.png or FILE.svg." }.OutputFile(".png", ".svg");
        var dropout = new Option<double>("--dropout") { Description = "Dropout rate in [0, 1) of every hidden layer, during training only (0: none).", DefaultValueFactory = _ => 0 }.Share();
        var classWeights = new Option<string?>("--class-weights") { Description = "Weights of the classes in the loss: balanced (n / (classes · count)) or one per class, e.g. 1,2.5,1." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save the best model so far to FILE.json after every epoch that improves the monitored loss." }.OutputFile();
        var summary = new Option<bool>("--summary") { Description = "Print the network layer by layer (shapes, activations, parameters) before training." };
        var precision = PrecisionOption.ForNew();
        var save = new Option<string?>("--save") { Description = "Save the trained model to FILE.json (scaling, network, classes or targets; for predict and export-onnx)." }.OutputFile();

        var command = new Command("train", "Train a classifier or a regressor on a numeric CSV: accuracy and the confusion matrix, or MSE, MAE, RMSE and R².")
        {
            data, labelColumn, labelName, task, hidden, activation, outputActivation, loss, optimizer, learningRate, momentum,
            weightDecay, l1, schedule, clipNorm, clipValue, epochs, batch, seed, init, scale, targetScale, testFraction, folds, noStratify, noShuffle,
            validationSplit, patience, dropout, classWeights, checkpoint, summary, plot, save, precision,
        };
        command.SetAction(r => Cli.Guarded(() => Run(new TrainSettings
        {
            Data = r.GetValue(data)!,
            LabelColumns = Columns(r.GetValue(labelColumn)!).Columns,
            LabelNames = r.GetValue(labelName) is { } names ? names.Split(',').Select(n => n.Trim()).ToArray() : null,
            Task = r.GetValue(task)!,
            Hidden = ParseHidden(r.GetValue(hidden)!),
            Activation = r.GetValue(activation)!,
            OutputActivation = r.GetValue(outputActivation),
            Loss = r.GetValue(loss),
            Optimizer = r.GetValue(optimizer)!,
            LearningRate = r.GetValue(learningRate),
            Momentum = r.GetValue(momentum),
            WeightDecay = r.GetValue(weightDecay),
            Schedule = r.GetValue(schedule)!,
            L1 = r.GetValue(l1),
            ClipNorm = r.GetValue(clipNorm),
            ClipValue = r.GetValue(clipValue),
            Epochs = r.GetValue(epochs),
            BatchSize = r.GetValue(batch),
            Seed = r.GetValue(seed),
            Init = r.GetValue(init),
            Scale = r.GetValue(scale)!,
            TargetScale = r.GetValue(targetScale)!,
            TestFraction = r.GetValue(testFraction),
            Folds = r.GetValue(folds),
            Stratify = !r.GetValue(noStratify),
            Shuffle = !r.GetValue(noShuffle),
            ValidationSplit = r.GetValue(validationSplit),
            Patience = r.GetValue(patience),
            Plot = r.GetValue(plot),
            Save = r.GetValue(save),
            Dropout = r.GetValue(dropout),
            ClassWeights = r.GetValue(classWeights),
            Checkpoint = r.GetValue(checkpoint),
            ShowSummary = r.GetValue(summary),
            Precision = r.GetValue(precision)!,
            Json = r.GetValue(json),
        })));
        return command;
    }

    /// <summary>Parses "64,32" (or "none"); throws ArgumentException naming <paramref name="option"/> and the bad size.</summary>
    public static IReadOnlyList<int> ParseHidden(string text, string option = "--hidden")
    {
        var (sizes, error) = Sizes(text, option);
        return error is null ? sizes : throw new ArgumentException(error);
    }

    /// <summary>The sizes in "64,32" ("none" or "": none), or the error "OPTION TEXT: 'x' is not a positive layer size".</summary>
    public static (IReadOnlyList<int> Sizes, string? Error) Sizes(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() is "none" or "") return ([], null);
        var sizes = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
                return ([], $"{option} {text}: '{part.Trim()}' is not a positive layer size (use e.g. 5 or 64,32).");
            sizes.Add(n);
        }
        return (sizes, null);
    }

    /// <summary>The columns in "8,9" or "-1", or the error "--label-column TEXT: 'x' is not a whole number".</summary>
    public static (IReadOnlyList<int> Columns, string? Error) Columns(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var columns = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int c))
                return ([-1], text.Contains(',', StringComparison.Ordinal)
                    ? $"--label-column {text}: '{part.Trim()}' is not a whole number (use e.g. -1 or 8,9)"
                    : $"--label-column {text}: not a whole number");
            columns.Add(c);
        }
        return (columns, null);
    }

    /// <summary>Checks everything, then prints what will be trained, trains with progress, and reports. Ctrl-C
    /// stops training at the next batch: the partly trained network is reported (and saved), exit code 130.</summary>
    private static int Run(TrainSettings s)
    {
        TrainChecks.CheckSettings(s);
        var data = TrainData.Load(s);
        string network = TrainChecks.CheckWithData(s, data.Data);
        var output = Console.Out;
        using var interrupt = new Interrupt(Console.Error);
        TrainResult result;
        if (s.Json)
        {
            result = TrainRun.Run(s, data, null, interrupt.Token);
            output.WriteLine(Json.Write(TrainJson.ToJson(result)));
            return result.Interrupted is null ? Cli.Success : Cli.Interrupted;
        }
        TrainReport.WriteSummary(s, data, network, output);
        if (s.ShowSummary) output.WriteLine(s.Preview(data.Data).Summary());
        result = TrainProgress.Show(s, output, onEpoch => TrainRun.Run(s, data, onEpoch, interrupt.Token));
        TrainReport.WriteResult(result, output);
        if (s.Plot is not null && result.Runs[^1].History.Epochs.Count > 0) output.WriteLine($"loss curve written to {s.Plot}");
        if (s.Checkpoint is not null && result.Runs[^1].History.CheckpointEpoch is { } best)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best model (epoch {best + 1}) checkpointed to {s.Checkpoint}"));
        if (s.Save is not null)
            output.WriteLine(result.Interrupted is { } i
                ? $"model saved to {s.Save} (partial: stopped in epoch {i.Epoch + 1}, before batch {i.Batch + 1}; its metadata says \"partial\": \"true\")"
                : $"model saved to {s.Save}");
        return result.Interrupted is null ? Cli.Success : Cli.Interrupted;
    }
}
