namespace Backprop.Tests.Models;

public class FitPrecisionTests
{
    [Fact]
    public void Fit_in_float32_trains_saves_and_loads_a_float_model()
    {
        var data = ModelTests.Iris();
        var options = new FitOptions { Hidden = [8], Optimizer = new Adam(0.01), Precision = Backprop.Precision.Float32,
            Training = new TrainingOptions { Epochs = 30, BatchSize = 8, Shuffle = true } };

        var fit = Model.Fit(data, options, seed: 1);
        using var stream = new MemoryStream();
        fit.Model.Save(stream);
        stream.Position = 0;
        var loaded = Model.Load(stream);

        fit.Model.Network.Precision.Should().Be(Backprop.Precision.Float32);
        loaded.Network.Precision.Should().Be(Backprop.Precision.Float32);
        var row = ModelTests.Row(data, 120);
        loaded.Predict(row).Should().Equal(fit.Model.Predict(row));
        var labels = data.Labels();
        Enumerable.Range(0, data.Count).Count(s => fit.Model.Classify(ModelTests.Row(data, s)).Index == labels[s]).Should().BeGreaterThan(140);
    }

    [Fact]
    public void Fit_by_lbfgs_in_float32_gives_a_float32_model_that_classifies_iris()
    {
        var data = ModelTests.Iris();

        var fit = Model.Fit(data, new FitOptions { Lbfgs = new LbfgsOptions(), Precision = Backprop.Precision.Float32 }, seed: 1);

        fit.Model.Network.Precision.Should().Be(Backprop.Precision.Float32);
        fit.Lbfgs!.Iterations.Should().BeGreaterThan(5);
        var labels = data.Labels();
        Enumerable.Range(0, data.Count).Count(s => fit.Model.Classify(ModelTests.Row(data, s)).Index == labels[s]).Should().BeGreaterThan(140);
    }

    [Fact]
    public void An_undefined_precision_is_refused()
    {
        var undefined = () => new FitOptions { Precision = (Backprop.Precision)7 };

        undefined.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Precision");
    }
}
