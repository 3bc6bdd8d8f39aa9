using System.CommandLine.Invocation;
using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>The parser's checks, in process: what a bad option prints before any command starts.</summary>
public class ParseErrorTests
{
    private static IReadOnlyList<string> Errors(string line)
    {
        var result = App.Build().Parse(line.Split(' '));
        return result.Action is ParseErrorAction ? ParseErrors.Describe(result) : [];
    }

    [Theory]
    [InlineData("train --data iris --epochs abc", "error: --epochs abc: not a whole number")]
    [InlineData("train --data iris --epochs 0", "error: --epochs 0: must be at least 1")]
    [InlineData("train --data iris --epochs 99999999999", "error: --epochs 99999999999: too large (at most 2147483647)")]
    [InlineData("train --data iris --batch-size -1", "error: --batch-size -1: must be at least 0")]
    [InlineData("train --data iris --test-fraction 1.0", "error: --test-fraction 1.0: must be in [0, 1)")]
    [InlineData("train --data iris --test-fraction -0.1", "error: --test-fraction -0.1: must be in [0, 1)")]
    [InlineData("train --data iris --validation-split 1", "error: --validation-split 1: must be in [0, 1)")]
    [InlineData("train --data iris --patience -3", "error: --patience -3: must be at least 0")]
    [InlineData("train --data iris --learning-rate 0", "error: --learning-rate 0: must be a positive number")]
    [InlineData("train --data iris --learning-rate NaN", "error: --learning-rate NaN: not a finite number")]
    [InlineData("train --data iris --learning-rate 1e400", "error: --learning-rate 1e400: not a finite number")]
    [InlineData("train --data iris --learning-rate fast", "error: --learning-rate fast: not a number")]
    [InlineData("train --data iris --momentum 1", "error: --momentum 1: must be in [0, 1)")]
    [InlineData("train --data iris --weight-decay -0.01", "error: --weight-decay -0.01: must be zero or a positive number")]
    [InlineData("train --data iris --l1 -0.5", "error: --l1 -0.5: must be zero or a positive number")]
    [InlineData("train --data iris --clip-norm -1", "error: --clip-norm -1: must be a positive number")]
    [InlineData("train --data iris --folds 1", "error: --folds 1: use 0 (no cross-validation) or at least 2 folds")]
    [InlineData("train --data iris --folds -2", "error: --folds -2: use 0 (no cross-validation) or at least 2 folds")]
    [InlineData("train --data iris --seed x", "error: --seed x: not a whole number")]
    [InlineData("train --data iris --label-column last", "error: --label-column last: not a whole number")]
    [InlineData("train --data iris --label-column 8,x", "error: --label-column 8,x: 'x' is not a whole number (use e.g. -1 or 8,9)")]
    [InlineData("train --data iris --hidden 8,x", "error: --hidden 8,x: 'x' is not a positive layer size (use e.g. 5 or 64,32).")]
    [InlineData("train --data iris --hidden 0", "error: --hidden 0: '0' is not a positive layer size (use e.g. 5 or 64,32).")]
    [InlineData("train --data iris --plot curve.txt", "error: --plot curve.txt: the file name must end in .png or .svg")]
    [InlineData("train --data iris --save no-such-folder/m.json", "error: --save no-such-folder/m.json: the folder 'no-such-folder' does not exist")]
    [InlineData("train --data iris --epochs", "error: --epochs needs a value: Epochs, at least 1.")]
    [InlineData("train", "error: --data is required: CSV file, or a bundled data set: iris, digits, tenpoint, diabetes, breast_cancer, wine.")]
    [InlineData("train --data iris --epoch 3", "error: unknown option '--epoch' for 'backprop train'; did you mean --epochs?")]
    [InlineData("trian", "error: unknown command 'trian' for 'backprop'; did you mean train?")]
    [InlineData("explain", "error: --sizes or --model is required: describe a network (e.g. --sizes 2,2,2) or load one (--model m.json or m.onnx)")]
    [InlineData("explain --sizes 2,2 --model m.onnx", "error: --sizes and --model: give one: --sizes describes a network, --model loads one")]
    [InlineData("explain --model m.json --weights 0.1,0.2", "error: --weights 0.1,0.2: the model has its own network; leave --weights out with --model")]
    [InlineData("explain --model m.json --activation tanh", "error: --activation tanh: the model has its own network; leave --activation out with --model")]
    [InlineData("import-onnx --model m.onnx --out m.txt", "error: --out m.txt: the file name must end in .json")]
    [InlineData("import-onnx --model m.onnx", "error: --out is required: The Backprop model file (.json) to write.")]
    [InlineData("explain --sizes 3,0,2", "error: --sizes 3,0,2: '0' is not a positive layer size (use e.g. 5 or 64,32).")]
    [InlineData("explain --sizes 3", "error: --sizes 3: needs at least an input and an output size, e.g. 2,2")]
    [InlineData("explain --sizes 2,2 --learning-rate -1", "error: --learning-rate -1: must be a positive number")]
    [InlineData("explain --sizes 2,2 --seed 1.5", "error: --seed 1.5: not a whole number")]
    [InlineData("explain --sizes 2,2 --diagram net.txt", "error: --diagram net.txt: the file name must end in .svg or .png")]
    [InlineData("predict --data iris", "error: --model is required: A model saved by train --save.")]
    [InlineData("export-onnx --model m.json --out m.txt", "error: --out m.txt: the file name must end in .onnx")]
    [InlineData("brownlee-seeds", "error: --data is required: The wheat seeds CSV (210 rows, 7 features, class 1..3, no header).")]
    [InlineData("pictures --colour red", "error: unknown option '--colour' for 'backprop pictures'")]
    public void A_bad_option_is_one_line_naming_it_and_what_was_typed_then_a_pointer_to_help(string line, string expected)
    {
        var errors = Errors(line);

        errors.Should().HaveCountGreaterThanOrEqualTo(2).And.HaveCountLessThanOrEqualTo(ParseErrors.MaxErrors + 1);
        errors[0].Should().Be(expected);
        string command = line.Split(' ')[0];
        errors[^1].Should().Be(command is "trian" ? "see 'backprop --help' for the options." : $"see 'backprop {command} --help' for the options.");
    }

