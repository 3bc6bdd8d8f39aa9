using Backprop.Onnx;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Networks exported by PyTorch (Fixtures/make_onnx_fixtures.py) read into Backprop models that predict what ONNX
/// Runtime and torch predict. Errors are measured relative to each sample's largest output: a float32 sum carries
/// rounding relative to its terms, so an output that is a small difference of larger terms carries theirs.
/// </summary>
public sealed class OnnxImportTorchTests
{
    /// <summary>float32 arithmetic (ONNX Runtime's, torch's) rounds at 6e-8 per operation: 1e-6 leaves room for a few
    /// layers of sums; Backprop computes in double from the same float32 weights.</summary>
    private const double Float32Relative = 1e-6;

    /// <summary>In float64 the runtimes differ from Backprop only in the order they sum and round: a few ulps.</summary>
    private const double Float64Relative = 1e-12;

    public static TheoryData<string> Accepted() => ["classifier_f32", "regressor_f64", "matmul_f32", "matmul_f64", "flatten_f64"];

    public static TheoryData<string> Refused() => ["conv_f32", "residual_f32", "flatten3d_f32", "opset11_f32"];

    /// <summary>The largest |a − b| of a sample over that sample's largest |b|, over all samples.</summary>
    internal static double MaxError(double[][] ours, double[][] reference)
    {
        ours.Length.Should().Be(reference.Length);
        double max = 0;
        for (int s = 0; s < ours.Length; s++)
        {
            ours[s].Length.Should().Be(reference[s].Length);
            double scale = reference[s].Max(Math.Abs);
            for (int k = 0; k < ours[s].Length; k++) max = Math.Max(max, Math.Abs(ours[s][k] - reference[s][k]) / scale);
        }
        return max;
    }

