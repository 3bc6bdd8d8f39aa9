using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// ReduceOnPlateau against torch.optim.lr_scheduler.ReduceLROnPlateau: the rates torch kept for fixed loss sequences
/// (Fixtures/plateau.json, written by make_plateau_fixtures.py there), hand-worked sequences, and its use by the
/// trainer, whose reports show the rate in force and whose updates use it.
/// </summary>
public class ReduceOnPlateauTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Optimizers", "Fixtures", "plateau.json"))).RootElement);

    private static Network Line() => new(new DenseLayer(new[,] { { 0.5 } }, [0.1], Activation.Identity));

    /// <summary>The rate in force before each loss is observed, then the one after the last.</summary>
    private static double[] Rates(Optimizer optimizer, Network network, IEnumerable<double> losses)
    {
        var rates = new List<double>();
        foreach (double loss in losses)
        {
            rates.Add(optimizer.LearningRateAt(network, rates.Count));
            optimizer.ObserveLoss(network, loss);
        }
        rates.Add(optimizer.LearningRateAt(network, rates.Count));
        return rates.ToArray();
    }

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.Value.GetProperty("configurations").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_rates_are_torch_s_bit_for_bit(string name)
    {
        var config = Fixture.Value.GetProperty("configurations").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var s = config.GetProperty("settings");
        var schedule = new ReduceOnPlateau(s.GetProperty("factor").GetDouble(), s.GetProperty("patience").GetInt32(), s.GetProperty("min_lr").GetDouble())
        {
            Threshold = s.GetProperty("threshold").GetDouble(),
            ThresholdMode = s.GetProperty("threshold_mode").GetString() == "rel" ? ThresholdMode.Relative : ThresholdMode.Absolute,
            Cooldown = s.GetProperty("cooldown").GetInt32(),
            MinimumDecay = s.GetProperty("eps").GetDouble(),
        };
        var optimizer = new Sgd(config.GetProperty("lr").GetDouble(), schedule: schedule);
        var losses = config.GetProperty("losses").EnumerateArray().Select(x => x.GetDouble());
        var expected = config.GetProperty("rates").EnumerateArray().Select(x => x.GetDouble()).ToArray();

        var rates = Rates(optimizer, Line(), losses);

        rates.Should().Equal(expected);
        expected.Distinct().Should().HaveCountGreaterThan(1, "every configuration reduces the rate at least once");
    }

    [Fact]
    public void The_defaults_are_torch_s_documented_ones()
    {
        var p = new ReduceOnPlateau();

        (p.Factor, p.Patience, p.Threshold, p.ThresholdMode, p.Cooldown, p.MinimumRate, p.MinimumDecay)
            .Should().Be((0.1, 10, 1e-4, ThresholdMode.Relative, 0, 0.0, 1e-8));
    }

    [Fact]
    public void A_hand_worked_sequence_reduces_after_the_patience_and_waits_out_the_cooldown()
    {
        // factor 0.5, patience 1, threshold 0.1 relative (improve = loss < 0.9·best), cooldown 1, η = 0.8.
        var optimizer = new Sgd(0.8, schedule: new ReduceOnPlateau(0.5, 1) { Threshold = 0.1, Cooldown = 1 });
        double[] losses =
        [
            1.0,  // best 1.0
            0.95, // not < 0.9: bad 1 (≤ patience)
            0.85, // < 0.9: best 0.85, bad 0
            0.8,  // not < 0.765: bad 1
            0.79, // bad 2 > 1: η 0.8 → 0.4, cooldown 1, bad 0
            0.78, // bad 1, but in cooldown: cooldown 0, bad 0
            0.77, // bad 1
            0.77, // bad 2 > 1: η 0.4 → 0.2, cooldown 1
            0.5,  // < 0.765: best 0.5; cooldown 0
        ];

        var rates = Rates(optimizer, Line(), losses);

        rates.Should().Equal(0.8, 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2);
    }

    [Fact]
    public void An_absolute_threshold_subtracts_and_the_floor_holds()
    {
        // factor 0.1, patience 0, threshold 0.5 absolute (improve = loss < best − 0.5), floor 0.05, η = 1.
        var optimizer = new Sgd(1.0, schedule: new ReduceOnPlateau(0.1, 0, 0.05) { Threshold = 0.5, ThresholdMode = ThresholdMode.Absolute });

        // 10: best. 9.6: not < 9.5, reduce to 0.1. 9.4: < 9.5, best. 9: not < 8.9, reduce to max(0.01, 0.05) = 0.05.
        // 8: < 8.9, best. 8: not < 7.5, max(0.005, 0.05) = 0.05 is no decay, so the rate stays.
        var rates = Rates(optimizer, Line(), [10, 9.6, 9.4, 9, 8, 8]);

        rates.Should().Equal(1, 1, 0.1, 0.1, 0.05, 0.05, 0.05);
    }

    [Fact]
    public void A_NaN_loss_is_no_improvement_as_in_torch()
    {
        var optimizer = new Sgd(1.0, schedule: new ReduceOnPlateau(0.5, 0));

        Rates(optimizer, Line(), [1.0, double.NaN, 0.5]).Should().Equal(1, 1, 0.5, 0.5);
    }

    [Fact]
    public void Each_network_keeps_its_own_plateau_and_reset_forgets_it()
    {
        var optimizer = new Sgd(1.0, schedule: new ReduceOnPlateau(0.5, 0));
        var falling = Line();
        var flat = Line();

        for (int e = 0; e < 3; e++)
        {
            optimizer.ObserveLoss(falling, 1.0 / (e + 1));
            optimizer.ObserveLoss(flat, 1.0);
        }

        optimizer.LearningRateAt(falling, 3).Should().Be(1.0);
        optimizer.LearningRateAt(flat, 3).Should().Be(0.25);
        optimizer.LearningRateAt(3).Should().Be(1.0, "the schedule's own rate is η, before any reduction");
        optimizer.Reset(flat);
        optimizer.LearningRateAt(flat, 3).Should().Be(1.0);
    }

    [Fact]
    public void The_trainer_reports_the_rate_in_force_and_its_updates_use_it()
    {
        // Targets the line cannot fit, so the loss soon stalls and the rate falls.
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0, 3.0 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -1.0, 1.0, -1.0 } });
        var data = new Dataset(x, t);
        var schedule = new ReduceOnPlateau(0.5, 1) { Threshold = 1e-3 };
        var network = Line();

        var history = new Trainer(new Sgd(0.2, schedule: schedule), new TrainingOptions { Epochs = 30, BatchSize = 2 }).Train(network, data);

        var rates = history.Epochs.Select(e => e.LearningRate).ToArray();
        var replay = Rates(new Sgd(0.2, schedule: schedule), Line(), history.Epochs.Select(e => e.MeanLoss));
        rates.Should().Equal(replay[..^1], "the monitored loss is the mean training loss without validation data");
        rates.Distinct().Should().HaveCountGreaterThan(2);

        var manual = Line();
        foreach (double rate in rates) new Trainer(new Sgd(rate), new TrainingOptions { BatchSize = 2 }).Train(manual, data);
        manual.Layers[0].Weights[0, 0].Should().Be(network.Layers[0].Weights[0, 0]);
        manual.Layers[0].Bias[0].Should().Be(network.Layers[0].Bias[0]);
    }

    [Fact]
    public void With_validation_data_the_validation_loss_is_monitored()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0, 3.0 } });
        var data = new Dataset(x, Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0, 3.0 } }));
        var validation = new Dataset(x, Matrix<double>.Build.DenseOfArray(new[,] { { 3.0, 2.0, 1.0, 0.0 } }));
        var schedule = new ReduceOnPlateau(0.5, 2);

        var history = new Trainer(new Sgd(0.05, schedule: schedule), new TrainingOptions { Epochs = 20 }).Train(Line(), data, validation);

        var replay = Rates(new Sgd(0.05, schedule: schedule), Line(), history.Epochs.Select(e => e.ValidationLoss!.Value));
        history.Epochs.Select(e => e.LearningRate).Should().Equal(replay[..^1]);
        history.Epochs[^1].LearningRate.Should().BeLessThan(0.05, "the validation loss rises as the line fits the training data");
    }

    [Fact]
    public void A_step_trace_shows_the_reduced_rate_its_update_uses()
    {
        var optimizer = new Sgd(1.0, schedule: new ReduceOnPlateau(0.5, 0));
        var network = Line();
        optimizer.ObserveLoss(network, 1.0);
        optimizer.ObserveLoss(network, 1.0);
        var x = Vector<double>.Build.DenseOfArray([2.0]);
        var y = Vector<double>.Build.DenseOfArray([1.0]);
        double gw = Line().ComputeGradients(x, y).Weights[0][0, 0];

        var trace = StepTrace.Record(network, x, y, optimizer);

        trace.LearningRate.Should().Be(0.5);
        network.Layers[0].Weights[0, 0].Should().Be(0.5 - 0.5 * gw);
    }

    [Fact]
    public void Settings_out_of_range_are_rejected_by_name()
    {
        ((Action)(() => _ = new ReduceOnPlateau(factor: 1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "factor");
        ((Action)(() => _ = new ReduceOnPlateau(factor: 0))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "factor");
        ((Action)(() => _ = new ReduceOnPlateau(patience: -1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "patience");
        ((Action)(() => _ = new ReduceOnPlateau(minimumRate: double.NaN))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "minimumRate");
        ((Action)(() => _ = new ReduceOnPlateau { Threshold = -1e-4 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Threshold");
        ((Action)(() => _ = new ReduceOnPlateau { Cooldown = -1 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Cooldown");
        ((Action)(() => _ = new ReduceOnPlateau { MinimumDecay = double.PositiveInfinity })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "MinimumDecay");
        ((Action)(() => _ = new ReduceOnPlateau { ThresholdMode = (ThresholdMode)7 })).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "ThresholdMode");
    }
}
