namespace Backprop.Tests.Data;

public class CsvDatasetTests
{
    private static Dataset Read(string text, CsvOptions? options = null) => CsvDataset.Load(new StringReader(text), options, "test.csv");

    [Fact]
    public void A_headed_file_is_detected_and_labels_become_sorted_one_hot_rows()
    {
        var data = Read("a,b,label\n1.5,2,setosa\n3,-4e-1,virginica\n\n5,6,setosa\n");

        data.Count.Should().Be(3);
        data.FeatureNames.Should().Equal("a", "b");
        data.ClassNames.Should().Equal("setosa", "virginica");
        data.Inputs.ToRowMajorArray().Should().Equal(1.5, 3, 5, 2, -0.4, 6);
        data.Targets.ToRowMajorArray().Should().Equal(1, 0, 1, 0, 1, 0);
        data.Labels().Should().Equal(0, 1, 0);
    }

    [Fact]
    public void Numeric_labels_sort_numerically_and_an_explicit_order_is_kept()
    {
        Read("1,10\n2,9\n3,2\n").ClassNames.Should().Equal("2", "9", "10");

        var data = Read("1,1\n2,2\n3,3\n", new CsvOptions { ClassOrder = ["2", "1", "3"] });
        data.ClassNames.Should().Equal("2", "1", "3");
        data.Labels().Should().Equal(1, 0, 2);
    }

    [Fact]
    public void The_label_column_can_be_chosen_by_index_or_name()
    {
        Read("7,1,2\n8,3,4\n", new CsvOptions { LabelColumn = 0 }).ClassNames.Should().Equal("7", "8");
        var byName = Read("x,y,z\n1,5,2\n3,6,4\n", new CsvOptions { LabelColumnName = "Y" });
        byName.ClassNames.Should().Equal("5", "6");
        byName.FeatureNames.Should().Equal("x", "z");
    }

    [Fact]
    public void A_regression_label_is_kept_as_one_numeric_target_row()
    {
        var data = Read("1,2,0.5\n3,4,-1.25\n", new CsvOptions { Kind = LabelKind.Regression, HasHeader = false });

        data.IsClassification.Should().BeFalse();
        data.Targets.ToRowMajorArray().Should().Equal(0.5, -1.25);
    }

    [Theory]
    [InlineData("a,b,c\n1,2,0\n3,x,1\n", 3, 2, "'x' is not a number ('b')")]
    [InlineData("1,2,0\n3,4\n", 2, 0, "2 fields, but the first line has 3")]
    [InlineData("1,2,0\n3,,1\n", 2, 2, "the field is empty")]
    [InlineData("1,2,0\nNaN,4,1\n", 2, 1, "'NaN' is not a finite number")]
    [InlineData("1,2,0\n1e999,4,1\n", 2, 1, "'1e999' is not a finite number")]
    public void A_malformed_file_names_the_line_and_column(string text, int line, int column, string problem)
    {
        var act = () => Read(text);

        act.Should().Throw<CsvFormatException>()
            .Where(e => e.Line == line && e.Column == column && e.Message.Contains(problem) && e.Message.StartsWith("test.csv"));
    }

    [Fact]
    public void A_label_outside_the_given_classes_names_its_line()
    {
        var act = () => Read("1,a\n2,b\n3,c\n", new CsvOptions { ClassOrder = ["a", "b"] });

        act.Should().Throw<CsvFormatException>().Where(e => e.Line == 3 && e.Column == 2 && e.Message.Contains("'c'"));
    }

    [Theory]
    [InlineData("", "no data lines")]
    [InlineData("a,b\n", "header but no data lines")]
    public void An_empty_file_says_so(string text, string problem)
    {
        var act = () => Read(text);

        act.Should().Throw<CsvFormatException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void A_missing_label_column_name_lists_the_columns()
    {
        var act = () => Read("x,y\n1,2\n", new CsvOptions { LabelColumnName = "class" });

        act.Should().Throw<CsvFormatException>().WithMessage("*'class'*x, y*");
    }

    [Fact]
    public void The_shipped_iris_file_reads_as_150_samples_of_three_classes()
    {
        var data = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv"));

        data.Count.Should().Be(150);
        data.FeatureCount.Should().Be(4);
        data.ClassNames.Should().Equal("0", "1", "2");
        data.Labels().GroupBy(c => c).Select(g => g.Count()).Should().Equal(50, 50, 50);
    }
}
