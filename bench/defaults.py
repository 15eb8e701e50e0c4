"""Backprop's `train` defaults against scikit-learn's MLPClassifier()/MLPRegressor() defaults.

For each dataset and each seed, one stratified 80/20 split (scikit-learn's train_test_split with
random_state=seed; stratified for classification) is written as two CSV files; Backprop trains with
`backprop train --data train.csv --test-data test.csv --seed SEED` and nothing else (its defaults),
and scikit-learn fits make_pipeline(StandardScaler(), MLPClassifier(random_state=SEED)) (or
MLPRegressor) on the same training rows. Both are scored on the same test rows: accuracy for
classification, R² for regression. Prints the mean and the worst over the seeds, as a Markdown table,
then (when both sides ran) the per-seed differences, their mean and standard error (see paired()).

Run through bench/defaults, which installs python3-sklearn and builds the CLI jar.
"""
import argparse
import csv
import gzip
import json
import os
import struct
import subprocess
import sys
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
TABLES = os.path.join(ROOT, "cli", "src", "test", "resources", "tables")

# name -> (how to get the CSV, label column, task)
DATASETS = {
    "iris": ("shared:iris.csv", "species", "classification"),
    "digits": ("shared:digits8x8.csv", "digit", "classification"),
    "mnist10k": ("mnist", "digit", "classification"),
    "spirals": ("builtin:spirals", None, "classification"),
    "sine": ("builtin:sine", None, "regression"),
    "wine": ("table:wine.csv", "cultivar", "classification"),
    "breast_cancer": ("table:breast_cancer.csv", "diagnosis", "classification"),
    "diabetes": ("table:diabetes.csv", "progression", "regression"),
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist_csv(path):
    """All 10,000 MNIST-10k images (its train and test files pooled), pixels as the bytes 0..255."""
    d = os.path.join(SHARED, "mnist10k")
    x = np.concatenate([idx(os.path.join(d, "train-images-idx3-ubyte.gz")),
                        idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"))]).reshape(-1, 784)
    y = np.concatenate([idx(os.path.join(d, "train-labels-idx1-ubyte.gz")),
                        idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))])
    header = ["pixel%d" % i for i in range(784)] + ["digit"]
    write_csv(path, header, [list(map(str, r)) + [str(l)] for r, l in zip(x, y)])


def source_csv(name, how, work, jar):
    """The dataset as one CSV file (label column last)."""
    if how.startswith("shared:"):
        return os.path.join(SHARED, how[len("shared:"):])
    if how.startswith("table:"):
        return os.path.join(TABLES, how[len("table:"):])
    path = os.path.join(work, name + ".csv")
    if not os.path.exists(path):
        if how == "mnist":
            mnist_csv(path)
        else:
            # The built-in generator, seed 42 (the data stays fixed; the seeds vary the split and the training).
            subprocess.run(["java", "-cp", jar, os.path.join(ROOT, "bench", "ExportBuiltin.java"),
                            how[len("builtin:"):], "42", path], check=True)
    return path


def export_tables():
    """Writes scikit-learn's bundled wine, breast_cancer and diabetes tables as the CSV files under TABLES."""
    from sklearn import datasets
    os.makedirs(TABLES, exist_ok=True)
    for fname, loader, label, classes in [
            ("wine.csv", datasets.load_wine, "cultivar", ["cultivar_1", "cultivar_2", "cultivar_3"]),
            ("breast_cancer.csv", datasets.load_breast_cancer, "diagnosis", ["malignant", "benign"]),
            ("diabetes.csv", lambda: datasets.load_diabetes(scaled=False), "progression", None)]:
        b = loader()
        header = [n.replace(" ", "_").replace("/", "_") for n in b.feature_names] + [label]
        rows = []
        for xr, t in zip(b.data, b.target):
            rows.append([repr(float(v)) if not float(v).is_integer() else str(int(v)) for v in xr]
                        + [classes[int(t)] if classes else str(int(t)) if float(t).is_integer() else repr(float(t))])
        write_csv(os.path.join(TABLES, fname), header, rows)
        print("wrote", os.path.join(TABLES, fname), len(rows), "rows", file=sys.stderr)


def split_files(header, rows, label_col, task, seed, work, name):
    from sklearn.model_selection import train_test_split
    y = [r[label_col] for r in rows]
    tr, te = train_test_split(np.arange(len(rows)), test_size=0.2, random_state=seed,
                              stratify=y if task == "classification" else None)
    train_path = os.path.join(work, "%s-%d-train.csv" % (name, seed))
    test_path = os.path.join(work, "%s-%d-test.csv" % (name, seed))
    write_csv(train_path, header, [rows[i] for i in tr])
    write_csv(test_path, header, [rows[i] for i in te])
    return tr, te, train_path, test_path


class Backprop:
    """One JVM running `backprop train` commands one after another (bench/CliRunner.java)."""

    def __init__(self, jar):
        self.proc = subprocess.Popen(["java", "--add-modules", "jdk.incubator.vector", "-cp", jar,
                                      os.path.join(ROOT, "bench", "CliRunner.java")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def train(self, train_path, test_path, label, seed, task, threads, work, extra):
        cmd = ["train", "--data", train_path, "--test-data", test_path, "--seed", str(seed), "--threads", str(threads),
               "--json", "--progress", "none", "--out", os.path.join(work, "model.json")] \
            + (["--label", label] if label else []) + extra
        start = time.time()
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        r = json.loads(self.proc.stdout.readline())
        if r["code"] != 0:
            sys.exit("backprop failed (%d): backprop %s\n%s" % (r["code"], " ".join(cmd), r["err"]))
        out = json.loads(r["out"])
        metric = out["test"]["accuracy"] if task == "classification" else out["test"]["r2"]
        return metric, time.time() - start, out["history"]["keptEpoch"], len(out["history"]["epochs"])


def sklearn(header, rows, label_col, task, tr, te, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    feats = [i for i in range(len(header)) if i != label_col]
    x = np.array([[float(r[i]) for i in feats] for r in rows])
    y = np.array([r[label_col] for r in rows]) if task == "classification" \
        else np.array([float(r[label_col]) for r in rows])
    model = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed) if task == "classification"
                          else MLPRegressor(random_state=seed))
    start = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x[tr], y[tr])
    return model.score(x[te], y[te]), time.time() - start, model[-1].n_iter_


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jar", default=os.path.join(ROOT, "cli", "target", "backprop.jar"))
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated, of: " + ", ".join(DATASETS))
    ap.add_argument("--seeds", type=int, default=8, help="seeds 1..N (default 8)")
    ap.add_argument("--first-seed", type=int, default=1, help="start at this seed instead of 1 (to split a run)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "target", "defaults"))
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("--only", choices=["backprop", "sklearn"], help="run one side only (to run the two side by side)")
    ap.add_argument("--backprop-args", default="", help="extra train options (to try a setting; not the defaults)")
    ap.add_argument("--export-tables", action="store_true", help="(re)write the bundled tables from scikit-learn, then stop")
    a = ap.parse_args()
    if a.export_tables:
        export_tables()
        return
    os.makedirs(a.work, exist_ok=True)
    extra = a.backprop_args.split()
    runner = Backprop(a.jar) if a.only != "sklearn" else None
    results = {}
    print("| data | rows | metric | Backprop mean | Backprop worst | scikit-learn mean | scikit-learn worst |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name in a.datasets.split(","):
        how, label, task = DATASETS[name]
        path = source_csv(name, how, a.work, a.jar)
        header, rows = read_csv(path)
        label_col = header.index(label) if label else len(header) - 1
        r = results[name] = {"rows": len(rows), "task": task, "backprop": [], "sklearn": []}
        for seed in range(a.first_seed, a.seeds + 1):
            tr, te, train_path, test_path = split_files(header, rows, label_col, task, seed, a.work, name)
            line = "%s seed %d:" % (name, seed)
            if runner:
                m, sec, kept, ran = runner.train(train_path, test_path, label, seed, task, a.threads, a.work, extra)
                r["backprop"].append(m)
                line += " backprop %.4f (%.1f s, kept epoch %d of %d)" % (m, sec, kept, ran)
            if a.only != "backprop":
                s, ssec, iters = sklearn(header, rows, label_col, task, tr, te, seed)
                r["sklearn"].append(s)
                line += "  scikit-learn %.4f (%.1f s, %d epochs)" % (s, ssec, iters)
            print(line, file=sys.stderr, flush=True)
        fmt = lambda v: "%.4f" % v
        b, s = r["backprop"], r["sklearn"]
        print("| %s | %d | %s | %s | %s | %s | %s |" % (
            name, len(rows), "accuracy" if task == "classification" else "R²",
            fmt(np.mean(b)) if b else "—", fmt(min(b)) if b else "—",
            fmt(np.mean(s)) if s else "—", fmt(min(s)) if s else "—"), flush=True)
    paired(results)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


def paired(results):
    """When both sides ran, a second table: the per-seed difference Backprop − scikit-learn (same split),
    its mean and standard error, and how many seeds each side won. With 30 test rows a seed (iris), one
    row is 0.033 of a seed's accuracy, so a mean over 8 seeds moves by 0.004 per row: the standard error
    says whether a gap between the means is more than the splits' and initialisations' noise."""
    rows = [(n, r) for n, r in results.items() if r["backprop"] and len(r["backprop"]) == len(r["sklearn"])]
    if not rows:
        return
    print()
    print("| data | seeds | mean difference (Backprop − scikit-learn) | standard error | Backprop better | equal | worse |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        d = np.array(r["backprop"]) - np.array(r["sklearn"])
        se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else float("nan")
        print("| %s | %d | %+.4f | %.4f | %d | %d | %d |" % (
            name, len(d), d.mean(), se, int((d > 1e-12).sum()), int((abs(d) <= 1e-12).sum()), int((d < -1e-12).sum())),
            flush=True)


if __name__ == "__main__":
    main()
