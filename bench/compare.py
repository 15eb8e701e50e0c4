"""The two halves of bench/compare: runs the Java harness and the same work in PyTorch / numpy,
interleaved, and prints the comparison as a Markdown table.

Run through bench/compare (it installs torch, numpy and OpenBLAS and builds the jar). Each figure
is the median of five timed windows after a warm-up of the same length, on both sides (the Java
side's method is in org.backprop.bench.Harness). PyTorch runs in a child process per thread count
with torch's intra-op threads AND OpenBLAS's threads set to that count: left at their defaults on
two cores the two pools fight and PyTorch runs several times slower, which would flatter us.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

BATCHES = (32, 128, 1024)
ADAM_BATCHES = (32, 128)  # the default optimiser of `backprop train`, at the default batch and the one of the CLI target
INFERENCE_BATCH = 1024
CLI_BATCH = 128       # `backprop train` on MNIST-10k: the run (batch 128, SGD, no validation)
CLI_EPOCHS = (1, 11)  # the CLI's figure is the time of 11 epochs minus the time of 1 (start-up, loading, evaluation cancel)
XOR_EPOCHS = (100_000, 2_100_000)  # the lecture's XOR through the CLI: 2,000,000 one-step epochs
CASES = ("train", "adam", "fit", "cli", "xor", "predict", "predictbatch", "gemm")
PRODUCTS = [  # name, transA, transB, m, n, k (-1 = batch), as Workloads.Product
    ("fwd1", "N", "T", -1, 256, 784), ("fwd2", "N", "T", -1, 128, 256), ("fwd3", "N", "T", -1, 10, 128),
    ("dw1", "T", "N", 256, 784, -1), ("dw2", "T", "N", 128, 256, -1), ("dw3", "T", "N", 10, 128, -1),
    ("dx2", "N", "N", -1, 256, 128), ("dx3", "N", "N", -1, 128, 10),
]


def rate(work, seconds, windows=5):
    """Units of work per second: median of `windows` windows after a warm-up, as Harness.rate."""
    batch, start = 1, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work(batch)
        batch = min(batch * 2, 1 << 20)
    per = 1
    t0 = time.perf_counter()
    work(per)
    while time.perf_counter() - t0 < seconds / 20:
        per *= 2
        t0 = time.perf_counter()
        work(per)
    rates = []
    for _ in range(windows):
        units, begin = 0, time.perf_counter()
        while True:
            work(per)
            units += per
            now = time.perf_counter()
            if now - begin >= seconds:
                break
        rates.append(units / (now - begin))
    return sorted(rates)[windows // 2]


# ---------------------------------------------------------------- the PyTorch / numpy side

def torch_worker(threads, seconds_unused=None):
    """Serves measurement commands from stdin ("train 128 1.0", "xor 1.0", "predict 1.0",
    "gemm 128 0.5 fwd1"), one JSON line each, with torch and OpenBLAS thread counts fixed at start."""
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    blas = int(os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    for line in sys.stdin:
        words = line.split()
        if not words:
            break
        case = words[0]
        if case == "train":
            batch, seconds = int(words[1]), float(words[2])
            optimizer = words[3] if len(words) > 3 else "sgd"
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                        torch.nn.ReLU(), torch.nn.Linear(128, 10))
            opt = (torch.optim.Adam(model.parameters(), lr=0.001) if optimizer == "adam"
                   else torch.optim.SGD(model.parameters(), lr=0.01))
            loss_fn = torch.nn.CrossEntropyLoss()
            batches = max(1, 4096 // batch)
            xs = [torch.randn(batch, 784) for _ in range(batches)]
            ys = [torch.randint(0, 10, (batch,)) for _ in range(batches)]
            state = {"next": 0}

            def work(count):
                for _ in range(count):
                    b = state["next"]
                    opt.zero_grad(set_to_none=True)
                    loss = loss_fn(model(xs[b]), ys[b])
                    loss.backward()
                    opt.step()
                    state["next"] = 0 if b + 1 == batches else b + 1
            result = {"case": "train", "batch": batch, "optimizer": optimizer, "samples_per_s": rate(work, seconds) * batch}
        elif case == "loop":
            # a plain PyTorch training loop over MNIST-10k's training rows: shuffle each epoch, gather each batch by index
            directory, batch, seconds = words[1], int(words[2]), float(words[3])
            x, y = mnist(directory)
            x = torch.from_numpy((x - x.mean(0)) / (x.std(0) + 1e-7))
            y = torch.from_numpy(y.astype(np.int64))
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                        torch.nn.ReLU(), torch.nn.Linear(128, 10))
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            loss_fn = torch.nn.CrossEntropyLoss()
            state = {"order": torch.randperm(len(y)), "at": 0}

            def work(count):
                for _ in range(count):
                    if state["at"] >= len(y):
                        state["order"], state["at"] = torch.randperm(len(y)), 0
                    idx = state["order"][state["at"]:state["at"] + batch]
                    state["at"] += batch
                    opt.zero_grad(set_to_none=True)
                    loss = loss_fn(model(x[idx]), y[idx])
                    loss.backward()
                    opt.step()
            result = {"case": "loop", "batch": batch, "samples_per_s": rate(work, seconds) * batch}
        elif case == "xor":
            seconds = float(words[1])
            model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1), torch.nn.Sigmoid())
            opt = torch.optim.SGD(model.parameters(), lr=0.5)
            loss_fn = torch.nn.MSELoss()
            x = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
            y = torch.tensor([[0.], [1.], [1.], [0.]])

            def work(count):
                for _ in range(count):
                    opt.zero_grad(set_to_none=True)
                    loss = loss_fn(model(x), y)
                    loss.backward()
                    opt.step()
            result = {"case": "xor", "steps_per_s": rate(work, seconds)}
        elif case == "predict":
            seconds = float(words[1])
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                        torch.nn.ReLU(), torch.nn.Linear(128, 10), torch.nn.Softmax(dim=1)).eval()
            x = torch.randn(1, 784)

            def work(count):
                with torch.inference_mode():
                    for _ in range(count):
                        model(x)
            result = {"case": "predict", "microseconds": 1e6 / rate(work, seconds)}
        elif case == "predictbatch":
            batch, seconds = int(words[1]), float(words[2])
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                        torch.nn.ReLU(), torch.nn.Linear(128, 10), torch.nn.Softmax(dim=1)).eval()
            x = torch.randn(batch, 784)

            def work(count):
                with torch.inference_mode():
                    for _ in range(count):
                        model(x)
            result = {"case": "predictbatch", "batch": batch, "rows_per_s": rate(work, seconds) * batch}
        elif case == "gemm":
            batch, seconds, product = int(words[1]), float(words[2]), words[3]
            rng = np.random.default_rng(4)
            name, ta, tb, m, n, k = [p for p in PRODUCTS if p[0] == product][0]
            m, n, k = (batch if v < 0 else v for v in (m, n, k))
            a = rng.standard_normal((m, k) if ta == "N" else (k, m), dtype=np.float32)
            b = rng.standard_normal((k, n) if tb == "N" else (n, k), dtype=np.float32)
            opa = a if ta == "N" else a.T
            opb = b if tb == "N" else b.T
            c = np.empty((m, n), dtype=np.float32)

            def work(count):
                for _ in range(count):
                    np.matmul(opa, opb, out=c)
            result = {"case": "gemm", "product": name, "m": m, "n": n, "k": k,
                      "gflops": rate(work, seconds) * 2.0 * m * n * k / 1e9}
        else:
            raise SystemExit("unknown case " + case)
        result["threads"] = threads
        result["blas_threads"] = blas
        print(json.dumps(result), flush=True)


def mnist(directory):
    """MNIST's training images (as float32 rows of 784) and labels, from the IDX files (gzip or not) in `directory`."""
    import gzip
    import numpy as np

    def read(name):
        for path in (os.path.join(directory, name), os.path.join(directory, name + ".gz")):
            if os.path.exists(path):
                with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
                    return f.read()
        raise SystemExit("compare: no %s in %s" % (name, directory))
    images = read("train-images-idx3-ubyte")
    labels = read("train-labels-idx1-ubyte")
    n = int.from_bytes(images[4:8], "big")
    x = np.frombuffer(images, dtype=np.uint8, offset=16).reshape(n, 784).astype(np.float32)
    y = np.frombuffer(labels, dtype=np.uint8, offset=8)
    return x, y


