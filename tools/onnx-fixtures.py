#!/usr/bin/python3
"""Exports small PyTorch MLPs to ONNX with torch.onnx.export and saves, next to each file, the
inputs and PyTorch's outputs, for OnnxPyTorchImportTest (onnx module). Run by hand:

    apt-get install -y python3-torch python3-onnx     # Debian: PyTorch 1.13, onnx 1.12
    /usr/bin/python3 tools/onnx-fixtures.py            # writes onnx/src/test/resources/onnx/pytorch/

Every model is put in eval mode; PyTorch computes the outputs in float32 from the same inputs.
In eval mode torch.onnx.export leaves nn.Dropout out of the graph, so for the models named
"..._dropout_..." the script puts an inference-form Dropout node (ratio as an initializer, no
training_mode) back where nn.Dropout was, with the onnx package, and checks the result with
onnx.checker: the outputs stay PyTorch's (dropout is the identity at inference).
"""
import json
import os
import sys

import onnx
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx", "src", "test", "resources", "onnx", "pytorch")


class Scaled(nn.Module):
    """(x - mean) / std on the raw input, then an MLP: exported as Sub and Div before the layers."""

    def __init__(self, f):
        super().__init__()
        g = torch.Generator().manual_seed(7)
        self.register_buffer("mean", torch.randn(f, generator=g))
        self.register_buffer("std", torch.rand(f, generator=g) + 0.5)
        self.net = nn.Sequential(nn.Linear(f, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net((x - self.mean) / self.std)


class MatMulAdd(nn.Module):
    """x @ W + b written out: exported as MatMul and Add instead of Gemm."""

    def __init__(self, f):
        super().__init__()
        g = torch.Generator().manual_seed(11)
        self.w1 = nn.Parameter(torch.randn(f, 7, generator=g) * 0.4)
        self.b1 = nn.Parameter(torch.randn(7, generator=g) * 0.1)
        self.w2 = nn.Parameter(torch.randn(7, 2, generator=g) * 0.4)
        self.b2 = nn.Parameter(torch.randn(2, generator=g) * 0.1)

    def forward(self, x):
        return torch.tanh(x @ self.w1 + self.b1) @ self.w2 + self.b2


def models():
    """(name, module, input shape without the batch, opset)."""
    yield "relu_opset13", nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3)), (6,), 13
    yield "relu_opset17", nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3)), (6,), 17
    yield "tanh_opset13", nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 4), nn.Tanh(), nn.Linear(4, 2)), (5,), 13
    yield "tanh_opset17", nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 4), nn.Tanh(), nn.Linear(4, 2)), (5,), 17
    yield "sigmoid_flatten_dropout_opset13", nn.Sequential(
        nn.Flatten(), nn.Linear(12, 6), nn.Sigmoid(), nn.Dropout(0.3), nn.Linear(6, 3), nn.Softmax(dim=1)), (3, 4), 13
    yield "sigmoid_flatten_dropout_opset17", nn.Sequential(
        nn.Flatten(), nn.Linear(12, 6), nn.Sigmoid(), nn.Dropout(0.3), nn.Linear(6, 3), nn.Softmax(dim=1)), (3, 4), 17
    yield "relu_dropout_logsoftmax_opset17", nn.Sequential(
        nn.Linear(6, 10), nn.ReLU(), nn.Dropout(0.2), nn.Linear(10, 4), nn.LogSoftmax(dim=1)), (6,), 17
    yield "gelu_leaky_elu_softplus_opset17", nn.Sequential(
        nn.Linear(4, 8), nn.GELU(), nn.Linear(8, 8), nn.LeakyReLU(0.1), nn.Linear(8, 6), nn.ELU(0.7),
        nn.Linear(6, 5), nn.Softplus(), nn.Linear(5, 2)), (4,), 17
    yield "gelu_opset13", nn.Sequential(nn.Linear(4, 6), nn.GELU(), nn.Linear(6, 1)), (4,), 13
    yield "scaled_softmax_opset13", Scaled(5), (5,), 13
    yield "matmul_add_opset17", MatMulAdd(3), (3,), 17


def insert_dropout(path, after_op, ratio):
    """Puts Dropout(ratio) after the first node of type after_op (where nn.Dropout sat)."""
    m = onnx.load(path)
    g = m.graph
    k = next(i for i, n in enumerate(g.node) if n.op_type == after_op)
    src = g.node[k].output[0]
    dst = src + "_dropout"
    for n in g.node[k + 1:]:
        for i, name in enumerate(n.input):
            if name == src:
                n.input[i] = dst
    g.initializer.append(onnx.helper.make_tensor("dropout_ratio", onnx.TensorProto.FLOAT, [], [ratio]))
    g.node.insert(k + 1, onnx.helper.make_node("Dropout", [src, "dropout_ratio"], [dst], name="dropout"))
    onnx.checker.check_model(m)
    onnx.save(m, path)


def module_dropout(module):
    return next(m.p for m in module.modules() if isinstance(m, nn.Dropout))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(2024)
    index = []
    for name, module, shape, opset in models():
        module.eval()
        x = torch.randn(7, *shape) * 1.5
        with torch.no_grad():
            y = module(x)
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(module, (x,), path, opset_version=opset, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        if "_dropout_" in name:
            insert_dropout(path, "Sigmoid" if "sigmoid" in name else "Relu", module_dropout(module))
        ops = [n.op_type for n in onnx.load(path).graph.node]
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"model": name + ".onnx", "opset": opset, "operators": ops,
                       "input": x.reshape(x.shape[0], -1).tolist(), "output": y.tolist()}, f)
        index.append(name)
        print(f"{name}: opset {opset}, {' '.join(ops)}", file=sys.stderr)
    with open(os.path.join(OUT, "index.txt"), "w") as f:
        f.write("\n".join(index) + "\n")
    print(f"torch {torch.__version__}, onnx {onnx.__version__}: {len(index)} models in {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
