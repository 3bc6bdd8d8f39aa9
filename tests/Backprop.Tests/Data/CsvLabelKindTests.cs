namespace Backprop.Tests.Data;

public class CsvLabelKindTests
{
    private static Dataset Read(string text, CsvOptions? options = null) => CsvDataset.Load(new StringReader(text), options, "test.csv");

    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    [Theory]
    [InlineData("iris.csv", 3)]
    [InlineData("digits.csv", 10)]
    [InlineData("tenpoint.csv", 2)]
    public void The_shipped_files_are_detected_as_classification_and_read_as_before(string file, int classes)
    {
        var detected = CsvDataset.DetectLabelKind(Shipped(file));
        var auto = CsvDataset.Load(Shipped(file));
        var asked = CsvDataset.Load(Shipped(file), new CsvOptions { Kind = LabelKind.Classification });

        detected.Should().Be(new LabelKindDetection(LabelKind.Classification, $"the labels are {classes} distinct whole numbers", classes));
        auto.ClassNames.Should().Equal(asked.ClassNames).And.HaveCount(classes);
        auto.TargetNames.Should().Equal(asked.ClassNames);
        auto.Targets.ToColumnMajorArray().Should().Equal(asked.Targets.ToColumnMajorArray());
        auto.Inputs.ToColumnMajorArray().Should().Equal(asked.Inputs.ToColumnMajorArray());
    }

    [Fact]
    public void Wheat_seeds_rows_are_detected_as_three_classes()
    {
        const string seeds = "15.26,14.84,0.871,5.763,3.312,2.221,5.22,1\n14.11,14.1,0.8911,5.42,3.302,2.7,5,1\n"
            + "17.63,15.98,0.8673,6.191,3.561,4.076,6.06,2\n11.84,13.21,0.8521,5.175,2.836,3.598,5.044,3\n";

        var data = Read(seeds, new CsvOptions { HasHeader = false });

        data.ClassNames.Should().Equal("1", "2", "3");
        CsvDataset.DetectLabelKind(new StringReader(seeds)).Reason.Should().Be("the labels are 3 distinct whole numbers");
    }

    [Fact]
    public void Auto_reads_numbers_that_are_not_whole_as_one_regression_target_named_by_the_header()
    {
        var data = Read("a,b,price\n1,2,0.5\n3,4,-1.25\n5,6,2\n");

        data.IsClassification.Should().BeFalse();
        data.Targets.ToRowMajorArray().Should().Equal(0.5, -1.25, 2);
        data.TargetNames.Should().Equal("price");
        data.FeatureNames.Should().Equal("a", "b");
    }

    [Fact]
    public void Auto_reads_many_distinct_whole_numbers_as_regression_and_a_higher_limit_as_classes()
    {
        string text = string.Concat(Enumerable.Range(0, 60).Select(i => $"{i % 7},{100 + i}\n"));

        Read(text).IsClassification.Should().BeFalse();
        Read(text).TargetNames.Should().Equal("y0");
        Read(text, new CsvOptions { MaxClasses = 60 }).ClassNames.Should().HaveCount(60);
    }

    [Fact]
    public void Asking_classification_of_fractional_labels_names_the_column_and_the_way_out()
    {
        var act = () => Read("a,b,price\n1,2,0.5\n3,4,1\n", new CsvOptions { Kind = LabelKind.Classification });

        act.Should().Throw<CsvFormatException>().Which.Message.Should()
            .Be("test.csv: label column 3 ('price') looks continuous, not like classes: the labels are numbers that are not all whole (e.g. 0.5). "
                + "Read it as regression (LabelKind.Regression).");
    }

    [Fact]
    public void Asking_classification_of_too_many_whole_numbers_also_offers_a_higher_limit()
    {
        string text = string.Concat(Enumerable.Range(0, 5).Select(i => $"{i},{i}\n"));

        var act = () => Read(text, new CsvOptions { Kind = LabelKind.Classification, MaxClasses = 4 });

        act.Should().Throw<CsvFormatException>().Which.Message.Should().Be(
            "test.csv: label column 2 looks continuous, not like classes: the labels are 5 distinct whole numbers, more than the 4 classes "
            + "a classifier is allowed (CsvOptions.MaxClasses). Read it as regression (LabelKind.Regression) or raise CsvOptions.MaxClasses.");
    }

