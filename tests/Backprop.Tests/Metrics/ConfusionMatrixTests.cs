namespace Backprop.Tests.Metrics;

public class ConfusionMatrixTests
{
    // actual:    0 0 0 1 1 2 2 2 2
    // predicted: 0 0 1 1 2 2 2 2 0
    private static readonly ConfusionMatrix M = new([0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 2, 2, 2, 2, 0], 3);

    [Fact]
    public void Counts_are_by_actual_then_predicted_class()
    {
        M[0, 0].Should().Be(2);
        M[0, 1].Should().Be(1);
        M[2, 0].Should().Be(1);
        M[1, 2].Should().Be(1);
        M.Total.Should().Be(9);
    }

    [Fact]
    public void Accuracy_precision_and_recall_follow_their_definitions()
    {
        M.Correct.Should().Be(6);
        M.Accuracy.Should().BeApproximately(6.0 / 9, 1e-15);
        M.Precision(0).Should().BeApproximately(2.0 / 3, 1e-15); // predicted 0: three times, two right
        M.Recall(0).Should().BeApproximately(2.0 / 3, 1e-15);
        M.Precision(2).Should().BeApproximately(3.0 / 4, 1e-15);
        M.Recall(2).Should().BeApproximately(3.0 / 4, 1e-15);
        M.Support(2).Should().Be(4);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_not_NaN()
    {
        var m = new ConfusionMatrix([0, 1], [0, 0], 2);

        m.Precision(1).Should().Be(0);
        m.Recall(1).Should().Be(0);
    }

    [Fact]
    public void A_class_index_out_of_range_names_the_sample()
    {
        var act = () => new ConfusionMatrix([0, 3], [0, 0], 3);

        act.Should().Throw<ArgumentException>().WithMessage("*actual[1] is 3*");
    }

    [Fact]
    public void Classes_are_the_largest_output_or_a_half_threshold_for_one_output()
    {
        Classes.Of([0.1, 0.7, 0.2]).Should().Be(1);
        Classes.Of([0.5]).Should().Be(1);
        Classes.Of([0.49]).Should().Be(0);
        Classes.Of([0.3, 0.3, 0.4, 0.4, 0.5, 0.1], 2, 3).Should().Equal(0, 0, 0);
    }
}
