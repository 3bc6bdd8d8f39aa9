using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

public class DatasetTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(2, 3, (i, j) => i + j);

    [Fact]
    public void Target_names_default_to_the_class_names_or_to_y0_y1()
    {
        var oneHot = Matrix<double>.Build.Dense(2, 3, (i, j) => i == j % 2 ? 1 : 0);

        new Dataset(X, oneHot, ["a", "b"]).TargetNames.Should().Equal("a", "b");
        new Dataset(X, oneHot).TargetNames.Should().Equal("y0", "y1");
        new Dataset(X, oneHot, null, null, ["price", "tax"]).WithInputs(X * 2).TargetNames.Should().Equal("price", "tax");
    }

    [Fact]
    public void Target_names_that_do_not_fit_are_refused()
    {
        var t = Matrix<double>.Build.Dense(2, 3);

        var count = () => new Dataset(X, t, targetNames: ["only"]);
        var other = () => new Dataset(X, t, ["a", "b"], targetNames: ["b", "a"]);

        count.Should().Throw<ArgumentException>().WithParameterName("targetNames").WithMessage("1 target names were given but targets has 2 rows*");
        other.Should().Throw<ArgumentException>().WithParameterName("targetNames").WithMessage("*target names are the class names*");
    }
}
