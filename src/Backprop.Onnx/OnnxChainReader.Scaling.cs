using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Backprop.Onnx;

internal sealed partial class OnnxChainReader
{
    /// <summary>Backprop's threshold of a single sigmoid output (class 1 when p ≥ 0.5).</summary>
    private const double LabelThreshold = 0.5;

    private string? _labelOutput;

    /// <summary>Whether <paramref name="node"/> leaves tensor <paramref name="x"/> as it is: Identity, Flatten of a
    /// matrix from axis 1, or Reshape to the same shape (each leading size 0 or one −1, the last 0 or the width).
    /// A Flatten or Reshape that changes the shape is refused here.</summary>
    private bool IsIdentity(NodeProto node, string x)
    {
        switch (node.OpType)
        {
            case "Identity":
                Expect(node, 1, 1);
                return true;
            case "Flatten":
                Expect(node, 1, 1, "axis");
                long axis = Int(node, "axis", 1);
                if (_rank == 2 && axis is 1 or -1) return true;
                throw At(node, _rank is { } rank
                    ? Invariant($"flattens a tensor of {rank} dimensions from axis {axis}, which changes its shape; only a Flatten that leaves [N, features] as it is is read.")
                    : "flattens a tensor whose rank is not declared, so it may change its shape; only a Flatten that leaves [N, features] as it is is read.");
            case "Reshape":
                Expect(node, 2, 2, "allowzero");
                if (node.Input[0] != x || ConstantAt(node, 1) is not { DataType: (int)DataType.Int64 } shape || shape.Dims.Count != 1)
                    throw At(node, "reshapes to a shape that is not a constant int64 vector; only a Reshape that changes nothing is read.");
                var sizes = OnnxTensors.Int64s(shape);
                if (SameShape(sizes, Int(node, "allowzero", 0) != 0)) return true;
                throw At(node, $"reshapes to [{string.Join(", ", sizes)}], which may change the shape of a tensor of " +
                               (_rank is { } r ? Invariant($"{r} dimensions") : "undeclared rank") + "; only a Reshape that changes nothing is read.");
            default:
                return false;
        }
    }

    /// <summary>Whether Reshape to <paramref name="sizes"/> keeps the running tensor's shape.</summary>
    private bool SameShape(long[] sizes, bool allowZero)
    {
        if (_rank is not { } rank || sizes.Length != rank || sizes.Count(s => s == -1) > 1) return false;
        bool Copy(long s) => s == 0 && !allowZero;
        if (!sizes.Take(rank - 1).All(s => Copy(s) || s == -1)) return false;
        long last = sizes[^1];
        return Copy(last) || (last == -1 && sizes.Take(rank - 1).All(Copy)) || (_width is { } width && last == width);
    }

    /// <summary>Backprop's input scaling: Sub(x, offset), Div(·, divisor) and, for features with no spread,
    /// Where(spread, ·, 0); the scale is the divisor where the mask is true and 0 where it is false.</summary>
    private OnnxAffine ReadInputScaling(NodeProto sub, ref string x)
    {
        Expect(sub, 2, 2);
        RunningFirst(sub, x, "x in x − offset");
        var offset = Weights(sub, 1, "the offset");
        int width = RowWidth(sub, offset, "offset");
        string y = Use(sub);
        if (Next(ref y) is not { OpType: "Div" } div)
            throw At(sub, "is not followed by a Div; Backprop's input scaling is Sub(x, offset) then Div(·, scale).");
        Expect(div, 2, 2);
        RunningFirst(div, y, "the dividend");
        var divisor = Weights(div, 1, "the divisor");
        if (RowWidth(div, divisor, "divisor") != width)
            throw At(div, $"divisor has shape {OnnxTensors.Shape(divisor)} but the offset {OnnxTensors.Shape(offset)}; one of each per feature.");
        string z = Use(div);
        bool[]? spread = null;
        if (Next(ref z) is { OpType: "Where" } where) spread = ReadSpreadMask(where, ref z, width);
        x = z;
        var offsets = Finite(sub, sub.Input[1], OnnxTensors.Doubles(offset));
        var scale = Finite(div, div.Input[1], OnnxTensors.Doubles(divisor));
        for (int i = 0; i < width; i++)
        {
            if (spread is not null && !spread[i]) scale[i] = 0;
            else if (!(scale[i] > 0))
                throw At(div, Invariant($"divides feature {i} by {scale[i]}; a scaling divides by a spread > 0 (Backprop divides by 1 where a feature has none and masks it with Where)."));
        }
        _width = width;
        return new OnnxAffine(offsets, scale);
    }

    /// <summary>Where(spread, scaled, 0): the features whose spread is 0 map to 0. Returns the mask.</summary>
    private bool[] ReadSpreadMask(NodeProto where, ref string x, int width)
    {
        Expect(where, 3, 3);
        if (where.Input[1] != x || where.Input[0] == x || where.Input[2] == x)
            throw At(where, $"does not take '{x}' as its second input; Backprop's mask is Where(spread, scaled, 0).");
        if (ConstantAt(where, 0) is not { DataType: (int)DataType.Bool } mask || !IsRow(mask, width))
            throw At(where, $"condition '{where.Input[0]}' is not a constant bool mask of {width} features.");
        var zero = Weights(where, 2, "the value of a feature with no spread");
        if (OnnxTensors.Count(zero) != 1 || OnnxTensors.Doubles(zero)[0] != 0)
            throw At(where, $"'{where.Input[2]}' is not the single number 0 that a feature with no spread maps to.");
        var spread = OnnxTensors.Bools(mask);
        x = Use(where);
        return spread;
    }

