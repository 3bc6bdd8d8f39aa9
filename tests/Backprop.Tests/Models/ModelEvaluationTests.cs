using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

public sealed class ModelEvaluationTests
{
    [Fact]
    public void A_classifier_is_scored_by_its_confusion_matrix_on_raw_data()
    {
        var data = ModelTests.Iris().WithClassNames(["setosa", "versicolor", "virginica"]);
        var (train, test) = DataSplit.TrainTest(data, 0.2, new Random(1));
        var model = Model.Fit(train, new FitOptions { Hidden = [8], Optimizer = new Adam(0.01), Training = new TrainingOptions { Epochs = 30, BatchSize = 8, Shuffle = true } }, seed: 1).Model;

        var scores = model.Evaluate(test);

        model.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        int right = Enumerable.Range(0, test.Count).Count(s => model.Classify(ModelTests.Row(test, s)).Index == test.Labels()[s]);
        scores.Confusion!.Correct.Should().Be(right);
        scores.Accuracy.Should().Be((double)right / 30);
        scores.Regression.Should().BeNull();
        scores.RSquared.Should().BeNull();
    }

    [Fact]
    public void A_regressor_is_scored_in_the_targets_own_units()
    {
        var network = new Network([new DenseLayer(new[,] { { 2.0 } }, [0.0], Activation.Identity)], Loss.MeanSquaredError);
        var model = Model.Regressor(network, ["y"], targetScaler: new StandardScaler([10.0], [3.0]));
        var data = new Dataset(Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0 } }), Matrix<double>.Build.DenseOfArray(new[,] { { 10.0, 16.0, 20.0 } }));

        var scores = model.Evaluate(data);

        // predictions 10, 16, 22: errors 0, 0, 2; mean of y is 46/3.
        scores.Regression!.MeanSquaredError.Should().BeApproximately(4.0 / 3, 1e-15);
        scores.Regression.MeanAbsoluteError.Should().BeApproximately(2.0 / 3, 1e-15);
        double ssTot = Math.Pow(10 - 46.0 / 3, 2) + Math.Pow(16 - 46.0 / 3, 2) + Math.Pow(20 - 46.0 / 3, 2);
        scores.RSquared!.Value.Should().BeApproximately(1 - 4 / ssTot, 1e-15);
        scores.Accuracy.Should().BeNull();
    }

    [Fact]
    public void Data_that_does_not_fit_the_model_is_refused_naming_the_difference()
    {
        var model = ModelTests.FitIris(1).Model;

        var renamed = () => model.Evaluate(ModelTests.Iris().WithClassNames(["a", "b", "c"]));
        renamed.Should().Throw<ArgumentException>().WithMessage("data's classes (a, b, c) are not the model's (0, 1, 2)*");
        var repeated = () => ModelTests.Iris().WithClassNames(["a", "b", "a"]);
        repeated.Should().Throw<ArgumentException>().WithMessage("classNames[2] is 'a' again*");
    }
}
