using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Metrics;

public class RegressionMetricsTests
{
    private static Matrix<double> M(double[,] rows) => Matrix<double>.Build.DenseOfArray(rows);

    [Fact]
    public void One_target_gives_the_hand_computed_figures()
    {
        // scikit-learn's documentation example: errors 0.5, −0.5, 0, −1; ȳ = 2.875.
        var m = new RegressionMetrics(M(new double[,] { { 3, -0.5, 2, 7 } }), M(new double[,] { { 2.5, 0.0, 2, 8 } }));

        var t = m.Targets.Should().ContainSingle().Which;
        t.Name.Should().Be("y0");
        t.MeanSquaredError.Should().Be(0.375);                       // 1.5 / 4
        t.MeanAbsoluteError.Should().Be(0.5);                        // 2 / 4
        t.RootMeanSquaredError.Should().Be(Math.Sqrt(0.375));
        t.RSquared.Should().BeApproximately(1 - 1.5 / 29.1875, 1e-15); // SS_tot = 29.1875; sklearn: 0.948608137…
        m.RSquared.Should().BeApproximately(0.9486081370449679, 1e-15);
        m.Count.Should().Be(4);
    }

    [Fact]
    public void Two_targets_are_averaged_uniformly_as_scikit_learn_does()
    {
        // scikit-learn's multioutput example, y_true [[0.5, 1], [-1, 1], [7, -6]], as targets × samples.
        var actual = M(new double[,] { { 0.5, -1, 7 }, { 1, 1, -6 } });
        var predicted = M(new double[,] { { 0, -1, 8 }, { 2, 2, -5 } });

        var m = new RegressionMetrics(actual, predicted, ["a", "b"]);

        m.Targets.Select(t => t.Name).Should().Equal("a", "b");
        m.Targets[0].MeanSquaredError.Should().BeApproximately(1.25 / 3, 1e-15);
        m.Targets[1].MeanSquaredError.Should().Be(1);
        m.Targets[0].MeanAbsoluteError.Should().Be(0.5);
        m.Targets[1].MeanAbsoluteError.Should().Be(1);
        m.Targets[0].RSquared.Should().BeApproximately(419.0 / 434, 1e-15); // 1 − 1.25 / (217/6)
        m.Targets[1].RSquared.Should().BeApproximately(267.0 / 294, 1e-15); // 1 − 3 / (294/9)
        m.MeanSquaredError.Should().BeApproximately(0.7083333333333334, 1e-15);   // sklearn mean_squared_error
        m.MeanAbsoluteError.Should().Be(0.75);
        m.RootMeanSquaredError.Should().BeApproximately(0.8227486121839513, 1e-15); // mean of √MSE, not √(mean MSE)
        m.RSquared.Should().BeApproximately(0.9368005266622779, 1e-15);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(2.5, 0.0)]
    public void A_constant_target_scores_one_when_predicted_exactly_else_zero(double prediction, double r2)
    {
        var m = new RegressionMetrics(M(new double[,] { { 2, 2, 2 } }), M(new double[,] { { 2, 2, prediction } }));

        m.RSquared.Should().Be(r2);
        new RegressionMetrics(M(new double[,] { { 4 } }), M(new double[,] { { prediction * 2 } })).RSquared.Should().Be(r2);
    }

    [Fact]
    public void The_figures_agree_with_an_independent_computation()
    {
        var r = new Random(5);
        var actual = Matrix<double>.Build.Dense(3, 40, (_, _) => r.NextDouble() * 20 - 10);
        var predicted = actual.Map(v => v + r.NextDouble() * 4 - 2);

        var m = new RegressionMetrics(actual, predicted);

        for (int k = 0; k < 3; k++)
        {
            var y = actual.Row(k);
            var e = y - predicted.Row(k);
            double mse = e.DotProduct(e) / 40;
            double r2 = 1 - e.DotProduct(e) / (y - y.Average()).PointwisePower(2).Sum();
            m.Targets[k].MeanSquaredError.Should().BeApproximately(mse, 1e-12);
            m.Targets[k].MeanAbsoluteError.Should().BeApproximately(e.L1Norm() / 40, 1e-12);
            m.Targets[k].RootMeanSquaredError.Should().BeApproximately(Math.Sqrt(mse), 1e-12);
            m.Targets[k].RSquared.Should().BeApproximately(r2, 1e-12);
        }
        m.RSquared.Should().BeApproximately(m.Targets.Average(t => t.RSquared), 1e-15);
    }

    [Fact]
    public void A_data_set_names_the_targets_and_a_classification_set_is_refused()
    {
        var data = CsvDataset.Load(new StringReader("x,price\n1,0.5\n2,1.5\n3,2.5\n"));

        var m = new RegressionMetrics(data, M(new double[,] { { 0.5, 1.0, 3.5 } }));

        m.Targets[0].Name.Should().Be("price");
        m.MeanAbsoluteError.Should().BeApproximately(0.5, 1e-15);
        var classes = CsvDataset.Load(new StringReader("1,a\n2,b\n"));
        var act = () => new RegressionMetrics(classes, Matrix<double>.Build.Dense(2, 2));
        act.Should().Throw<ArgumentException>().WithParameterName("data");
    }

    [Fact]
    public void Shapes_that_differ_are_named()
    {
        var act = () => new RegressionMetrics(Matrix<double>.Build.Dense(1, 3), Matrix<double>.Build.Dense(2, 3));

        act.Should().Throw<ArgumentException>().WithParameterName("predicted").WithMessage("predicted is 2×3 but actual is 1×3 (targets × samples)*");
    }

    [Fact]
    public void A_prediction_that_is_not_finite_is_named_by_its_index()
    {
        var predicted = Matrix<double>.Build.Dense(2, 3);
        predicted[1, 2] = double.NaN;

        var act = () => new RegressionMetrics(Matrix<double>.Build.Dense(2, 3), predicted);

        act.Should().Throw<ArgumentException>().WithParameterName("predicted").WithMessage("predicted[1, 2] is NaN*");
    }

    [Fact]
    public void No_samples_or_errors_too_large_for_a_double_are_refused()
    {
        var empty = () => new RegressionMetrics(Matrix<double>.Build.Dense(1, 0), Matrix<double>.Build.Dense(1, 0));
        var huge = () => new RegressionMetrics(M(new double[,] { { 1e200, 0 } }), M(new double[,] { { -1e200, 0 } }));

        empty.Should().Throw<ArgumentException>().WithMessage("*no samples*");
        huge.Should().Throw<ArgumentException>().WithMessage("*target 0 ('y0') overflow*");
    }
}
