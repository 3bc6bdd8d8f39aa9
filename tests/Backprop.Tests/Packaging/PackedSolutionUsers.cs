namespace Backprop.Tests.Packaging;

/// <summary>The tests that use the packed solution share one pack and run one after another: two packs of the same
/// tree at once write the same build outputs (a class fixture per test class made two).</summary>
[CollectionDefinition(Name)]
public sealed class PackedSolutionUsers : ICollectionFixture<PackedSolution>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed solution";
}
