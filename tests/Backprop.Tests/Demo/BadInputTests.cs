using System.Text.RegularExpressions;

namespace Backprop.Tests.Demo;

/// <summary>
/// Every command, run with bad input in a process of its own: options out of range or unknown, files missing or
/// malformed, model files whose metadata does not fit. Each must end with exit code 2 and one to three lines on
/// standard error naming what was wrong, and never print a line of a .NET stack trace.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-bad-").FullName;

    public BadInputTests()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.csv"), "a,b,label\n1,2,0\n3,oops,1\n");
        File.WriteAllText(Path.Combine(_dir, "empty.csv"), "");
        File.WriteAllText(Path.Combine(_dir, "header.csv"), "a,b,label\n");
        File.WriteAllText(Path.Combine(_dir, "wide.csv"), "1,2,3,4,5,6,0\n2,3,4,5,6,7,1\n");
        File.WriteAllText(Path.Combine(_dir, "seeds-few.csv"), "1,2,3,4,5,6,7,1\n2,3,4,5,6,7,8,2\n3,4,5,6,7,8,9,2\n");
        File.WriteAllText(Path.Combine(_dir, "one.csv"), "a,b,label\n1,2,1\n3,4,1\n5,6,1\n");
        File.WriteAllText(Path.Combine(_dir, "notes.json"), "{ this is not json");
        File.WriteAllText(Path.Combine(_dir, "v9.json"), """{ "format": "backprop-model", "version": 9, "inputSize": 1, "loss": "mse", "layers": [] }""");
        Model("good.json", "1,2,3,4", "0,1,2");
        Model("short.json", "1,2", "0,1,2");
        Model("classes.json", "1,2,3,4", "0,1");
        var onnx = Backprop.Onnx.OnnxExport.ToBytes(Backprop.Model.Load(Path.Combine(_dir, "good.json")));
        File.WriteAllBytes(Path.Combine(_dir, "truncated.onnx"), onnx[..(onnx.Length / 2)]);
        File.Copy(Path.Combine(Serialization.OnnxFixture.Folder, "conv_f32.onnx"), Path.Combine(_dir, "conv.onnx"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An iris-shaped 4-3 network saved alone, with the scaling metadata (scale.offset as given) and class
    /// names version 1 of train packed into it.</summary>
    private void Model(string name, string offset, string classes)
    {
        var network = Network.Create(4, [new LayerDefinition(3, Activation.Softmax)], ScaledInitializer.GlorotUniform, 1, Loss.CategoricalCrossEntropy);
        ModelFile.Save(network, Path.Combine(_dir, name), new ModelMetadata
        {
            Training = new Dictionary<string, string> { ["classes"] = classes, ["scale.offset"] = offset, ["scale.scale"] = "1,1,1,1" },
        });
    }

    /// <summary>"   at Namespace.Type.Method(", "Unhandled exception", "--- End of stack trace".</summary>
    [GeneratedRegex(@"^\s+at \S+\(|Unhandled exception|--- End of|Exception: ", RegexOptions.Multiline)]
    private static partial Regex StackTraceLine();

    [Theory]
    // train
    [InlineData("train --data {dir}/missing.csv", "--data {dir}/missing.csv: no such file")]
    [InlineData("train --data {dir}", "--data {dir}: no such file")]
    [InlineData("train --data {dir}/bad.csv", "bad.csv, line 3, column 2: 'oops' is not a number")]
    [InlineData("train --data {dir}/empty.csv", "empty.csv")]
    [InlineData("train --data {dir}/header.csv", "header.csv")]
    [InlineData("train --data iris --label-column 9", "--label-column 9: iris.csv has 5 columns")]
    [InlineData("train --data iris --label-name species", "--label-name species: iris.csv, line 1")]
    [InlineData("train --data iris --folds 151", "--folds 151: iris.csv has only 150 samples")]
    [InlineData("train --data iris --plot /proc/loss.png", "--plot /proc/loss.png: cannot write into the folder")]
    [InlineData("train --data iris --save {dir}/m.json --checkpoint {dir}/m.json", "--checkpoint {dir}/m.json: is also --save")]
    [InlineData("train --data iris --validation-split 0.999", "--validation-split 0.999: holds out about 120 of the 120 training samples")]
    [InlineData("explain --sizes 2,2,2 --biases 1,2;3,4", "--biases 1,2;3,4: explicit biases go with explicit --weights")]
    [InlineData("brownlee-seeds --data {dir}/seeds-few.csv", "--data {dir}/seeds-few.csv: has 3 rows of 7 features and 2 classes; Brownlee's run is of the wheat seeds data")]
    [InlineData("train --data iris --folds 1", "--folds 1: use 0")]
    [InlineData("train --data iris --hidden 99999999", "--hidden 99999999: ")]
    [InlineData("train --data iris --epochs abc", "--epochs abc: not a whole number")]
    [InlineData("train --data iris --dropout 1", "--dropout 1: must be in [0, 1)")]
    [InlineData("train --data iris --class-weights 1,2", "--class-weights 1,2: 2 weights for 3 classes")]
    [InlineData("train --data diabetes --class-weights balanced", "--class-weights balanced: class weights need classes")]
    [InlineData("train --data iris --schedule plateau:2:3", "--schedule plateau:2:3: factor must be in (0, 1)")]
    [InlineData("train --data iris --checkpoint {dir}/nowhere/best.json", "--checkpoint {dir}/nowhere/best.json: the folder")]
    [InlineData("train --data iris --test-fraction 1", "--test-fraction 1: must be in [0, 1)")]
    [InlineData("train --data iris --optimizer adadelta", "--optimizer adadelta: unknown optimizer")]
    [InlineData("train --data iris --save {dir}/no/m.json", "--save {dir}/no/m.json: the folder")]
    [InlineData("train --data iris --bogus", "unknown option '--bogus' for 'backprop train'")]
    [InlineData("train --data diabetes --task classification", "--task classification: diabetes.csv's label column 11 ('progression') looks continuous")]
    [InlineData("train --data diabetes --label-column 8,9 --task classification", "--label-column 8,9: 2 label columns were given")]
    [InlineData("train --data wine --task regression", "--task regression: wine.csv, line 2, column 14: 'class_0' is not a number")]
    [InlineData("train --data {dir}/one.csv", "one.csv: label column 3 ('label') holds one class only ('1')")]
    [InlineData("train --data iris --label-column 1,-4", "--label-column 1,-4: 1 and -4 are the same column of iris.csv")]
    [InlineData("train --data iris --task forecast", "--task forecast: unknown task")]
    [InlineData("train --data iris --target-scale robust", "--target-scale robust: unknown scaling")]
    [InlineData("train --data iris --label-column 0,x", "--label-column 0,x: 'x' is not a whole number")]
    // predict
    [InlineData("predict --model {dir}/missing.json --data iris", "--model {dir}/missing.json: no such file")]
    [InlineData("predict --model {dir}/short.json --data iris", "--model {dir}/short.json: Model file, $.metadata.training['scale.offset']: holds 2 values but the network takes 4 inputs")]
    [InlineData("predict --model {dir}/classes.json --data iris", "--model {dir}/classes.json: Model file, $.metadata.training['classes']: names 2 classes")]
    [InlineData("predict --model {dir}/notes.json --data iris", "--model {dir}/notes.json: Model file")]
    [InlineData("predict --model {dir}/v9.json --data iris", "$.version")]
    [InlineData("predict --model {dir}/good.json --data {dir}/wide.csv", "--data wide.csv: 7 columns, but the model takes 4 inputs")]
    [InlineData("predict --model {dir}/good.json --data {dir}/bad.csv", "bad.csv")]
    [InlineData("predict --model {dir}/good.json", "--data is required")]
    // export-onnx
    [InlineData("export-onnx --model {dir}/short.json --out {dir}/m.onnx", "scale.offset")]
    [InlineData("export-onnx --model {dir}/good.json --out {dir}/m.txt", "--out {dir}/m.txt: the file name must end in .onnx")]
    [InlineData("export-onnx --model {dir}/good.json --out {dir}/no/m.onnx", "--out {dir}/no/m.onnx: the folder")]
    // explain
    [InlineData("explain --sizes 3,0,2", "--sizes 3,0,2: '0' is not a positive layer size")]
    [InlineData("explain --sizes 100000,100000,100000", "--sizes 100000,100000,100000: ")]
    [InlineData("explain --sizes 2,2 --input 0.1,x", "--input 0.1,x: 'x' is not a finite number")]
    [InlineData("explain --sizes 2,2 --learning-rate -1", "--learning-rate -1: must be a positive number")]
    [InlineData("explain --sizes 2,2,2 --chain w99", "--chain w99: no weight of that name")]
    [InlineData("explain --sizes 2,2 --bias-mode fixed", "--bias-mode fixed: unknown bias mode")]
    [InlineData("explain", "--sizes or --model is required")]
    [InlineData("explain --model {dir}/missing.json", "--model {dir}/missing.json: no such file")]
    [InlineData("explain --model {dir}/good.json --sizes 4,3", "--sizes and --model: give one")]
    [InlineData("explain --model {dir}/good.json --bias-mode none", "--bias-mode none: the model has its own network")]
    [InlineData("explain --model {dir}/good.json --input 1,2", "--input 1,2: 2 values, but the model takes 4")]
    [InlineData("explain --model {dir}/good.json --target setosa", "--target setosa: no class of that name; the classes are 0, 1, 2")]
    [InlineData("explain --model {dir}/good.json --loss hinge", "--loss hinge: Unknown loss 'hinge'")]
    [InlineData("explain --model {dir}/conv.onnx", "--model {dir}/conv.onnx: ONNX file, node '/0/Conv' (Conv): is a convolution")]
    // import-onnx
    [InlineData("import-onnx --model {dir}/missing.onnx --out {dir}/m.json", "--model {dir}/missing.onnx: no such file")]
    [InlineData("import-onnx --model {dir} --out {dir}/m.json", "--model {dir}: is a folder")]
    [InlineData("import-onnx --model {dir}/truncated.onnx --out {dir}/m.json", "--model {dir}/truncated.onnx: ONNX file, protobuf: not a valid ONNX model (truncated or malformed)")]
    [InlineData("import-onnx --model {dir}/conv.onnx --out {dir}/m.json", "--model {dir}/conv.onnx: ONNX file, node '/0/Conv' (Conv): is a convolution")]
    [InlineData("import-onnx --model {dir}/notes.json --out {dir}/m.json", "--model {dir}/notes.json: ONNX file, ")]
    [InlineData("import-onnx --model {dir}/conv.onnx --out {dir}/m.onnx", "--out {dir}/m.onnx: the file name must end in .json")]
    [InlineData("import-onnx --model {dir}/conv.onnx --out {dir}/no/m.json", "--out {dir}/no/m.json: the folder")]
    // brownlee-seeds, pictures, the tour
    [InlineData("brownlee-seeds --data {dir}/missing.csv", "--data {dir}/missing.csv: no such file")]
    [InlineData("brownlee-seeds --data {dir}/bad.csv", "bad.csv, line 1, column 1: 'a' is not a number")]
    [InlineData("pictures --out {dir}/bad.csv", "--out {dir}/bad.csv: is a file")]
    [InlineData("--out {dir}/bad.csv", "--out {dir}/bad.csv: is a file")]
    [InlineData("trian", "unknown command 'trian' for 'backprop'; did you mean train?")]
    public void Bad_input_exits_with_2_and_a_short_error_naming_it_and_no_stack_trace(string line, string expected)
    {
        string[] args = line.Replace("{dir}", _dir, StringComparison.Ordinal).Split(' ');

        var (exit, output, error) = DemoRunner.Run(args);

        StackTraceLine().IsMatch(output + error).Should().BeFalse($"no stack trace, but got:\n{error}");
        exit.Should().Be(2, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().HaveCountGreaterThanOrEqualTo(1).And.HaveCountLessThanOrEqualTo(3, error);
        lines[0].Should().StartWith("error: ").And.Contain(expected.Replace("{dir}", _dir, StringComparison.Ordinal));
        output.Should().NotContain("training:", "nothing is trained or announced before the input is checked");
    }
}
