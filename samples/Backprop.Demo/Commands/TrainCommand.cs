using System.CommandLine;
using System.Globalization;
using Backprop.Demo.Tour;
using Spectre.Console;

namespace Backprop.Demo.Commands;

/// <summary>The <c>train</c> command: options, and what it prints.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Option<bool> json)
    {
        var data = new Option<string>("--data") { Description = "CSV file, or a bundled data set: iris, digits, tenpoint.", Required = true };
        var labelColumn = new Option<int>("--label-column") { Description = "0-based label column; negative counts from the end.", DefaultValueFactory = _ => -1 };
        var labelName = new Option<string?>("--label-name") { Description = "Label column by header name." };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, e.g. 5 or 64,32; 'none' for no hidden layer.", DefaultValueFactory = _ => "16" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation: sigmoid, tanh, relu, leaky-relu, identity.", DefaultValueFactory = _ => "relu" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "Output activation (default: softmax for cross-entropy, else sigmoid or identity)." };
        var loss = new Option<string?>("--loss") { Description = "half-squared-error, mse, binary-cross-entropy, categorical-cross-entropy (default for classes)." };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, momentum, nesterov, adam, rmsprop, adagrad, adamw, nadam or rprop (for adamw, --weight-decay is its decoupled decay).", DefaultValueFactory = _ => "adam" };
        var learningRate = new Option<double?>("--learning-rate") { Description = "η (default 0.001 for adam, 0.1 otherwise)." };
        var momentum = new Option<double>("--momentum") { Description = "μ for momentum and nesterov.", DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay λ.", DefaultValueFactory = _ => 0 };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: none, step:FACTOR:EVERY, exp:GAMMA, cosine:EPOCHS[:MIN], warmup:EPOCHS[:START].", DefaultValueFactory = _ => "none" };
        var l1 = new Option<double>("--l1") { Description = "L1 penalty λ₁ on the weights.", DefaultValueFactory = _ => 0 };
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the gradients' global norm to this value." };
        var clipValue = new Option<double?>("--clip-value") { Description = "Clip each gradient value to ±this value." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 50 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per update; 1 = online, 0 = full batch.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the initial weights and the shuffles.", DefaultValueFactory = _ => 1 };
        var init = new Option<string?>("--init") { Description = "uniform, glorot-uniform, glorot-normal, he-uniform, he-normal (default: he for relu, else glorot)." };
        var scale = new Option<string>("--scale") { Description = "none, minmax or zscore, fitted on the training part.", DefaultValueFactory = _ => "zscore" };
        var testFraction = new Option<double>("--test-fraction") { Description = "Held-out test share; 0 evaluates on the training data.", DefaultValueFactory = _ => 0.2 };
        var folds = new Option<int>("--folds") { Description = "k-fold cross-validation instead of one split.", DefaultValueFactory = _ => 0 };
        var noStratify = new Option<bool>("--no-stratify") { Description = "Do not keep class shares in the split or folds." };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Train in data order instead of shuffling every epoch." };
        var validationSplit = new Option<double>("--validation-split") { Description = "Share of the training part held out for validation.", DefaultValueFactory = _ => 0 };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience in epochs (0: off).", DefaultValueFactory = _ => 0 };
        var plot = new Option<string?>("--plot") { Description = "Write the loss curve to FILE.png or FILE.svg." };
        var save = new Option<string?>("--save") { Description = "Save the trained model to FILE.json (with its classes and scaling, for predict)." };

        var command = new Command("train", "Train a network on a numeric CSV and report accuracy and the confusion matrix.")
        {
            data, labelColumn, labelName, hidden, activation, outputActivation, loss, optimizer, learningRate, momentum,
            weightDecay, l1, schedule, clipNorm, clipValue, epochs, batch, seed, init, scale, testFraction, folds, noStratify, noShuffle,
            validationSplit, patience, plot, save,
        };
        command.SetAction((r, token) => Task.FromResult(Cli.Guarded(() => Run(new TrainSettings
        {
            Data = r.GetValue(data)!,
            LabelColumn = r.GetValue(labelColumn),
            LabelName = r.GetValue(labelName),
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
            TestFraction = r.GetValue(testFraction),
            Folds = r.GetValue(folds),
            Stratify = !r.GetValue(noStratify),
            Shuffle = !r.GetValue(noShuffle),
            ValidationSplit = r.GetValue(validationSplit),
            Patience = r.GetValue(patience),
            Plot = r.GetValue(plot),
            Save = r.GetValue(save),
            Json = r.GetValue(json),
        }, token))));
        return command;
    }

    /// <summary>Parses "64,32" (or "none").</summary>
    public static IReadOnlyList<int> ParseHidden(string text)
    {
        if (text.Trim() is "none" or "") return [];
        return text.Split(',').Select(p =>
            int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new ArgumentException($"--hidden: '{p.Trim()}' is not a positive layer size (use e.g. 5 or 64,32).")).ToArray();
    }

    private static int Run(TrainSettings s, CancellationToken token)
    {
        if (s.TestFraction is < 0 or >= 1) throw new ArgumentException("--test-fraction must be in [0, 1).");
        if (s.Save is not null && s.Folds >= 2) throw new ArgumentException("--save saves one model: use it with a train/test split, not --folds.");
        var output = Console.Out;
        int runs = s.Folds >= 2 ? s.Folds : 1;
        TrainResult result;
        if (s.Json)
        {
            result = TrainRun.Run(s, null, token);
            output.WriteLine(Json.Write(TrainReport.ToJson(result)));
            return 0;
        }
        TrainReport.WriteHeader(s, output);
        if (Console.IsOutputRedirected)
        {
            result = TrainRun.Run(s, (run, r) => output.WriteLine(TrainReport.EpochLine(run, runs, s.Epochs, r)), token);
        }
        else
        {
            TrainResult? inner = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var bars = Enumerable.Range(0, runs).Select(f => ctx.AddTask(runs > 1 ? $"fold {f + 1}" : "training", maxValue: s.Epochs)).ToArray();
                    inner = TrainRun.Run(s, (run, r) =>
                    {
                        bars[run].Value = r.Epoch + 1;
                        bars[run].Description = (runs > 1 ? $"fold {run + 1} " : "") + $"loss {r.MeanLoss.ToString("F4", CultureInfo.InvariantCulture)}";
                    }, token);
                    foreach (var bar in bars) bar.Value = bar.MaxValue;
                });
            result = inner!;
        }
        TrainReport.WriteResult(result, output);
        if (s.Plot is not null) output.WriteLine($"loss curve written to {s.Plot}");
        if (s.Save is not null) output.WriteLine($"model saved to {s.Save}");
        return 0;
    }
}
