#!/usr/bin/python3
"""Generate the PyTorch cross-check reference data for Backprop.

Writes core/src/test/resources/pytorch/reference.json (relative to the
repository root), which the Java tests compare against.  The tests never run
this script; it is run by hand (see tools/pytorch/README.md) with Debian's
python3-torch (PyTorch 1.13) and python3-numpy:

    bash tools/pytorch/run.sh            # installs them if missing, then runs
    /usr/bin/python3 tools/pytorch/make_reference.py [output.json]

Conventions of the JSON file (also written into its "meta" object):

* Every computation is done in float32 on the CPU.  Every float in the file is
  a float32 value, printed as the shortest decimal that reads back to the same
  double (Python's repr of the float32 widened to a double), so reading it as
  a double and casting to float gives back the float32 value exactly.
  Hyper-parameters (learning rates, ...) are the Python floats that were given
  to torch, printed with repr.
* A matrix is a list of rows: shape [rows][cols], row-major.  A batch is
  [batch][features].  Linear weights are stored as PyTorch stores them:
  [out_features][in_features], so a layer computes z = x . W^T + b.
* torch.manual_seed is fixed, but every input, target and initial weight is
  written into the file, so the Java side never needs torch's RNG.

The script is a reference document as much as a program: each entry carries a
"formula" (and optimizers an "update_rule") stating exactly what PyTorch
computes, and the script checks the optimizer rules against an independent
float64 NumPy re-implementation before writing anything.
"""

import datetime
import json
import math
import os
import platform
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 1234
OUTPUT_RELATIVE = os.path.join("core", "src", "test", "resources", "pytorch", "reference.json")
REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

torch.manual_seed(SEED)
torch.set_num_threads(1)           # single-threaded reductions: reproducible sums
torch.set_default_dtype(torch.float32)


# --------------------------------------------------------------------------
# Helpers: float32 tensors <-> plain Python lists
# --------------------------------------------------------------------------

def tensor(rows):
    """A float32 tensor from (nested) Python numbers."""
    return torch.tensor(rows, dtype=torch.float32)


def to_list(t):
    """Nested lists of Python floats, each exactly a float32 value."""
    return t.detach().cpu().to(torch.float32).numpy().tolist()


def to_scalar(t):
    """A 0-d (or 1-element) float32 tensor as a Python float."""
    return float(np.float32(t.detach().cpu().item()))


def params_dict(module):
    """Parameters keyed by PyTorch's own names (e.g. 'layers.0.weight')."""
    return {name: to_list(p) for name, p in module.named_parameters()}


def grads_dict(module):
    return {name: to_list(p.grad) for name, p in module.named_parameters()}


# --------------------------------------------------------------------------
# 1. Activations
# --------------------------------------------------------------------------
# One input x [3,5] and one upstream gradient g [3,5] shared by every
# activation.  x holds exact zeros (where gradient conventions matter),
# negatives, and large magnitudes (+-12) that stress saturation/stability.
# All x values are exactly representable in binary.

ACT_X = tensor([
    [-12.0, -3.0, -1.0, -0.5, 0.0],
    [0.0, 0.25, 0.5, 1.0, 3.0],
    [12.0, -0.125, 2.0, -2.0, 0.75],
])
ACT_G = torch.randn(3, 5)

