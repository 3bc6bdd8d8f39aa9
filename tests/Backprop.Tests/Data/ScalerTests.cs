using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

public class ScalerTests
{
    private static readonly Matrix<double> Train = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 3.0, 5.0 }, { 2.0, 2.0, 2.0 } });
    private static readonly Matrix<double> Test = Matrix<double>.Build.DenseOfArray(new[,] { { 7.0 }, { 9.0 } });

    [Fact]
    public void Min_max_scaling_maps_the_training_range_to_zero_one_and_reuses_it_on_test_data()
    {
        var scaler = MinMaxScaler.Fit(Train);

        scaler.Transform(Train).Row(0).ToArray().Should().Equal(0, 0.5, 1);
        scaler.Transform(Test)[0, 0].Should().Be(1.5, "test data is scaled with the training range, not its own");
    }

    [Fact]
    public void Z_scores_use_the_training_mean_and_population_deviation()
    {
        var scaler = StandardScaler.Fit(Train);

        scaler.Offset[0].Should().Be(3);
        scaler.Scale[0].Should().BeApproximately(Math.Sqrt(8.0 / 3), 1e-15);
        scaler.Transform(Test)[0, 0].Should().BeApproximately(4 / Math.Sqrt(8.0 / 3), 1e-15);
    }

    [Fact]
    public void A_feature_with_no_spread_maps_to_zero_not_NaN()
    {
        MinMaxScaler.Fit(Train).Transform(Test)[1, 0].Should().Be(0);
        StandardScaler.Fit(Train).Transform(Train).Row(1).ToArray().Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Data_with_another_feature_count_names_both_shapes()
    {
        var act = () => MinMaxScaler.Fit(Train).Transform(Matrix<double>.Build.Dense(3, 4));

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("3×4") && e.Message.Contains("2 features"));
    }

    [Fact]
    public void The_write_into_form_matches_the_returning_form()
    {
        var scaler = StandardScaler.Fit(Train);
        var result = Matrix<double>.Build.Dense(2, 3);

        scaler.Transform(Train, result);

        result.Should().BeEquivalentTo(scaler.Transform(Train));
    }

    [Fact]
    public void The_row_form_rounds_every_value_as_the_matrix_form_does_at_every_length_and_zero_spread_gives_plus_zero()
    {
        var random = new Random(9);
        for (int n = 1; n <= 19; n++)
        {
            var offset = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
            var scale = Enumerable.Range(0, n).Select(i => i % 3 == 1 ? 0 : random.NextDouble() * 3).ToArray();
            var scaler = new StandardScaler(offset, scale);
            var row = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 100 - 50).ToArray();
            var result = new double[n];

            scaler.Transform(row, result);

            for (int i = 0; i < n; i++)
            {
                double expected = scale[i] == 0 ? 0 : (row[i] - offset[i]) / scale[i];
                BitConverter.DoubleToInt64Bits(result[i]).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"length {n}, value {i}");
            }
            scaler.Transform(Matrix<double>.Build.DenseOfColumnArrays(row)).Column(0).ToArray().Should().Equal(result);
        }
    }
}
