using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

public class NetworkSizeTests
{
    [Fact]
    public void The_parameter_count_is_inputs_plus_one_times_outputs_per_layer_in_long()
    {
        NetworkSize.Parameters([64, 32, 10]).Should().Be(65 * 32 + 33 * 10);
        NetworkSize.Parameters([64, 99_999_999, 10]).Should().Be(65L * 99_999_999 + 100_000_000L * 10);
        NetworkSize.Parameters([100_000, 100_000, 100_000]).Should().Be(2 * 100_001L * 100_000);
    }

    [Theory]
    [InlineData(64, 99_999_999, 10, 32)]
    [InlineData(100_000, 100_000, 2, 1)]
    [InlineData(4, 1_000_000, 3, 5_000)]
    public void A_network_too_large_is_refused_naming_the_option_and_what_was_typed(int inputs, int hidden, int outputs, int columns)
    {
        var act = () => NetworkSize.Check("--hidden", hidden.ToString(System.Globalization.CultureInfo.InvariantCulture), [inputs, hidden, outputs], columns);

        act.Should().Throw<ArgumentException>().Which.Message.Should().StartWith($"--hidden {hidden}: ").And.EndWith("choose smaller sizes.");
    }

    [Fact]
    public void A_network_that_fits_passes()
    {
        var act = () => NetworkSize.Check("--hidden", "64,32", [64, 64, 32, 10], 1797);

        act.Should().NotThrow();
    }
}