# name -> (function, parameters, formula)
ACTIVATIONS = [
    ("identity", lambda x: x, {},
     "y = x; dy/dx = 1"),
    ("sigmoid", torch.sigmoid, {},
     "y = 1 / (1 + exp(-x)); dy/dx = y * (1 - y)"),
    ("tanh", torch.tanh, {},
     "y = tanh(x); dy/dx = 1 - y^2"),
    ("relu", F.relu, {},
     "y = max(0, x); dy/dx = 1 if x > 0 else 0 (PyTorch uses 0 at x == 0)"),
    ("leaky_relu", lambda x: F.leaky_relu(x, negative_slope=0.01), {"negative_slope": 0.01},
     "y = x if x > 0 else negative_slope * x; dy/dx = 1 if x > 0 else negative_slope "
     "(PyTorch uses negative_slope at x == 0)"),
    ("elu", lambda x: F.elu(x, alpha=1.0), {"alpha": 1.0},
     "y = x if x > 0 else alpha * (exp(x) - 1); dy/dx = 1 if x > 0 else alpha * exp(x) "
     "(so 1 at x == 0 when alpha == 1)"),
    ("gelu", lambda x: F.gelu(x, approximate="none"), {"approximate": "none"},
     "exact (erf) GELU, PyTorch's default: y = x * Phi(x), Phi(x) = 0.5 * (1 + erf(x / sqrt(2))); "
     "dy/dx = Phi(x) + x * exp(-x^2 / 2) / sqrt(2 * pi)"),
    ("softplus", lambda x: F.softplus(x, beta=1.0, threshold=20.0), {"beta": 1.0, "threshold": 20.0},
     "y = log(1 + exp(beta * x)) / beta, but y = x where beta * x > threshold; "
     "dy/dx = sigmoid(beta * x) (1 where beta * x > threshold)"),
    ("softmax", lambda x: F.softmax(x, dim=1), {"dim": 1},
     "row-wise over the last axis (dim 1): y_ij = exp(x_ij) / sum_k exp(x_ik); "
     "dx_ij = y_ij * (g_ij - sum_k g_ik * y_ik)"),
    ("log_softmax", lambda x: F.log_softmax(x, dim=1), {"dim": 1},
     "row-wise over the last axis (dim 1): y_ij = x_ij - log(sum_k exp(x_ik)); "
     "dx_ij = g_ij - softmax(x)_ij * sum_k g_ik"),
]


def make_activations():
    out = {}
    for name, fn, params, formula in ACTIVATIONS:
        x = ACT_X.clone().requires_grad_(True)
        y = fn(x)
        (y * ACT_G).sum().backward()
        out[name] = {
            "formula": formula,
            "params": params,
            "x": to_list(ACT_X),
            "g": to_list(ACT_G),
            "output": to_list(y),
            "grad": to_list(x.grad),
        }
    return out


# --------------------------------------------------------------------------
# 2. Losses
# --------------------------------------------------------------------------
# Each loss: prediction, target, loss value, gradient of the loss w.r.t. the
# prediction.  N = batch rows, K = columns; "mean" divides by N*K (all
# elements) unless the formula says otherwise.

