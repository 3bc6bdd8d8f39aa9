using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Tests.Serialization;

/// <summary>The graph forms the importer reads (checked against ONNX Runtime) and the ones it refuses, each with
/// the node, its operator and what is wrong.</summary>
public sealed class OnnxImportGraphTests
{
    private static readonly double[][] Rows = Enumerable.Range(0, 9).Select(s => Enumerable.Range(0, 3).Select(i => Math.Sin(3 * s + i) * 2).ToArray()).ToArray();

    private static void PredictsAsOnnxRuntime(OnnxTestGraph g, bool float32 = false)
    {
        var model = g.Import();
        var rows = float32 ? Rows.Select(r => r.Select(v => (double)(float)v).ToArray()).ToArray() : Rows;
        var onnx = OnnxFixture.RunOnnxRuntime(g.Bytes(), float32, [rows.Length, 3], rows);
        var ours = rows.Select(r => model.Predict(r)).ToArray();
        if (float32) OnnxImportTorchTests.MaxError(ours, onnx).Should().BeLessThan(1e-6);
        else OnnxFixture.MaxRelative(ours, onnx).Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Gemm_without_transB_identity_and_a_flatten_and_reshapes_that_change_nothing_are_read()
    {
        var g = new OnnxTestGraph(3);
        g.Node("Flatten");
        g.Node("Reshape", g.Constant([2], [-1, 3], type: DataType.Int64));
        g.Gemm(4, transB: false);
        g.Node("Identity");
        g.Node("Tanh");
        g.Node("Reshape", g.Constant([2], [0, -1], type: DataType.Int64));
        g.Gemm(2, seed: 3);
        g.Node("Reshape", g.Constant([2], [0, 2], type: DataType.Int64));

        g.Import().ToString().Should().EndWith("3-4(tanh)-2(identity)");
        PredictsAsOnnxRuntime(g);
    }

    [Fact]
    public void Weights_in_constant_nodes_and_a_leaky_relu_with_its_default_slope_are_read()
    {
        var g = new OnnxTestGraph(3, DataType.Float); // ONNX Runtime has LeakyRelu for float32 only
        var gemm = g.Gemm(4);
        var constant = new NodeProto { OpType = "Constant", Name = "weights", Output = { "w_const" } };
        var w = g.Graph.Initializer.Single(t => t.Name == gemm.Input[1]);
        g.Graph.Initializer.Remove(w);
        constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = w });
        g.Graph.Node.Insert(0, constant);
        gemm.Input[1] = "w_const";
        g.Node("LeakyRelu");
        g.MatMul(1, bias: false);

        var model = g.Import();

