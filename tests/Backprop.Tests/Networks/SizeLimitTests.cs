using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class SizeLimitTests
{
    [Fact]
    public void A_network_too_large_to_exist_is_refused_at_once_without_allocating_it()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => Network.Create(4, [new LayerDefinition(99999999), new LayerDefinition(99999999)], new UniformInitializer(), seed: 1);

        // layers[0] alone needs 4,000,000,000 bytes: a machine with less than 16 GB refuses it, a larger one refuses layers[1].
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("layers").Which.Message.Should()
            .MatchRegex(@"^layers\[0\] is 99999999×4 \(outputs × inputs\): its parameters need 4,000,000,000 bytes .* this process can have"
                + @"|^layers\[1\] is 99999999×99999999 \(outputs × inputs\): 9,999,999,800,000,001 weights, more than the 2,147,483,591 one array can hold\.");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void The_parameters_of_all_layers_so_far_are_weighed_against_a_quarter_of_the_memory()
    {
        LayerDefinition[] layers = [new(1000), new(1000), new(10)];

        // (1000·4 + 1000) · 8 = 40,000 bytes, + (1000·1000 + 1000) · 8 = 8,048,000, + (10·1000 + 10) · 8 = 8,128,080.
        var ok = () => ParameterMemory.CheckNetwork(4, layers, available: 4 * 8_128_080L, "layers");
        var act = () => ParameterMemory.CheckNetwork(4, layers, available: 4 * 8_047_999L, "layers");

        ok.Should().NotThrow();
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("layers").WithMessage(
            "layers[1] is 1000×1000 (outputs × inputs): the parameters of layers[0] to layers[1] need 8,048,000 bytes (8 per weight and bias), "
            + "more than the 8,047,999 bytes they may take, a quarter of the 32,191,996 bytes this process can have, since training holds three more arrays of their size.*");
    }

    [Fact]
    public void An_unknown_amount_of_memory_checks_only_the_array_limit()
    {
        var ok = () => ParameterMemory.CheckNetwork(4, [new LayerDefinition(1000)], available: 0, "layers");
        var act = () => ParameterMemory.CheckNetwork(1 << 20, [new LayerDefinition(1 << 12)], available: 0, "layers");

        ok.Should().NotThrow();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("layers[0] is 4096×1048576*4,294,967,296 weights*");
    }

    [Fact]
    public void A_layer_definition_larger_than_an_array_is_refused()
    {
        var act = () => new LayerDefinition(int.MaxValue);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size").WithMessage("size 2,147,483,647 is more neurons than one array can hold (2,147,483,591).*");
    }

    [Fact]
    public void A_layer_whose_weights_cannot_be_copied_into_one_array_is_refused_before_the_copy()
    {
        var sparse = Matrix<double>.Build.Sparse(50_000, 50_000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => new DenseLayer(sparse);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weights")
            .WithMessage("layer is 50000×50000 (outputs × inputs): 2,500,000,000 weights, more than the 2,147,483,591 one array can hold.*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void The_memory_available_is_known_here()
    {
        ParameterMemory.AvailableBytes().Should().BePositive();
    }
}
