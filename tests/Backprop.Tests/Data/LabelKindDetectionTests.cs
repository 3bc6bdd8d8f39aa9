using System.Globalization;

namespace Backprop.Tests.Data;

public class LabelKindDetectionTests
{
    private static string[] Numbers(int from, int count) =>
        Enumerable.Range(from, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Labels_that_are_not_all_numbers_are_classes()
    {
        var d = LabelKindDetection.Detect(["1", "setosa", "2", "setosa"]);

        d.Should().Be(new LabelKindDetection(LabelKind.Classification, "the labels are not all numbers (e.g. 'setosa')", 3));
    }

    [Fact]
    public void Numbers_that_are_not_all_whole_are_a_regression_target()
    {
        var d = LabelKindDetection.Detect(["1", "2", "0.5", "2"]);

        d.Should().Be(new LabelKindDetection(LabelKind.Regression, "the labels are numbers that are not all whole (e.g. 0.5)", 3));
    }

    [Fact]
    public void More_distinct_whole_numbers_than_the_classes_allowed_are_a_regression_target()
    {
        var d = LabelKindDetection.Detect(Numbers(25, 214).Concat(["25", "26"]).ToArray());

        d.Kind.Should().Be(LabelKind.Regression);
        d.DistinctCount.Should().Be(214);
        d.Reason.Should().Be("the labels are 214 distinct whole numbers, more than the 50 classes a classifier is allowed (CsvOptions.MaxClasses)");
    }

    [Fact]
    public void A_few_distinct_whole_numbers_are_classes()
    {
        var d = LabelKindDetection.Detect(["3", "1", "2", "1", "1e0", "-0"]);

        d.Should().Be(new LabelKindDetection(LabelKind.Classification, "the labels are 5 distinct whole numbers", 5));
    }

    [Theory]
    [InlineData(50, 50, LabelKind.Classification)]
    [InlineData(51, 50, LabelKind.Regression)]
    [InlineData(3, 2, LabelKind.Regression)]
    [InlineData(2, 2, LabelKind.Classification)]
    public void The_limit_is_the_largest_class_count_still_read_as_classes(int distinct, int maxClasses, LabelKind kind)
    {
        LabelKindDetection.Detect(Numbers(0, distinct), maxClasses).Kind.Should().Be(kind);
    }

    [Fact]
    public void A_number_that_is_not_finite_is_not_whole()
    {
        LabelKindDetection.Detect(["1", "NaN"]).Should()
            .Be(new LabelKindDetection(LabelKind.Regression, "the labels are numbers that are not all whole (e.g. NaN)", 2));
    }

    [Fact]
    public void The_class_limit_is_checked()
    {
        var act = () => LabelKindDetection.Detect(["1"], maxClasses: 1);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxClasses");

        var set = () => new CsvOptions { MaxClasses = 1 };
        set.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxClasses").WithMessage("*at least 2; got 1*");
        new CsvOptions().MaxClasses.Should().Be(CsvOptions.DefaultMaxClasses).And.Be(50);
        new CsvOptions().Kind.Should().Be(LabelKind.Auto);
    }
}
