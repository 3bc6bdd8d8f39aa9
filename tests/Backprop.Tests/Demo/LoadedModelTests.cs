using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>A model file read for predict and export-onnx: Model.Load's checks, with the option and the file named.</summary>
public sealed class LoadedModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-loaded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 4-input, 3-output network saved alone, as version 1 of train did, with <paramref name="training"/>
    /// as its metadata's training dictionary.</summary>
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
    public void A_version_1_file_of_train_gives_a_classifier_with_its_classes_and_scaling()
    {
        var model = LoadedModel.Load(Saved("good.json", Good()));

        model.Task.Should().Be(ModelTask.Classification);
        model.ClassNames.Should().Equal("a", "b", "c");
        model.InputScaler!.Offset.Should().Equal(1, 2, 3, 4);
        model.InputScaler.Scale.Should().Equal(0.5, 1, 0, 2);
    }

    [Fact]
    public void A_model_saved_by_fit_loads_as_saved()
    {
        var data = TrainData.Load(new TrainSettings { Data = "iris" }).Data;
        var fitted = Model.Fit(data, new FitOptions { Hidden = [4], Training = new TrainingOptions { Epochs = 2 } }, seed: 1).Model;
        string path = Path.Combine(_dir, "fit.json");
        fitted.Save(path);

        var loaded = LoadedModel.Load(path);

        loaded.FeatureNames.Should().Equal(fitted.FeatureNames);
        loaded.Predict([5.1, 3.5, 1.4, 0.2]).Should().Equal(fitted.Predict([5.1, 3.5, 1.4, 0.2]));
    }

    [Theory]
    [InlineData("scale.offset", "1,2", "Model file, $.metadata.training['scale.offset']: holds 2 values but the network takes 4 inputs.")]
    [InlineData("scale.scale", "1,2,3,4,5", "Model file, $.metadata.training['scale.scale']: holds 5 values but the network takes 4 inputs.")]
    [InlineData("scale.scale", "1,x,3,4", "Model file, $.metadata.training['scale.scale']: value 1 ('x') is not a finite number.")]
    [InlineData("classes", "a,b", "Model file, $.metadata.training['classes']: names 2 classes but the output layer has 3 neurons.")]
    public void Packed_metadata_that_does_not_fit_the_network_names_the_file_and_the_json_path(string field, string value, string problem)
    {
        var training = Good();
        training[field] = value;
        string path = Saved("short.json", training);

        FluentActions.Invoking(() => LoadedModel.Load(path)).Should().Throw<ArgumentException>()
            .WithMessage($"--model {path}: {problem}");
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