def cli_seconds(jar, args):
    """Wall-clock seconds of one `backprop` run (a fresh JVM, as a user runs it), its standard output discarded."""
    begin = time.perf_counter()
    done = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-jar", jar] + args,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit("compare: backprop %s failed: %s" % (" ".join(args), done.stderr.strip()[-500:]))
    return took


def cli_rate(jar, args, counts, units, repeats=3):
    """Units per second of a `backprop train` run from the time of counts[1] epochs minus that of counts[0]:
    the median of `repeats` such pairs, run alternately."""
    rates = []
    for _ in range(repeats):
        short = cli_seconds(jar, args + ["--epochs", str(counts[0])])
        long = cli_seconds(jar, args + ["--epochs", str(counts[1])])
        rates.append((counts[1] - counts[0]) * units / max(1e-9, long - short))
    return sorted(rates)[len(rates) // 2]


class Server:
    """A measuring process kept alive for the whole run: one command line in, one JSON line out."""

    def __init__(self, label, cmd, env=None):
        self.label = label
        self.process = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("%s stopped while measuring '%s'" % (self.label, command))
            if line.startswith("{"):
                row = json.loads(line)
                row["side"] = self.label
                print("%-28s %s" % (self.label, line.strip()), file=sys.stderr)
                return row

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def torch_server(threads, blas):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(blas), MKL_NUM_THREADS=str(blas))
    return Server("torch %d / OpenBLAS %d" % (threads, blas),
                  [sys.executable, __file__, "--torch-worker", str(threads)], env)