    [Fact]
    public void The_value_after_an_unknown_option_is_not_reported_again()
    {
        Errors("train --data iris --epoch 3").Should().Equal(
            "error: unknown option '--epoch' for 'backprop train'; did you mean --epochs?",
            "see 'backprop train --help' for the options.");
    }

    [Fact]
    public void At_most_two_errors_are_shown()
    {
        Errors("train --epochs 0 --batch-size -1 --patience -1").Should().HaveCount(3)
            .And.Subject.Take(2).Should().OnlyContain(l => l.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("train --data iris")]
    [InlineData("train --data iris --folds 0 --test-fraction 0 --momentum 0 --batch-size 0 --learning-rate 0.5")]
    [InlineData("train --data diabetes --label-column 8,-2 --task regression --target-scale minmax")]
    [InlineData("explain --sizes 2,2,2 --learning-rate 0.5")]
    [InlineData("explain --model m.onnx --input 1,2 --target 0 --loss mse")]
    [InlineData("import-onnx --model m.onnx --out m.json")]
    [InlineData("--help")]
    [InlineData("train --help")]
    public void Good_options_pass_the_parser(string line) => Errors(line).Should().BeEmpty();

    [Fact]
    public void The_root_command_is_named_backprop()
    {
        App.Build().Name.Should().Be("backprop");
        ParseErrors.CommandPath(App.Build().Parse(["train", "--bogus"]).CommandResult).Should().Be("backprop train");
    }

    [Theory]
    [InlineData("--epoch", "--epochs")]
    [InlineData("--lerning-rate", "--learning-rate")]
    [InlineData("--hid", "--hidden")]
    [InlineData("--zzzzzz", null)]
    public void The_nearest_name_is_the_only_one_it_begins_or_the_closest_few_edits_away(string typed, string? expected) =>
        ParseErrors.Nearest(typed, ["--epochs", "--learning-rate", "--hidden", "--help", "--seed"]).Should().Be(expected);
}
