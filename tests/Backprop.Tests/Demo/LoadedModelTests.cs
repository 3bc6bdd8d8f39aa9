using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>A model file's metadata, checked against its network before predict uses it.</summary>
public sealed class LoadedModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-loaded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 4-input, 3-output network saved with <paramref name="training"/> as its metadata's training dictionary.</summary>
    private string Saved(string name, Dictionary<string, string> training)
    {
        var network = Network.Create(4, [new LayerDefinition(3, Activation.Softmax)], ScaledInitializer.GlorotUniform, 1, Loss.CategoricalCrossEntropy);
        string path = Path.Combine(_dir, name);
        ModelFile.Save(network, path, new ModelMetadata { Training = training });
        return path;
    }

    private static Dictionary<string, string> Good() => new()
    {
        ["classes"] = "a,b,c", ["scale.offset"] = "1,2,3,4", ["scale.scale"] = "0.5,1,0,2",
    };

    [Fact]
    public void A_model_saved_by_train_gives_its_classes_and_scaling()
    {
        var model = LoadedModel.Load(Saved("good.json", Good()));

        model.Classes.Should().Equal("a", "b", "c");
        model.Offset.Should().Equal(1, 2, 3, 4);
        model.Scale.Should().Equal(0.5, 1, 0, 2);
    }

    [Theory]
    [InlineData("scale.offset", "1,2", "metadata training[\"scale.offset\"] has 2 values, but the network takes 4 inputs.")]
    [InlineData("scale.scale", "1,2,3,4,5", "metadata training[\"scale.scale\"] has 5 values, but the network takes 4 inputs.")]
    [InlineData("scale.scale", "1,x,3,4", "metadata training[\"scale.scale\"] value 2, 'x', is not a finite number.")]
    [InlineData("scale.offset", "1,2,NaN,4", "metadata training[\"scale.offset\"] value 3, 'NaN', is not a finite number.")]
    [InlineData("classes", "a,b", "metadata training[\"classes\"] names 2 classes, but the network has 3 outputs.")]
    public void A_field_that_does_not_fit_the_network_names_the_file_and_the_field(string field, string value, string problem)
    {
        var training = Good();
        training[field] = value;
        string path = Saved("short.json", training);

        FluentActions.Invoking(() => LoadedModel.Load(path)).Should().Throw<ArgumentException>()
            .WithMessage($"--model {path}: {problem}");
    }

    [Fact]
    public void An_offset_without_its_scale_is_refused()
    {
        var training = Good();
        training.Remove("scale.scale");
        string path = Saved("half.json", training);

        FluentActions.Invoking(() => LoadedModel.Load(path)).Should().Throw<ArgumentException>()
            .WithMessage($"--model {path}: metadata training has \"scale.offset\" without \"scale.scale\".");
    }

    [Fact]
    public void A_missing_file_a_folder_and_a_file_that_is_not_json_are_named()
    {
        string missing = Path.Combine(_dir, "missing.json"), notJson = Path.Combine(_dir, "notes.json");
        File.WriteAllText(notJson, "not a model");

        FluentActions.Invoking(() => LoadedModel.Load(missing)).Should().Throw<FileNotFoundException>().WithMessage($"--model {missing}: no such file.");
        FluentActions.Invoking(() => LoadedModel.Load(_dir)).Should().Throw<ArgumentException>().WithMessage($"--model {_dir}: is a folder*");
        FluentActions.Invoking(() => LoadedModel.Load(notJson)).Should().Throw<ArgumentException>().WithMessage($"--model {notJson}: Model file*");
    }
}