# ---------------------------------------------------------------- the table

def torch_server_row(row):
    """Labels a PyTorch row with its thread setting, as "torch/BLAS"."""
    row["setting"] = "%d/%d" % (row["threads"], row["blas_threads"])
    return row


def best(rows, case, key, **match):
    cands = [r for r in rows if r["case"] == case and all(r.get(k) == v for k, v in match.items())]
    return max(cands, key=lambda r: r[key]) if cands else None


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        flags = "AVX-512" if "avx512f" in text else "AVX2" if "avx2" in text else "no AVX2"
    except OSError:
        pass
    return "%s, %d cores, %s" % (cpu, os.cpu_count(), flags)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--jar", default="bench/target/benchmarks.jar")
    p.add_argument("--seconds", type=float, default=1.0, help="length of each timed window (default 1.0)")
    p.add_argument("--threads", default="1,2", help="thread counts to try on each side (default 1,2)")
    p.add_argument("--cases", default=",".join(CASES),
                   help="which cases to measure, comma-separated, of %s (default all)" % ",".join(CASES))
    p.add_argument("--cli-jar", default="cli/target/backprop.jar", help="the command line's jar, for the cli cases")
    p.add_argument("--mnist", default="../shared/data/mnist10k",
                   help="MNIST-10k's IDX files, for the cli cases (default ../shared/data/mnist10k)")
    p.add_argument("--torch-worker", type=int, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.torch_worker:
        torch_worker(a.torch_worker)
        return

    cases = set(a.cases.split(","))
    unknown = cases - set(CASES)
    if unknown:
        p.error("unknown case(s) %s; expected some of %s" % (",".join(sorted(unknown)), ",".join(CASES)))
    import numpy
    import torch
    load_before = os.getloadavg()
    java_threads = [int(t) for t in a.threads.split(",")]
    java_server = Server("backprop", ["java", "--add-modules", "jdk.incubator.vector", "-cp", a.jar,
                                      "org.backprop.bench.Harness", "serve"])
    # PyTorch's own intra-op threads and OpenBLAS's threads, tried in the settings that do not fight
    torch_servers = [torch_server(1, 1)]
    if max(java_threads) > 1:
        torch_servers += [torch_server(2, 1), torch_server(1, 2)]
    java, torch_rows = [], []
    sec = a.seconds
    # a warm-up round on every process, discarded: the JIT compiles the kernels, PyTorch loads its libraries
    if cases & {"train", "adam", "fit", "xor", "gemm"}:
        java_server.measure("train 128 %d %s" % (max(java_threads), sec))
        for name, *_ in PRODUCTS:
            java_server.measure("gemm 128 1 %s %s" % (sec / 4, name))
        for server in torch_servers:
            server.measure("train 128 %s" % sec)
    if cases & {"predict", "predictbatch"}:
        java_server.measure("predictbatch %d %d %s" % (INFERENCE_BATCH, max(java_threads), sec))
        for server in torch_servers:
            server.measure("predictbatch %d %s" % (INFERENCE_BATCH, sec))
    # each case is measured on both sides back to back, so a change of load hits both alike
    for optimizer, batches in (("sgd", BATCHES), ("adam", ADAM_BATCHES)):
        if ("train" if optimizer == "sgd" else "adam") not in cases:
            continue
        for b in batches:
            suffix = "" if optimizer == "sgd" else " adam"
            for t in java_threads:
                java.append(dict(java_server.measure("train %d %d %s%s" % (b, t, sec, suffix)), threads=t))
            for server in torch_servers:
                torch_rows.append(torch_server_row(server.measure("train %d %s%s" % (b, sec, suffix))))
    if "fit" in cases:
        # the trainer around the step: the bare step and Trainer.fit back to back, same batch and threads
        for t in java_threads:
            java.append(dict(java_server.measure("train %d %d %s" % (CLI_BATCH, t, sec)), threads=t, bare=True))
            java.append(dict(java_server.measure("fit %d %d %s none" % (CLI_BATCH, t, sec)), threads=t))
        java.append(dict(java_server.measure("fit %d %d %s all" % (CLI_BATCH, max(java_threads), sec)),
                         threads=max(java_threads)))
        java.append(dict(java_server.measure("xor %s" % sec), bare=True))
        java.append(java_server.measure("fitxor %s" % sec))
    if "cli" in cases:
        if not os.path.isdir(a.mnist):
            raise SystemExit("compare: the cli cases need MNIST-10k in %s (--mnist DIR)" % a.mnist)
        if not os.path.isfile(a.cli_jar):
            raise SystemExit("compare: the cli cases need %s (mvn -B -pl cli -am package -DskipTests)" % a.cli_jar)
        import tempfile
        work = tempfile.mkdtemp(prefix="compare-cli-")
        try:
            with open(os.path.join(work, "xor.csv"), "w") as f:
                f.write("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
            out = os.path.join(work, "model.json")
            mnist_args = ["train", "--data", a.mnist, "--layers", "256,128", "--activation", "relu", "--optimizer", "sgd",
                          "--lr", "0.01", "--batch", str(CLI_BATCH), "--validation", "0", "--early-stopping", "0",
                          "--progress", "lines", "--out", out]
            rows = len(mnist(a.mnist)[1])
            java.append({"case": "cli", "samples_per_s": cli_rate(a.cli_jar, mnist_args, CLI_EPOCHS, rows)})
            for server in torch_servers:
                torch_rows.append(torch_server_row(server.measure("loop %s %d %s" % (a.mnist, CLI_BATCH, sec))))
            xor_args = ["train", "--data", os.path.join(work, "xor.csv"), "--task", "regression", "--layers",
                        "2 sigmoid, 1 sigmoid", "--loss", "mse", "--optimizer", "sgd", "--lr", "0.5", "--batch", "4",
                        "--validation", "0", "--test", "0", "--early-stopping", "0", "--scaling", "none",
                        "--progress", "lines", "--out", out]
            java.append({"case": "clixor", "steps_per_s": cli_rate(a.cli_jar, xor_args, XOR_EPOCHS, 1)})
            for row in java[-2:]:
                print("%-28s %s" % ("backprop (command line)", json.dumps(row)), file=sys.stderr)
        finally:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
    if "xor" in cases:
        java.append(java_server.measure("xor %s" % sec))
        torch_rows.append(torch_server_row(torch_servers[0].measure("xor %s" % sec)))
    if "predict" in cases:
        java.append(java_server.measure("predict %s" % sec))
        torch_rows.append(torch_server_row(torch_servers[0].measure("predict %s" % sec)))
    if "predictbatch" in cases:
        for t in java_threads:
            java.append(java_server.measure("predictbatch %d %d %s" % (INFERENCE_BATCH, t, sec)))
        for server in torch_servers:
            torch_rows.append(torch_server_row(server.measure("predictbatch %d %s" % (INFERENCE_BATCH, sec))))
    if "gemm" in cases:
        for name, *_ in PRODUCTS:
            java.append(java_server.measure("gemm 128 1 %s %s" % (sec / 2, name)))
            torch_rows.append(torch_server_row(torch_servers[0].measure("gemm 128 %s %s" % (sec / 2, name))))
    java_server.close()
    for server in torch_servers:
        server.close()
    load_after = os.getloadavg()
    kernel = [subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", a.jar,
                              "org.backprop.bench.Harness"], stderr=subprocess.PIPE, text=True).stderr]
    kernel = [l for l in kernel[0].splitlines() if l.startswith("kernel:")]

    lines = []
    lines.append("| case | Backprop | PyTorch 1.13 / numpy+OpenBLAS | ratio | target |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for optimizer, batches in (("sgd", BATCHES), ("adam", ADAM_BATCHES)):
        if ("train" if optimizer == "sgd" else "adam") not in cases:
            continue
        for b in batches:
            j = best([r for r in java if not r.get("bare")], "train", "samples_per_s", batch=b, optimizer=optimizer)
            t = best(torch_rows, "train", "samples_per_s", batch=b, optimizer=optimizer)
            target = 1.25 if b == 128 else 1.0
            ratio = j["samples_per_s"] / t["samples_per_s"]
            lines.append("| train 784-256-128-10, batch %d%s (samples/s, best threads) | %.0f (%d thr) | %.0f (%s) | %.2f× | ≥%.2f× %s |"
                         % (b, ", **Adam**" if optimizer == "adam" else "", j["samples_per_s"], j["threads"],
                            t["samples_per_s"], t["setting"], ratio, target, "✓" if ratio >= target else "✗"))
    if "fit" in cases:
        for t in java_threads:
            bare = [r for r in java if r["case"] == "train" and r.get("bare") and r["threads"] == t][0]
            fit = [r for r in java if r["case"] == "fit" and r["threads"] == t and r["diagnostics"] == "none"][0]
            ratio = fit["samples_per_s"] / bare["samples_per_s"]
            lines.append("| Trainer.fit, batch %d, %d thr, 4096 rows (samples/s) vs the bare step | %.0f | %.0f (bare step) | %.2f× | ≥0.90× %s |"
                         % (CLI_BATCH, t, fit["samples_per_s"], bare["samples_per_s"], ratio, "✓" if ratio >= 0.9 else "✗"))
        full = [r for r in java if r["case"] == "fit" and r["diagnostics"] == "all"][0]
        lines.append("| Trainer.fit as above, every diagnostic recorded (as --json/--report), %d thr | %.0f | — | — | — |"
                     % (full["threads"], full["samples_per_s"]))
        bare = [r for r in java if r["case"] == "xor" and r.get("bare")][0]
        fit = [r for r in java if r["case"] == "fitxor"][0]
        ratio = fit["steps_per_s"] / bare["steps_per_s"]
        lines.append("| Trainer.fit, XOR, one step an epoch, line progress (steps/s) vs the bare step | %.0f | %.0f (bare step) | %.2f× | ≥1M/s %s |"
                     % (fit["steps_per_s"], bare["steps_per_s"], ratio, "✓" if fit["steps_per_s"] >= 1e6 else "✗"))
    if "cli" in cases:
        j = [r for r in java if r["case"] == "cli"][0]
        t = best(torch_rows, "loop", "samples_per_s", batch=CLI_BATCH)
        ratio = j["samples_per_s"] / t["samples_per_s"]
        lines.append("| `backprop train` MNIST-10k, batch %d, SGD, --validation 0 (samples/s; 11 − 1 epochs) vs a plain PyTorch loop | %.0f | %.0f (%s) | %.2f× | ≥1.25× %s |"
                     % (CLI_BATCH, j["samples_per_s"], t["samples_per_s"], t["setting"], ratio, "✓" if ratio >= 1.25 else "✗"))
        j = [r for r in java if r["case"] == "clixor"][0]
        lines.append("| `backprop train` XOR 2-2-1, 4 rows, line progress (steps/s; %d − %d epochs) | %.0f | — | — | ≥1M/s %s |"
                     % (XOR_EPOCHS[1], XOR_EPOCHS[0], j["steps_per_s"], "✓" if j["steps_per_s"] >= 1e6 else "✗"))
    if "xor" in cases:
        j = best([r for r in java if not r.get("bare")], "xor", "steps_per_s")
        t = best(torch_rows, "xor", "steps_per_s")
        ratio = j["steps_per_s"] / t["steps_per_s"]
        lines.append("| XOR 2-2-1, batch 4 (steps/s) | %.0f | %.0f | %.0f× | ≥100× %s |"
                     % (j["steps_per_s"], t["steps_per_s"], ratio, "✓" if ratio >= 100 else "✗"))
    if "predict" in cases:
        j = [r for r in java if r["case"] == "predict"][0]
        t = [r for r in torch_rows if r["case"] == "predict"][0]
        lines.append("| single-row inference 784-256-128-10 (µs, lower is better) | %.1f | %.1f | %.2f× faster | — |"
                     % (j["microseconds"], t["microseconds"], t["microseconds"] / j["microseconds"]))
    if "predictbatch" in cases:
        j = best(java, "predictbatch", "rows_per_s")
        t = best(torch_rows, "predictbatch", "rows_per_s")
        others = ", ".join("%d thr %.0f" % (r["threads"], r["rows_per_s"]) for r in java
                           if r["case"] == "predictbatch" and r is not j)
        ratio = j["rows_per_s"] / t["rows_per_s"]
        lines.append("| batch inference 784-256-128-10, %d rows (rows/s, best threads) | %.0f (%d thr%s) | %.0f (%s) | %.2f× | ≥1.50× %s |"
                     % (INFERENCE_BATCH, j["rows_per_s"], j["threads"], "; " + others if others else "",
                        t["rows_per_s"], t["setting"], ratio, "✓" if ratio >= 1.5 else "✗"))
    if "gemm" in cases:
        for name, *_ in PRODUCTS:
            j = best(java, "gemm", "gflops", product=name)
            t = best(torch_rows, "gemm", "gflops", product=name)
            ratio = j["gflops"] / t["gflops"]
            lines.append("| sgemm %s %d×%d×%d (GFLOP/s, 1 thread) | %.1f | %.1f | %.2f× | ≥0.80× %s |"
                         % (name, j["m"], j["n"], j["k"], j["gflops"], t["gflops"], ratio, "✓" if ratio >= 0.8 else "✗"))
    allocs = [r["bytes_per_step"] for r in java if r["case"] == "train"]
    if allocs:
        lines.append("| bytes allocated per training step (Backprop, all batches) | %d | — | — | 0 %s |"
                     % (max(allocs), "✓" if max(allocs) == 0 else "✗"))
    allocs = [r["bytes_per_call"] for r in java if r["case"] == "predictbatch"]
    if allocs:
        lines.append("| bytes allocated per batch prediction (Backprop, all thread counts) | %d | — | — | 0 %s |"
                     % (max(allocs), "✓" if max(allocs) == 0 else "✗"))

    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    java_version = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()[0]
    print("Machine: %s. Load average before %.2f, after %.2f." % (machine(), load_before[0], load_after[0]))
    print("Backprop: %s; %s. PyTorch %s, numpy %s, BLAS %s." % (java_version, kernel[0] if kernel else "?",
                                                                 torch.__version__, numpy.__version__, blas))
    print("PyTorch thread settings are \"torch intra-op threads / OpenBLAS threads\"; each figure is the median of")
    print("five %.1f s windows after a warm-up (GEMMs: %.2f s windows), each case measured on both sides back to back." % (sec, sec / 2))
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
