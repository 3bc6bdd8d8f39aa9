using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>predict reads a file without a header the way train read its file: the label columns train recorded.</summary>
public sealed class PredictColumnsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-predict-columns-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Targets_that_were_not_the_last_columns_are_found_in_a_file_without_a_header()
    {
        string model = Path.Combine(_dir, "m.json");
        var s = new TrainSettings { Data = "diabetes", LabelColumns = [8, 9], Epochs = 2, Save = model };
        TrainRun.Run(s, TrainData.Load(s));
        string source = Path.Combine(AppContext.BaseDirectory, "Data", "diabetes.csv");
        string headerless = Path.Combine(_dir, "raw.csv");
        File.WriteAllLines(headerless, File.ReadAllLines(source).Skip(1));

        var loaded = Model.Load(model);
        var withHeader = PredictData.Read(source, loaded);
        var without = PredictData.Read(headerless, loaded);

        loaded.Metadata!.Training![PredictData.LabelColumnsKey].Should().Be("8,9");
        without.Labelled!.Targets.Should().Be(withHeader.Labelled!.Targets, "the recorded columns 8 and 9 (s5, s6) are the targets, not the last two");
        without.Inputs.Should().Be(withHeader.Inputs);
    }
}
