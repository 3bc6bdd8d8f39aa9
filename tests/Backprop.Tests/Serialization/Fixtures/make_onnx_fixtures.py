#!/usr/bin/python3
# Writes the ONNX files that OnnxImportTorchTests.cs imports: small torch.nn.Sequential networks exported by
# torch.onnx.export, each NAME.onnx with NAME.json beside it holding its sample inputs and the outputs torch
# computed for them, for the tests to compare Backprop's predictions (and ONNX Runtime's) with.
#
# Run from this folder with Debian's PyTorch (package python3-torch, with python3-numpy):
#     apt-get install -y --no-install-recommends python3-torch python3-numpy
#     /usr/bin/python3 make_onnx_fixtures.py
# It rewrites every file it makes; the weights come from torch.manual_seed, so a rerun with the same torch gives
# the same numbers (torch 1.13 writes producer "pytorch" 1.13.0 into each file).
#
# Accepted by the importer:
#   classifier_f32   Gemm form, float32, opset 13: 4 -> 8 relu -> 8 leaky-relu(0.2) -> 3 softmax(dim=1)
#   regressor_f64    Gemm form, float64, opset 17: 5 -> 7 tanh -> 4 sigmoid -> 2 linear
#   matmul_f32       MatMul + Add form (a 3-D input [N, S, 6]: torch writes Gemm for 2-D inputs only), float32,
#                    opset 15: 6 -> 5 leaky-relu (default slope 0.01) -> 5 sigmoid -> 2 linear
#   matmul_f64       MatMul form, float64, opset 14: 3 -> 6 tanh (no bias: MatMul alone) -> 4 softmax(dim=-1)
#   flatten_f64      float64, opset 13: Flatten (the identity on [N, 4]), 4 -> 3 relu -> 2 softmax
#   leaky_f64        float64, opset 13: 3 -> 4 leaky-relu(0.3) -> 1 linear (ONNX Runtime has no double
#                    LeakyRelu, so only torch's outputs are compared)
# Refused by the importer (each .json says which node and why):
#   conv_f32         a Conv1d before the Linear layer
#   residual_f32     y = Linear(x) + x: the input feeds two nodes
#   flatten3d_f32    Flatten of a [N, 2, 3] input, which is not the identity
#   opset11_f32      a softmax classifier exported at opset 11
import json

import torch
import torch.nn as nn

SAMPLES = 12


def export(name, model, example, opset, dynamic, accepted=True, refusal=None):
    """Exports model (in eval mode) and writes NAME.onnx and NAME.json."""
    model.eval()
    torch.onnx.export(model, example, name + ".onnx", opset_version=opset, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": dynamic, "output": dynamic})
    with torch.no_grad():
        outputs = model(example)
    features = example.shape[-1]
    record = {
        "producer": "pytorch " + torch.__version__,
        "opset": opset,
        "dtype": "float64" if example.dtype == torch.float64 else "float32",
        "input_shape": list(example.shape),
        "accepted": accepted,
        # One row per sample as the importer sees it (the last axis), in the input's own order.
        "inputs": example.reshape(-1, features).double().tolist(),
        "outputs": outputs.reshape(-1, outputs.shape[-1]).double().tolist() if accepted else [],
    }
    if refusal is not None:
        record["refusal"] = refusal
    with open(name + ".json", "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


def rows(shape, dtype=torch.float32):
    """Inputs on a wide range, so each activation sees both sides of 0 and its saturated parts."""
    return (torch.randn(*shape, dtype=torch.float64) * 2).to(dtype)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)

    def forward(self, x):
        return self.linear(x) + x


def main():
    torch.manual_seed(1)
    export("classifier_f32", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.LeakyReLU(0.2),
                                           nn.Linear(8, 3), nn.Softmax(dim=1)),
           rows((SAMPLES, 4)), 13, {0: "N"})
    torch.manual_seed(2)
    export("regressor_f64", nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 4), nn.Sigmoid(),
                                          nn.Linear(4, 2)).double(),
           rows((SAMPLES, 5), torch.float64), 17, {0: "N"})
    torch.manual_seed(3)
    export("matmul_f32", nn.Sequential(nn.Linear(6, 5), nn.LeakyReLU(), nn.Linear(5, 5), nn.Sigmoid(),
                                       nn.Linear(5, 2)),
           rows((3, 4, 6)), 15, {0: "N", 1: "S"})
    torch.manual_seed(4)
    export("matmul_f64", nn.Sequential(nn.Linear(3, 6, bias=False), nn.Tanh(), nn.Linear(6, 4),
                                       nn.Softmax(dim=-1)).double(),
           rows((2, 6, 3), torch.float64), 14, {0: "N", 1: "S"})
    torch.manual_seed(5)
    export("flatten_f64", nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2),
                                        nn.Softmax(dim=1)).double(),
           rows((SAMPLES, 4), torch.float64), 13, {0: "N"})
    torch.manual_seed(6)
    export("leaky_f64", nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.3), nn.Linear(4, 1)).double(),
           rows((SAMPLES, 3), torch.float64), 13, {0: "N"})

    torch.manual_seed(7)
    export("conv_f32", nn.Sequential(nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(4, 1)), rows((2, 1, 4)), 13,
           {0: "N"}, accepted=False, refusal="(Conv)")
    torch.manual_seed(8)
    export("residual_f32", nn.Sequential(Residual(), nn.Linear(4, 2)), rows((2, 4)), 13, {0: "N"},
           accepted=False, refusal="(Add)")
    torch.manual_seed(9)
    export("flatten3d_f32", nn.Sequential(nn.Flatten(), nn.Linear(6, 2)), rows((2, 2, 3)), 13, {0: "N"},
           accepted=False, refusal="(Flatten)")
    torch.manual_seed(10)
    export("opset11_f32", nn.Sequential(nn.Linear(4, 2), nn.Softmax(dim=1)), rows((2, 4)), 11, {0: "N"},
           accepted=False, refusal="opset 11")


if __name__ == "__main__":
    main()