def make_losses():
    out = {}

    # Shared regression data [4,3].  One element has prediction == target
    # exactly (L1's subgradient convention: sign(0) = 0), and the Huber data
    # has residuals on both sides of delta = 1 (checked below).
    reg_pred = torch.randn(4, 3)
    reg_target = torch.randn(4, 3)
    reg_target[0, 0] = reg_pred[0, 0]
    residual = (reg_pred - reg_target).abs()
    assert (residual < 1).sum() >= 3 and (residual > 1).sum() >= 3, "Huber data must hit both regimes"

    # Binary data [4,3]: probabilities strictly inside (0, 1), 0/1 targets,
    # logits including +-12 for numerical stability.
    prob_pred = torch.rand(4, 3) * 0.9 + 0.05
    bin_target = torch.randint(0, 2, (4, 3)).to(torch.float32)
    logit_pred = torch.randn(4, 3) * 3
    logit_pred[0, 0], logit_pred[1, 1] = 12.0, -12.0
    bin_target[0, 0], bin_target[1, 1] = 0.0, 1.0     # confidently wrong: large loss terms

    # Classification data: 4 samples, 5 classes.
    ce_logits = torch.randn(4, 5) * 2
    ce_classes = torch.tensor([3, 0, 4, 1], dtype=torch.long)
    ce_onehot = F.one_hot(ce_classes, num_classes=5).to(torch.float32)

    def entry(name, formula, reduction, pred, target, fn, target_json=None):
        p = pred.clone().requires_grad_(True)
        loss = fn(p, target)
        loss.backward()
        out[name] = {
            "formula": formula,
            "reduction": reduction,
            "prediction": to_list(pred),
            "target": target_json if target_json is not None else to_list(target),
            "loss": to_scalar(loss),
            "grad": to_list(p.grad),
        }

    entry("mse", "mean over all N*K elements of (yhat - y)^2; grad = 2 * (yhat - y) / (N*K)", "mean",
          reg_pred, reg_target, lambda p, t: F.mse_loss(p, t, reduction="mean"))
    entry("mse_sum", "sum over all elements of (yhat - y)^2; grad = 2 * (yhat - y)", "sum",
          reg_pred, reg_target, lambda p, t: F.mse_loss(p, t, reduction="sum"))
    entry("half_mse", "0.5 * mean over all N*K elements of (yhat - y)^2; grad = (yhat - y) / (N*K)", "mean",
          reg_pred, reg_target, lambda p, t: 0.5 * ((p - t) ** 2).mean())
    entry("l1", "mean over all N*K elements of |yhat - y|; grad = sign(yhat - y) / (N*K), sign(0) = 0 "
          "(prediction[0][0] == target[0][0] exactly)", "mean",
          reg_pred, reg_target, lambda p, t: F.l1_loss(p, t, reduction="mean"))
    entry("huber", "d = yhat - y; per element 0.5 * d^2 if |d| < delta else delta * (|d| - 0.5 * delta), "
          "delta = 1.0; mean over all N*K elements; grad = (d if |d| < delta else delta * sign(d)) / (N*K)",
          "mean", reg_pred, reg_target, lambda p, t: F.huber_loss(p, t, reduction="mean", delta=1.0))
    entry("bce", "binary cross-entropy from probabilities p: mean over all N*K elements of "
          "-(y * log(p) + (1 - y) * log(1 - p)) (PyTorch clamps each log at -100); "
          "grad = (p - y) / (p * (1 - p)) / (N*K)", "mean",
          prob_pred, bin_target, lambda p, t: F.binary_cross_entropy(p, t, reduction="mean"))
    entry("bce_with_logits", "binary cross-entropy from logits z: mean over all N*K elements of "
          "max(z, 0) - z * y + log(1 + exp(-|z|)) (= BCE of sigmoid(z), computed stably); "
          "grad = (sigmoid(z) - y) / (N*K)", "mean",
          logit_pred, bin_target, lambda p, t: F.binary_cross_entropy_with_logits(p, t, reduction="mean"))
    entry("softmax_ce", "softmax cross-entropy from logits z [N][C] with integer class targets c [N]: "
          "mean over the N rows of (logsumexp(z_i) - z_i[c_i]); grad = (softmax(z) - onehot(c)) / N",
          "mean", ce_logits, ce_classes, lambda p, t: F.cross_entropy(p, t, reduction="mean"),
          target_json=ce_classes.tolist())
    entry("softmax_ce_onehot", "softmax cross-entropy from logits z [N][C] with one-hot (probability) "
          "targets y [N][C]: mean over the N rows of -sum_j y_ij * log_softmax(z)_ij; "
          "grad = (softmax(z) - y) / N  (same logits and classes as softmax_ce, so same loss and grad)",
          "mean", ce_logits, ce_onehot, lambda p, t: F.cross_entropy(p, t, reduction="mean"))
    return out


# --------------------------------------------------------------------------
# 3. Dense regression network 4 -> 5 (tanh) -> 3 (sigmoid) -> 2 (identity)
# --------------------------------------------------------------------------

ACTIVATION_FNS = {"identity": lambda z: z, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": F.relu}


class DenseNet(nn.Module):
    """nn.Linear layers in a ModuleList named `layers`, so parameters are
    named layers.0.weight, layers.0.bias, layers.1.weight, ..."""

    def __init__(self, sizes, activations):
        super().__init__()
        self.activations = activations
        self.layers = nn.ModuleList(nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:]))

    def forward(self, x, trace=None):
        a = x
        for layer, act in zip(self.layers, self.activations):
            z = layer(a)
            a = ACTIVATION_FNS[act](z)
            if trace is not None:
                trace.append({"z": z, "a": a})
        return a


def architecture(sizes, activations):
    return [
        {"in": i, "out": o, "activation": act,
         "weight": "layers.%d.weight" % k, "bias": "layers.%d.bias" % k}
        for k, (i, o, act) in enumerate(zip(sizes[:-1], sizes[1:], activations))
    ]


REG_SIZES = [4, 5, 3, 2]
REG_ACTS = ["tanh", "sigmoid", "identity"]

