using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary>Model.Fit with FitOptions.Lbfgs: the pipeline's scaling, then full-batch L-BFGS.</summary>
public sealed class ModelFitLbfgsTests
{
    [Fact]
    public void Fit_by_lbfgs_is_the_scaling_then_the_lbfgs_trainer_on_the_same_network_bit_for_bit()
    {
        var data = ModelTests.Iris();
        var lbfgs = new LbfgsOptions { MaxIterations = 40 };

        var fit = Model.Fit(data, new FitOptions { Hidden = [8], Activation = Activation.Tanh, Lbfgs = lbfgs }, seed: 3);

        var scaler = StandardScaler.Fit(data.Inputs);
        var network = Network.Create(4, [new LayerDefinition(8, Activation.Tanh), new LayerDefinition(3, Activation.Softmax)],
            ScaledInitializer.GlorotUniform, 3, Loss.CategoricalCrossEntropy);
        var result = new LbfgsTrainer(lbfgs).Train(network, scaler.Transform(data));
        for (int s = 0; s < data.Count; s++)
            fit.Model.Predict(ModelTests.Row(data, s)).Should().Equal(network.Predict(scaler.Transform(data.Inputs)).Column(s).ToArray());
        fit.Lbfgs!.Iterations.Should().Be(result.Iterations);
        fit.History.Epochs.Should().HaveCount(result.Iterations);
        fit.History.Epochs[^1].MeanLoss.Should().BeApproximately(result.Loss, 1e-15 * result.Loss);
    }

    [Fact]
    public void A_linear_regressor_fitted_by_lbfgs_reaches_the_least_squares_solution()
    {
        var data = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "diabetes.csv"));
        var fit = Model.Fit(data, new FitOptions { Hidden = [], Lbfgs = new LbfgsOptions { MaxIterations = 2000, GradientTolerance = 1e-12, RelativeReductionTolerance = 1e-16 } }, seed: 1);

        // The oracle: ordinary least squares on [x, 1] by QR, in the raw units.
        var x = data.Inputs.Transpose().Append(Matrix<double>.Build.Dense(data.Count, 1, 1.0));
        var beta = x.QR().Solve(data.Targets.Row(0));
        var leastSquares = x * beta;
        var predicted = fit.Model.Predict(data.Inputs).Row(0);
        for (int s = 0; s < data.Count; s++) predicted[s].Should().BeApproximately(leastSquares[s], 1e-6 * 350);
        double mean = data.Targets.Row(0).Average();
        double r2 = 1 - (data.Targets.Row(0) - leastSquares).PointwisePower(2).Sum() / (data.Targets.Row(0) - mean).PointwisePower(2).Sum();
        fit.Model.Evaluate(data).RSquared!.Value.Should().BeApproximately(r2, 1e-9).And.BeApproximately(0.5177, 1e-4, "the least-squares R² of the whole file");
    }

    [Fact]
    public void Settings_that_do_not_apply_to_lbfgs_are_refused_before_anything_is_fitted()
    {
        var data = ModelTests.Iris();
        var options = new FitOptions { Hidden = [8], Lbfgs = new LbfgsOptions() };

        var dropout = () => Model.Fit(data, options with { Dropout = 0.5 }, seed: 1);
        dropout.Should().Throw<ArgumentException>().WithMessage("options.Lbfgs is set, and Dropout does not apply to L-BFGS*");
        var early = () => Model.Fit(data, options with { Training = new TrainingOptions { EarlyStopping = new EarlyStopping() } }, seed: 1);
        early.Should().Throw<ArgumentException>().WithMessage("*Training.EarlyStopping does not apply*");
    }
}
