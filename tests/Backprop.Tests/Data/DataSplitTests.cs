using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

public class DataSplitTests
{
    /// <summary>100 samples: 60 of class 0 then 40 of class 1.</summary>
    private static Dataset Unbalanced() => new(
        Matrix<double>.Build.Dense(1, 100, (_, j) => j),
        Matrix<double>.Build.Dense(2, 100, (i, j) => (j < 60 ? 0 : 1) == i ? 1 : 0),
        ["a", "b"]);

    [Fact]
    public void A_stratified_split_keeps_each_class_share_and_covers_every_sample_once()
    {
        var (train, test) = DataSplit.TrainTestIndices(Unbalanced(), 0.2, new Random(1));

        test.Should().HaveCount(20);
        test.Count(i => i < 60).Should().Be(12);
        train.Concat(test).Should().BeEquivalentTo(Enumerable.Range(0, 100));
        train.Should().BeInAscendingOrder();
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var a = DataSplit.TrainTestIndices(Unbalanced(), 0.3, new Random(5)).Test;
        var b = DataSplit.TrainTestIndices(Unbalanced(), 0.3, new Random(5)).Test;
        var c = DataSplit.TrainTestIndices(Unbalanced(), 0.3, new Random(6)).Test;

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Fact]
    public void The_data_set_form_returns_the_subsets()
    {
        var data = Unbalanced();
        var (train, test) = DataSplit.TrainTest(data, 0.2, new Random(1));
        var (trainIdx, testIdx) = DataSplit.TrainTestIndices(data, 0.2, new Random(1));

        test.Inputs.Row(0).ToArray().Should().Equal(testIdx.Select(i => (double)i));
        train.Count.Should().Be(trainIdx.Length);
        train.ClassNames.Should().Equal("a", "b");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void K_folds_test_every_sample_exactly_once(bool stratify)
    {
        var folds = DataSplit.KFold(Unbalanced(), 7, new Random(2), stratify);

        folds.Should().HaveCount(7);
        folds.SelectMany(f => f.Test).Should().BeEquivalentTo(Enumerable.Range(0, 100));
        folds.Select(f => f.Test.Count).Should().OnlyContain(n => n == 14 || n == 15);
        folds.Should().OnlyContain(f => f.Train.Count + f.Test.Count == 100 && !f.Train.Intersect(f.Test).Any());
    }

    [Fact]
    public void Stratified_folds_keep_the_class_shares()
    {
        var folds = DataSplit.KFold(Unbalanced(), 5, new Random(3), stratify: true);

        folds.Should().OnlyContain(f => f.Test.Count(i => i < 60) == 12 && f.Test.Count(i => i >= 60) == 8);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_test_fraction_outside_zero_to_one_is_out_of_range(double fraction)
    {
        var act = () => DataSplit.TrainTestIndices(Unbalanced(), fraction, new Random(1));

        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "testFraction");
    }

    [Fact]
    public void Fewer_than_two_folds_or_more_folds_than_samples_are_out_of_range()
    {
        ((Action)(() => DataSplit.KFold(10, 1, new Random(1)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => DataSplit.KFold(10, 11, new Random(1)))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