    [Fact]
    public void Named_classes_are_classes_whatever_they_look_like()
    {
        var data = Read("1,0.5\n2,1.5\n3,0.5\n", new CsvOptions { ClassOrder = ["1.5", "0.5"] });

        data.ClassNames.Should().Equal("1.5", "0.5");
        data.Labels().Should().Equal(1, 0, 1);
        CsvDataset.DetectLabelKind(new StringReader("1,0.5\n2,1.5\n"), new CsvOptions { ClassOrder = ["1.5", "0.5"] })
            .Should().Be(new LabelKindDetection(LabelKind.Classification, "the classes are given (CsvOptions.ClassOrder)", 2));
    }

    [Fact]
    public void Detection_reads_the_labels_without_parsing_the_features()
    {
        var d = CsvDataset.DetectLabelKind(new StringReader("a,b,y\nnot-a-number,2,0.25\n3,4,7\n"));

        d.Should().Be(new LabelKindDetection(LabelKind.Regression, "the labels are numbers that are not all whole (e.g. 0.25)", 2));
    }

    [Fact]
    public void Several_label_columns_by_name_are_regression_targets_in_the_order_given()
    {
        var data = Read("a,y1,b,y2\n1,10,2,20\n3,30,4,40\n", new CsvOptions { LabelColumnNames = ["Y2", "y1"] });

        data.IsClassification.Should().BeFalse();
        data.FeatureNames.Should().Equal("a", "b");
        data.TargetNames.Should().Equal("y2", "y1");
        data.Inputs.ToRowMajorArray().Should().Equal(1, 3, 2, 4);
        data.Targets.ToRowMajorArray().Should().Equal(20, 40, 10, 30);
        data.Subset([1]).TargetNames.Should().Equal("y2", "y1");
    }

    [Fact]
    public void Several_label_columns_by_index_count_from_the_end_and_are_named_y0_y1_without_a_header()
    {
        var data = Read("1,2,3,4\n5,6,7,8\n", new CsvOptions { LabelColumns = [-1, 1] });

        data.TargetNames.Should().Equal("y0", "y1");
        data.Targets.ToRowMajorArray().Should().Equal(4, 8, 2, 6);
        data.Inputs.ToRowMajorArray().Should().Equal(1, 5, 3, 7);
        CsvDataset.DetectLabelKind(new StringReader("1,2,3,4\n5,6,7,8\n1,2,3,4\n"), new CsvOptions { LabelColumns = [-1, 1] })
            .Should().Be(new LabelKindDetection(LabelKind.Regression, "there are 2 label columns, and several targets are read as regression", 2));
    }

    [Fact]
    public void The_label_column_lists_override_the_single_label_column()
    {
        var data = Read("x,y,z\n1,2,3\n4,5,6\n", new CsvOptions { LabelColumnName = "z", LabelColumns = [0] });

        data.FeatureNames.Should().Equal("y", "z");
        data.ClassNames.Should().Equal("1", "4");
    }

    [Fact]
    public void Classification_of_several_label_columns_is_refused_naming_them()
    {
        var act = () => Read("a,y1,y2\n1,2,3\n", new CsvOptions { LabelColumns = [1, 2], Kind = LabelKind.Classification });

        act.Should().Throw<CsvFormatException>().WithMessage(
            "test.csv: 2 label columns were given (column 2 ('y1'), column 3 ('y2')), but a classifier takes one: choose one label column, "
            + "or read them as regression targets (LabelKind.Regression).");
    }

    [Theory]
    [InlineData(new[] { -1, 2 }, "LabelColumns names column 3 twice (-1 and 2)")]
    [InlineData(new[] { 0, 5 }, "LabelColumns lists column 5, which does not exist: the file has 3 columns")]
    [InlineData(new[] { 0, 1, 2 }, "at least one feature column besides its 3 label columns")]
    public void Label_column_lists_that_do_not_fit_the_file_say_why(int[] columns, string problem)
    {
        var act = () => Read("1,2,3\n4,5,6\n", new CsvOptions { LabelColumns = columns });

        act.Should().Throw<CsvFormatException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void Empty_or_repeating_label_column_lists_are_refused_when_set()
    {
        var empty = () => new CsvOptions { LabelColumns = [] };
        var twice = () => new CsvOptions { LabelColumnNames = ["y", "Y"] };
        var none = () => new CsvOptions { LabelColumnNames = [] };

        empty.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LabelColumns");
        twice.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LabelColumnNames").WithMessage("*'Y' twice*");
        none.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LabelColumnNames");
    }

    [Fact]
    public void A_regression_target_that_is_not_a_number_names_its_line_and_column()
    {
        var act = () => Read("a,y1,y2\n1,2,3\n4,x,6\n", new CsvOptions { LabelColumnNames = ["y1", "y2"] });

        act.Should().Throw<CsvFormatException>().Where(e => e.Line == 3 && e.Column == 2 && e.Message.Contains("'x' is not a number ('y1')"));
    }
}