    /// <summary>Backprop's target unscaling after the layers: Mul(out, scale) then Add(·, offset), y = out·scale + offset.</summary>
    private OnnxAffine ReadTargetScaling(NodeProto mul, ref string x)
    {
        Expect(mul, 2, 2);
        int k = mul.Input[0] == x ? 1 : 0;
        if (mul.Input[k] == x) throw At(mul, $"multiplies '{x}' by itself; Backprop's target unscaling multiplies by a constant scale.");
        var scale = Weights(mul, k, "the target scale");
        if (RowWidth(mul, scale, "target scale") != _width)
            throw At(mul, $"target scale has shape {OnnxTensors.Shape(scale)}; one per output ({_width}).");
        string y = Use(mul);
        if (Next(ref y) is not { OpType: "Add" } add)
            throw At(mul, "is not followed by an Add; Backprop's target unscaling is Mul(out, scale) then Add(·, offset).");
        Expect(add, 2, 2);
        int j = add.Input[0] == y ? 1 : 0;
        if (add.Input[j] == y || ConstantAt(add, j) is null)
            throw At(add, "does not add a constant offset; Backprop's target unscaling is Mul(out, scale) then Add(·, offset).");
        var offset = Weights(add, j, "the target offset");
        if (RowWidth(add, offset, "target offset") != _width)
            throw At(add, $"target offset has shape {OnnxTensors.Shape(offset)}; one per output ({_width}).");
        var scales = Finite(mul, mul.Input[k], OnnxTensors.Doubles(scale));
        int negative = Array.FindIndex(scales, s => s < 0);
        if (negative >= 0)
            throw At(mul, Invariant($"multiplies output {negative} by {scales[negative]}; a target scaling's spread is ≥ 0."));
        var offsets = Finite(add, add.Input[j], OnnxTensors.Doubles(offset));
        x = Use(add);
        return new OnnxAffine(offsets, scales);
    }

    /// <summary>A per-feature constant's width: the last of [width] or [1, width] (checked against the running width when known).</summary>
    private int RowWidth(NodeProto node, TensorProto tensor, string role)
    {
        long width = tensor.Dims.Count > 0 ? tensor.Dims[^1] : 0;
        if (width < 1 || width > int.MaxValue || !IsRow(tensor, width))
            throw At(node, $"{role} '{tensor.Name}' has shape {OnnxTensors.Shape(tensor)}; it holds one value per feature, [features].");
        if (_width is { } known && width != known)
            throw At(node, Invariant($"{role} holds {width} values but the tensor it meets has {known} per sample."));
        return (int)width;
    }

    /// <summary>A classifier's label output beside the main output <paramref name="x"/>: ArgMax over axis 1, or for
    /// one sigmoid output GreaterOrEqual(p, 0.5), Cast to int64 and Squeeze of axis 1, as Backprop writes them.</summary>
    private OnnxLabel ReadLabel(NodeProto node, string x)
    {
        OnnxLabel form;
        string label;
        if (node.OpType == "ArgMax")
        {
            Expect(node, 1, 1, "axis", "keepdims", "select_last_index");
            if (_rank != 2 || Int(node, "axis", 0) is not (1 or -1) || Int(node, "keepdims", 1) != 0 || Int(node, "select_last_index", 0) != 0 || _width < 2)
                throw At(node, "is not Backprop's label: ArgMax(output, axis = 1, keepdims = 0) of a matrix of two or more outputs.");
            label = Use(node);
            form = OnnxLabel.ArgMax;
        }
        else
        {
            Expect(node, 2, 2);
            if (node.Input[0] != x || _width != 1 || ConstantAt(node, 1) is not { } threshold || threshold.DataType != _type ||
                OnnxTensors.Count(threshold) != 1 || OnnxTensors.Doubles(threshold)[0] != LabelThreshold)
                throw At(node, "is not Backprop's label: GreaterOrEqual(p, 0.5) of one sigmoid output.");
            string compared = Use(node);
            if (Next(ref compared) is not { OpType: "Cast" } cast) throw At(node, "is not followed by a Cast to int64, as Backprop's label is.");
            Expect(cast, 1, 1, "to", "saturate");
            if (Int(cast, "to", 0) != (long)DataType.Int64) throw At(cast, "does not cast to int64, as Backprop's label does.");
            string cast64 = Use(cast);
            if (Next(ref cast64) is not { OpType: "Squeeze" } squeeze || squeeze.Input.Count != 2 || squeeze.Input[0] != cast64 ||
                ConstantAt(squeeze, 1) is not { DataType: (int)DataType.Int64 } axes || OnnxTensors.Count(axes) != 1 ||
                OnnxTensors.Int64s(axes)[0] is not (1 or -1))
                throw At(cast, "is not followed by a Squeeze of axis 1, as Backprop's label is.");
            Expect(squeeze, 2, 2);
            label = Use(squeeze);
            form = OnnxLabel.Threshold;
        }
        if (Next(ref label) is { } after) throw At(after, $"reads the label '{label}'; nothing follows a classifier's label.");
        if (!_graph.Output.Any(o => o.Name == label))
            throw At(node, $"computes '{label}', which is not a graph output.");
        _labelOutput = label;
        return form;
    }
}