    private static double[][] Predict(Model model, OnnxFixture fixture) => fixture.Inputs.Select(r => model.Predict(r)).ToArray();

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_pytorch_network_predicts_what_onnx_runtime_predicts(string name)
    {
        var fixture = OnnxFixture.Load(name);

        var model = OnnxImport.Load(fixture.OnnxPath);

        double tolerance = fixture.Float32 ? Float32Relative : Float64Relative;
        var ours = Predict(model, fixture);
        MaxError(ours, fixture.RunOnnxRuntime()).Should().BeLessThan(tolerance);
        if (!fixture.Float32) OnnxFixture.MaxRelative(ours, fixture.RunOnnxRuntime()).Should().BeLessThan(tolerance, "every output, however small, in float64");
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_pytorch_network_predicts_what_torch_computed_when_it_exported_it(string name)
    {
        var fixture = OnnxFixture.Load(name);

        var model = OnnxImport.Load(fixture.OnnxPath);

        MaxError(Predict(model, fixture), fixture.Outputs).Should().BeLessThan(fixture.Float32 ? Float32Relative : Float64Relative);
    }

    [Fact]
    public void A_float64_leaky_relu_onnx_runtime_cannot_run_predicts_as_torch_did_with_the_slope_torch_was_given()
    {
        var fixture = OnnxFixture.Load("leaky_f64");

        var model = OnnxImport.Load(fixture.OnnxPath);

        ((LeakyReLU)model.Network.Layers[0].Activation).Alpha.Should().Be(0.3, "the float attribute 0.3f is read as the decimal it was written from");
        OnnxFixture.MaxRelative(Predict(model, fixture), fixture.Outputs).Should().BeLessThan(Float64Relative);
    }

    [Fact]
    public void A_softmax_classifier_gets_classes_0_to_k_and_each_layer_its_activation()
    {
        var result = OnnxImport.Read(OnnxFixture.Load("classifier_f32").OnnxPath);

        var model = result.Model;
        model.Task.Should().Be(ModelTask.Classification);
        model.ClassNames.Should().Equal("0", "1", "2");
        model.FeatureNames.Should().Equal("x0", "x1", "x2", "x3");
        model.InputScaler.Should().BeNull();
        model.ToString().Should().EndWith("4-8(relu)-8(leaky-relu(0.2))-3(softmax)");
        model.Network.Loss.Should().Be(Loss.CategoricalCrossEntropy);
        model.Network.Layers.Should().OnlyContain(l => l.BiasMode == BiasMode.Trainable);
        (result.Precision, result.PrecisionName, result.ProducerName, result.ProducerVersion, result.Opset, result.FromBackprop)
            .Should().Be((OnnxPrecision.SinglePrecision, "float32", "pytorch", "1.13.0", 13L, false));
    }

    [Fact]
    public void A_network_without_a_final_softmax_is_a_regressor_with_mean_squared_error()
    {
        var result = OnnxImport.Read(OnnxFixture.Load("regressor_f64").OnnxPath);

        result.Model.Task.Should().Be(ModelTask.Regression);
        result.Model.TargetNames.Should().Equal("y0", "y1");
        result.Model.TargetScaler.Should().BeNull();
        result.Model.Network.Loss.Should().Be(Loss.MeanSquaredError);
        result.Model.ToString().Should().EndWith("5-7(tanh)-4(sigmoid)-2(identity)");
        (result.Precision, result.Opset).Should().Be((OnnxPrecision.DoublePrecision, 17L));
    }

    [Fact]
    public void The_matmul_form_reads_its_transposed_weights_its_bias_add_and_a_linear_without_bias()
    {
        var f32 = OnnxImport.Load(OnnxFixture.Load("matmul_f32").OnnxPath);
        var f64 = OnnxImport.Load(OnnxFixture.Load("matmul_f64").OnnxPath);

        f32.ToString().Should().EndWith("6-5(leaky-relu)-5(sigmoid)-2(identity)", "torch's default slope 0.01f reads as 0.01");
        f32.Network.Layers.Should().OnlyContain(l => l.BiasMode == BiasMode.Trainable);
        f64.ToString().Should().EndWith("3-6(tanh)-4(softmax)");
        f64.Network.Layers[0].BiasMode.Should().Be(BiasMode.None, "Linear(bias=False) is a MatMul with no Add");
        f64.Network.Layers[1].BiasMode.Should().Be(BiasMode.Trainable);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_pytorch_file_outside_the_chain_forms_is_refused_naming_the_node_and_what_is_wrong(string name)
    {
        var fixture = OnnxFixture.Load(name);

        var act = () => OnnxImport.Load(fixture.OnnxPath);

        act.Should().Throw<OnnxFormatException>().Which.Message.Should().StartWith("ONNX file, ").And.Contain(fixture.Refusal);
    }

    [Fact]
    public void The_refusals_say_what_each_node_does_wrong()
    {
        string Message(string name) => ((Func<Model>)(() => OnnxImport.Load(OnnxFixture.Load(name).OnnxPath))).Should().Throw<OnnxFormatException>().Which.Message;

        Message("conv_f32").Should().Be("ONNX file, node '/0/Conv' (Conv): is a convolution; only dense layers (Gemm, or MatMul + Add) and their activations are read.");
        Message("residual_f32").Should().Contain("node '/0/Add' (Add): reads tensor 'input', which node '/0/linear/Gemm' (Gemm) reads too: the graph branches");
        Message("flatten3d_f32").Should().Contain("node '/0/Flatten' (Flatten): flattens a tensor of 3 dimensions from axis 1, which changes its shape");
        Message("opset11_f32").Should().Contain("declares opset 11; ONNX import reads opset 13 and later");
    }

    [Fact]
    public void An_imported_network_is_traced_fine_tuned_and_saved_as_any_model()
    {
        var fixture = OnnxFixture.Load("classifier_f32");
        var model = OnnxImport.Load(fixture.OnnxPath);
        var x = Vector<double>.Build.DenseOfArray(fixture.Inputs[0]);

        var trace = StepTrace.Record(model.Network.Clone(), x, Vector<double>.Build.DenseOfArray([0.0, 1.0, 0.0]), new Sgd(0.1));
        trace.Layers[^1].Out.Should().Equal(model.Predict(fixture.Inputs[0]), "the trace's forward pass is the model's prediction");

        var network = model.Network.Clone();
        var inputs = Matrix<double>.Build.DenseOfColumnArrays(fixture.Inputs);
        var targets = Matrix<double>.Build.Dense(3, fixture.Inputs.Length, (k, s) => k == s % 3 ? 1 : 0);
        double before = network.ComputeLoss(inputs, targets);
        new Trainer(new Adam(0.01), new TrainingOptions { Epochs = 30, BatchSize = 4 }).Train(network, inputs, targets);
        network.ComputeLoss(inputs, targets).Should().BeLessThan(before * 0.9);

        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;
        var saved = Model.Load(file);
        saved.ToString().Should().Be(model.ToString());
        foreach (var row in fixture.Inputs) saved.Predict(row).Should().Equal(model.Predict(row), "the JSON file keeps every bit");
    }
}