# Default nn.Linear initialisation under the fixed seed; the resulting values
# are written out, so the initialisation scheme itself does not matter.
REG_NET = DenseNet(REG_SIZES, REG_ACTS)
REG_INITIAL = {name: p.detach().clone() for name, p in REG_NET.named_parameters()}
REG_X = torch.randn(6, 4)
REG_TARGET = torch.randn(6, 2)


def reg_loss(pred, target):
    return F.mse_loss(pred, target, reduction="mean")


def make_network():
    net = REG_NET
    trace = []
    pred = net(REG_X, trace)
    loss = reg_loss(pred, REG_TARGET)
    net.zero_grad()
    loss.backward()
    return {
        "description": "dense net 4 -> 5 (tanh) -> 3 (sigmoid) -> 2 (identity) of nn.Linear layers; "
                       "z = a_prev . W^T + b, a = activation(z), a_prev of layer 0 is x",
        "layers": architecture(REG_SIZES, REG_ACTS),
        "loss_formula": "MSE, mean over all batch*2 output elements of (a_last - target)^2",
        "parameters": {name: to_list(t) for name, t in REG_INITIAL.items()},
        "x": to_list(REG_X),
        "target": to_list(REG_TARGET),
        "forward": [{"z": to_list(s["z"]), "a": to_list(s["a"])} for s in trace],
        "loss": to_scalar(loss),
        "grads": grads_dict(net),
    }


# --------------------------------------------------------------------------
# 4. Optimizers on the same network, data and loss
# --------------------------------------------------------------------------
# Written per optimizer: the full hyper-parameter set torch used (its
# defaults included), PyTorch 1.13's exact update rule, the loss before each
# of the 10 full-batch steps, the parameters after step 1, the final
# parameters after step 10 and the loss there.
#
# In the rules: p = parameter, g = its gradient, t = step number from 1,
# state buffers start at 0 (except SGD momentum: buf = g on the first step).

STEPS = 10

OPTIMIZERS = [
    ("sgd", torch.optim.SGD, dict(lr=0.1),
     "p -= lr * g"),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9),
     "buf = g on step 1, else buf = momentum * buf + (1 - dampening) * g; p -= lr * buf"),
    ("sgd_nesterov", torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True),
     "buf = g on step 1, else buf = momentum * buf + g; p -= lr * (g + momentum * buf)"),
    ("sgd_weight_decay", torch.optim.SGD, dict(lr=0.1, weight_decay=0.01),
     "g = g + weight_decay * p (L2 term added to the gradient); p -= lr * g"),
    ("adam", torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8),
     "m = beta1 * m + (1 - beta1) * g; v = beta2 * v + (1 - beta2) * g^2; "
     "p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)  "
     "(eps added after the bias correction of v)"),
    ("adam_weight_decay", torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
     "g = g + weight_decay * p (coupled L2, before the moments); then exactly as adam"),
    ("adamw", torch.optim.AdamW, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
     "p = p * (1 - lr * weight_decay) (decoupled decay, using the un-decayed g); then exactly as adam"),
    ("rmsprop", torch.optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-8),
     "v = alpha * v + (1 - alpha) * g^2; p -= lr * g / (sqrt(v) + eps)"),
    ("rmsprop_momentum", torch.optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-8, momentum=0.9),
     "v = alpha * v + (1 - alpha) * g^2; buf = momentum * buf + g / (sqrt(v) + eps) (buf starts at 0); "
     "p -= lr * buf"),
    ("adagrad", torch.optim.Adagrad, dict(lr=0.1),
     "sum = sum + g^2 (starts at initial_accumulator_value = 0); "
     "clr = lr / (1 + (t - 1) * lr_decay); p -= clr * g / (sqrt(sum) + eps), eps = 1e-10"),
]

# Hyper-parameter keys worth writing for each torch class (torch's defaults
# fill whatever was not given above).
HYPER_KEYS = {
    torch.optim.SGD: ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
    torch.optim.Adam: ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    torch.optim.AdamW: ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    torch.optim.RMSprop: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
    torch.optim.Adagrad: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
}


def fresh_reg_net():
    net = DenseNet(REG_SIZES, REG_ACTS)
    with torch.no_grad():
        for name, p in net.named_parameters():
            p.copy_(REG_INITIAL[name])
    return net


