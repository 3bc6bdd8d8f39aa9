namespace Backprop.Tests.Losses;

public class HalfSquaredErrorTests
{
    [Fact]
    public void The_value_is_half_the_sum_of_squared_differences_and_the_terms_add_up_to_it()
    {
        double[] output = [0.75, 0.25, 0.5];
        double[] target = [1.0, 0.0, 0.125];
        var terms = new double[3];

        Loss.HalfSquaredError.Terms(output, target, terms);

        terms.Should().Equal(0.03125, 0.03125, 0.0703125);
        Loss.HalfSquaredError.Value(output, target).Should().Be(0.03125 + 0.03125 + 0.0703125);
    }

    [Fact]
    public void The_gradient_agrees_with_a_central_difference()
    {
        double[] output = [0.7513650695523157, 0.7729284653214625];
        double[] target = [0.01, 0.99];
        var gradient = new double[2];
        Loss.HalfSquaredError.Gradient(output, target, gradient);

        const double h = 1e-6;
        for (int i = 0; i < 2; i++)
        {
            double[] plus = [.. output], minus = [.. output];
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Loss.HalfSquaredError.Value(plus, target) - Loss.HalfSquaredError.Value(minus, target)) / (2 * h);
            gradient[i].Should().BeApproximately(numeric, 1e-9);
        }
        gradient[0].Should().Be(output[0] - target[0]);
    }
}