        model.ToString().Should().EndWith("3-4(leaky-relu)-1(identity)");
        model.Network.Layers[1].BiasMode.Should().Be(BiasMode.None);
        PredictsAsOnnxRuntime(g, float32: true);
    }

    public static TheoryData<string, string> Mistakes() => new()
    {
        { "dropout", "node 'n3_Dropout' (Dropout): is not read: the operator Dropout is none of Gemm, MatMul" },
        { "alpha", "node 'n2_Gemm' (Gemm): has alpha = 2 and beta = 1; only alpha = beta = 1 is read" },
        { "transA", "node 'n2_Gemm' (Gemm): has transA = 1" },
        { "rank3", "node 'n1_MatMul' (MatMul): weights 'c0' have shape [2, 3, 4]; a dense layer's weights are a matrix" },
        { "bias", "node 'n2_Gemm' (Gemm): bias 'c1' has shape [3]; a layer of 4 neurons adds [4]" },
        { "width", "node 'n1_Gemm' (Gemm): weights 'c0' take 5 inputs but the tensor they read has 3 values per sample" },
        { "softmax0", "node 'n3_Softmax' (Softmax): normalises over axis 0 of a tensor of 2 dimensions; only the last axis" },
        { "slope", "node 'n3_LeakyRelu' (LeakyRelu): has slope α = 1.5; a leaky ReLU's slope is in [0, 1)" },
        { "twice", "node 'n4_Sigmoid' (Sigmoid): follows another activation" },
        { "first", "node 'n0_Relu' (Relu): is an activation before any Gemm or MatMul" },
        { "reshape", "node 'n4_Reshape' (Reshape): reshapes to [1, -1], which may change the shape of a tensor of 2 dimensions" },
        { "domain", "node 'n3_Relu' (Relu): is in the operator domain 'com.microsoft'" },
        { "dangling", "node 'n4_Relu' (Relu): is not on the chain from the input to the output" },
        { "output", "graph output 'extra': is not computed by the chain of layers" },
        { "unreached", "graph: the chain of layers ends at tensor 't2', which is not a graph output" },
        { "precision", "node 'n1_Gemm' (Gemm): the weights B 'c0' is float64 but the input is float32" },
        { "integers", "graph input 'input': is tensor(int64); a network reads float32 or float64" },
        { "nan", "node 'n1_Gemm' (Gemm): 'c0' holds NaN at flat index 1; weights are finite" },
        { "computed", "node 'n5_Gemm' (Gemm): input 1 ('t4', the weights B) is not a constant" },
        { "cycle", "node 'n3_Relu' (Relu): reads tensor 't2' again: the graph has a cycle" },
        { "inputs", "graph: has 2 inputs ('input', 'second'); a network reads one input" },
        { "residual", "node 'n3_Add' (Add): adds two computed tensors (a residual or a second path)" },
        { "sub", "node 'n4_Sub' (Sub): is read only as Backprop's input scaling" },
        { "empty", "graph: has no Gemm or MatMul between its input 'input' and its output" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_graph_outside_the_chain_forms_is_refused_naming_the_node_its_operator_and_the_problem(string mistake, string expected)
    {
        var g = Build(mistake);

        g.Refusal().Should().Contain("ONNX file, " + expected);
    }

    private static OnnxTestGraph Build(string mistake)
    {
        var g = new OnnxTestGraph(3, mistake is "precision" ? DataType.Float : mistake is "integers" ? DataType.Int64 : DataType.Double);
        switch (mistake)
        {
            case "dropout": g.Gemm(4); g.Node("Dropout"); break;
            case "alpha": OnnxTestGraph.Float(g.Gemm(4), "alpha", 2); break;
            case "transA": OnnxTestGraph.Int(g.Gemm(4), "transA", 1); break;
            case "rank3": g.Node("MatMul", [g.X, g.Constant([2, 3, 4])], 4); break;
            case "bias": g.Node("Gemm", [g.X, g.Constant([4, 3]), g.Constant([3])], 4).Attribute.Add(TransB()); break;
            case "width": g.Node("Gemm", [g.X, g.Constant([4, 5])], 4).Attribute.Add(TransB()); break;
            case "softmax0": g.Gemm(4); OnnxTestGraph.Int(g.Node("Softmax"), "axis", 0); break;
            case "slope": g.Gemm(4); OnnxTestGraph.Float(g.Node("LeakyRelu"), "alpha", 1.5f); break;
            case "twice": g.Gemm(4); g.Node("Relu"); g.Node("Sigmoid"); break;
            case "first": g.Node("Relu"); g.Gemm(4); break;
            case "reshape": g.Gemm(4); g.Node("Reshape", g.Constant([2], [1, -1], type: DataType.Int64)); g.Gemm(1); break;
            case "domain": g.Gemm(4); g.Node("Relu").Domain = "com.microsoft"; break;
            case "dangling":
                g.Gemm(4);
                string output = g.X;
                g.Node("Relu", [g.Constant([2])], 2);
                g.Graph.Output.Add(new ValueInfoProto { Name = output });
                break;
            case "output": g.Gemm(4); g.Graph.Output.Add(new ValueInfoProto { Name = g.X }); g.Graph.Output.Add(new ValueInfoProto { Name = "extra" }); break;
            case "unreached": g.Gemm(4); g.Graph.Output.Add(new ValueInfoProto { Name = "nowhere" }); break;
            case "precision": g.Node("Gemm", [g.X, g.Constant([4, 3], type: DataType.Double)], 4).Attribute.Add(TransB()); break;
            case "integers": g.Gemm(4); break;
            case "nan": g.Node("Gemm", [g.X, g.Constant([4, 3], [1, double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])], 4).Attribute.Add(TransB()); break;
            case "computed":
                g.Gemm(4);
                string w = g.Node("Relu", [g.Constant([4, 4])], 4).Output[0];
                g.Node("Gemm", [g.Graph.Node[0].Output[0], w], 4);
                break;
            case "cycle": g.Gemm(4); var relu = g.Node("Relu"); relu.Output[0] = relu.Input[0]; break;
            case "inputs": g.Graph.Input.Add(g.Graph.Input[0].Clone()); g.Graph.Input[1].Name = "second"; g.Gemm(4); break;
            case "residual": g.Gemm(3); g.Node("Add", [g.X, g.X], 3); break;
            case "sub": g.Gemm(3); g.Node("Sub", g.Constant([3])); break;
            case "empty": g.Node("Identity"); break;
        }
        return g;
    }

    private static AttributeProto TransB() => new() { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 };
}