def run_optimizer(cls, kwargs):
    net = fresh_reg_net()
    opt = cls(net.parameters(), **kwargs)
    losses, after_first = [], None
    for step in range(STEPS):
        opt.zero_grad()
        loss = reg_loss(net(REG_X), REG_TARGET)
        loss.backward()
        losses.append(to_scalar(loss))
        opt.step()
        if step == 0:
            after_first = params_dict(net)
    with torch.no_grad():
        final_loss = to_scalar(reg_loss(net(REG_X), REG_TARGET))
    group = opt.param_groups[0]
    hyper = {}
    for key in HYPER_KEYS[cls]:
        value = group[key]
        if isinstance(value, tuple):
            value = [float(v) for v in value]
        elif isinstance(value, int) and not isinstance(value, bool):
            value = float(value)          # torch's integer defaults (momentum=0, ...) as floats
        hyper[key] = value
    return hyper, losses, after_first, params_dict(net), final_loss


# ---- independent float64 NumPy check of the update rules stated above ----

def np_forward_backward(params):
    """Forward/backward of the regression net in float64 NumPy."""
    x, y = REG_X.double().numpy(), REG_TARGET.double().numpy()
    acts = [(np.tanh, lambda a: 1 - a * a),
            (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
            (lambda z: z, lambda a: np.ones_like(a))]
    inputs, outs = [], []
    a = x
    for k, (f, _) in enumerate(acts):
        inputs.append(a)
        a = f(a @ params["layers.%d.weight" % k].T + params["layers.%d.bias" % k])
        outs.append(a)
    loss = np.mean((a - y) ** 2)
    grads = {}
    delta = 2 * (a - y) / a.size
    for k in reversed(range(len(acts))):
        delta = delta * acts[k][1](outs[k])
        grads["layers.%d.weight" % k] = delta.T @ inputs[k]
        grads["layers.%d.bias" % k] = delta.sum(axis=0)
        delta = delta @ params["layers.%d.weight" % k]
    return loss, grads


def np_optimizer(name, h):
    """The update rules of OPTIMIZERS, re-implemented in float64."""
    params = {n: t.double().numpy().copy() for n, t in REG_INITIAL.items()}
    state = {n: {} for n in params}
    losses = []
    for t in range(1, STEPS + 1):
        loss, grads = np_forward_backward(params)
        losses.append(loss)
        for n, p in params.items():
            g, s = grads[n], state[n]
            wd = h.get("weight_decay", 0.0)
            if name == "adamw":
                p *= 1 - h["lr"] * wd
            elif wd:
                g = g + wd * p
            if name.startswith("sgd"):
                if h["momentum"]:
                    s["buf"] = g.copy() if t == 1 else h["momentum"] * s["buf"] + (1 - h["dampening"]) * g
                    step = g + h["momentum"] * s["buf"] if h["nesterov"] else s["buf"]
                else:
                    step = g
                p -= h["lr"] * step
            elif name.startswith("adam"):
                b1, b2 = h["betas"]
                s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
                s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
                denom = np.sqrt(s["v"]) / math.sqrt(1 - b2 ** t) + h["eps"]
                p -= h["lr"] / (1 - b1 ** t) * s["m"] / denom
            elif name.startswith("rmsprop"):
                s["v"] = h["alpha"] * s.get("v", 0) + (1 - h["alpha"]) * g * g
                scaled = g / (np.sqrt(s["v"]) + h["eps"])
                if h["momentum"]:
                    s["buf"] = h["momentum"] * s.get("buf", 0) + scaled
                    scaled = s["buf"]
                p -= h["lr"] * scaled
            elif name == "adagrad":
                s["sum"] = s.get("sum", h["initial_accumulator_value"]) + g * g
                clr = h["lr"] / (1 + (t - 1) * h["lr_decay"])
                p -= clr * g / (np.sqrt(s["sum"]) + h["eps"])
    return losses, params


def make_optimizers():
    out = {}
    for name, cls, kwargs, rule in OPTIMIZERS:
        hyper, losses, after_first, final, final_loss = run_optimizer(cls, kwargs)

        # The stated rule must reproduce torch (to float32 round-off).
        np_losses, np_final = np_optimizer(name, hyper)
        assert np.allclose(losses, np_losses, rtol=1e-4, atol=1e-6), (name, losses, np_losses)
        for n, p in final.items():
            assert np.allclose(p, np_final[n], rtol=1e-4, atol=1e-5), (name, n)

        out[name] = {
            "torch_class": "torch.optim." + cls.__name__,
            "hyperparameters": hyper,
            "update_rule": rule,
            "steps": STEPS,
            "losses": losses,
            "parameters_after_step_1": after_first,
            "final_parameters": final,
            "final_loss": final_loss,
        }
    return out


# --------------------------------------------------------------------------
# 5. Softmax cross-entropy classification network 3 -> 4 (relu) -> 3
# --------------------------------------------------------------------------

def make_softmax_ce_network():
    sizes, acts = [3, 4, 3], ["relu", "identity"]
    net = DenseNet(sizes, acts)
    x = torch.randn(5, 3)
    classes = torch.tensor([0, 2, 1, 2, 0], dtype=torch.long)
    trace = []
    logits = net(x, trace)
    hidden_z = trace[0]["z"]
    # The data must exercise both sides of the ReLU, and never sit on its kink.
    assert (hidden_z < 0).any() and (hidden_z > 0).any() and not (hidden_z == 0).any()
    loss = F.cross_entropy(logits, classes, reduction="mean")
    net.zero_grad()
    loss.backward()
    return {
        "description": "dense net 3 -> 4 (relu) -> 3 (identity: logits) of nn.Linear layers; "
                       "z = a_prev . W^T + b, a = activation(z), a_prev of layer 0 is x",
        "layers": architecture(sizes, acts),
        "loss_formula": "softmax cross-entropy from logits with integer class targets, mean over the "
                        "batch rows of (logsumexp(logits_i) - logits_i[target_i])",
        "parameters": params_dict(net),
        "x": to_list(x),
        "target": classes.tolist(),
        "forward": [{"z": to_list(s["z"]), "a": to_list(s["a"])} for s in trace],
        "logits": to_list(logits),
        "probabilities": to_list(F.softmax(logits, dim=1)),
        "loss": to_scalar(loss),
        "grads": grads_dict(net),
    }


# --------------------------------------------------------------------------
# JSON output: indented objects, one line per numeric vector / matrix row
# --------------------------------------------------------------------------

def fmt_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("non-finite value in reference data: %r" % v)
        return repr(v)          # shortest round-trip repr: full precision
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    raise TypeError("unsupported type %s" % type(v))


def is_scalar(v):
    return not isinstance(v, (list, dict))


def fmt(v, indent=0):
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = ["%s%s: %s" % (inner, fmt_scalar(str(k)), fmt(val, indent + 1)) for k, val in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list):
        if all(is_scalar(e) for e in v):
            return "[" + ", ".join(fmt_scalar(e) for e in v) + "]"
        return "[\n" + ",\n".join(inner + fmt(e, indent + 1) for e in v) + "\n" + pad + "]"
    return fmt_scalar(v)


# --------------------------------------------------------------------------

def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO_ROOT, OUTPUT_RELATIVE)

    # The order of the sections below fixes the order of RNG draws; the data
    # of the later sections depend on it.  Do not reorder without reason.
    activations = make_activations()
    losses = make_losses()
    network = make_network()
    optimizers = make_optimizers()
    softmax_ce_network = make_softmax_ce_network()

    reference = {
        "meta": {
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
            "command": "bash tools/pytorch/run.sh  (runs /usr/bin/python3 tools/pytorch/make_reference.py)",
            "seed": SEED,
            "dtype": "float32",
            "conventions": [
                "every float is a float32 value printed as the shortest decimal that reads back "
                "to the same double; read as double, cast to float",
                "matrices are lists of rows ([rows][cols]); batches are [batch][features]",
                "Linear weights are [out_features][in_features] as PyTorch stores them; z = x . W^T + b",
                "losses: 'grad' is d(loss)/d(prediction); activations: 'grad' is d(sum(output * g))/d(x)",
                "all inputs, targets and initial weights are written here; torch's RNG is never needed",
            ],
        },
        "activations": activations,
        "losses": losses,
        "network": network,
        "optimizers": optimizers,
        "softmax_ce_network": softmax_ce_network,
    }

    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(fmt(reference) + "\n")
    print("wrote %s" % out_path)


if __name__ == "__main__":
    main()
