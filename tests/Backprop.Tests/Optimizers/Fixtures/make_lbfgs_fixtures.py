#!/usr/bin/python3
# Writes lbfgs.json for the L-BFGS tests (tests/Backprop.Tests/Optimizers/Lbfgs/): scikit-learn's
# MLPClassifier(solver='lbfgs') on iris and on the wheat seeds data, each from initial weights this script fixes;
# scipy's L-BFGS-B on the Rosenbrock function; and the trial steps of MINPACK-2's line search (dcsrch) on the test
# functions of More and Thuente (1994).
#
# Run from this folder with Debian's scikit-learn (python3-sklearn 1.2.1, with python3-scipy and python3-numpy):
#     apt-get install -y --no-install-recommends python3-sklearn python3-scipy python3-numpy
#     /usr/bin/python3 make_lbfgs_fixtures.py
#
# Data: iris is the repository's samples/Backprop.Demo/Data/iris.csv (header, label 0..2). The seeds data is the
# UCI "seeds" file (210 rows, no header, 7 features, label 1..3), which is not part of the repository: it is read
# from ../shared/data/seeds_dataset.csv beside the repository, where the tests read it too. Each data set is
# z-scored with StandardScaler fitted on the whole file (population standard deviation, as Backprop's).
#
# What scikit-learn minimises, over all weights and biases as one vector (sklearn/neural_network/
# _multilayer_perceptron.py, _backprop): the mean over the n samples of the log-loss of the softmax output (each
# sample's -sum_k t_k log p_k, p clipped to [eps, 1 - eps]) plus (alpha / (2 n)) * sum of every squared weight
# (the intercepts are not penalised), with scipy.optimize.minimize(method="L-BFGS-B", jac=True,
# options={maxfun: max_fun, maxiter: max_iter, gtol: tol}); L-BFGS-B keeps m = 10 pairs, searches lines with
# MINPACK-2's dcsrch (ftol 1e-3, gtol 0.9, xtol 0.1, at most 20 evaluations) and also stops when the loss falls by
# no more than ftol = 2.22e-9 (scipy's default) relative to max(|f|, 1).
#
# Initial weights: fitting once with max_iter=1 sets up the estimator; its coefs_ and intercepts_ are then
# replaced by Glorot-uniform draws (sklearn's own rule, +-sqrt(6 / (fan_in + fan_out)) for tanh) from
# numpy.random.RandomState(seed), weights before intercepts layer by layer, and a warm-started fit runs
# L-BFGS from exactly them. The fixture stores them as Backprop lays them out: each layer's weights outputs x
# inputs (row j = the weights into neuron j; sklearn's coefs_ is the transpose), then its bias.
#
# Each run records scikit-learn's loss_ and n_iter_, scipy's nfev and message, the final weights, and the loss at
# every evaluation of the fit in order. The script is deterministic: rerunning it rewrites the same file.
import hashlib
import json
import math
import os
import pathlib
import warnings

import numpy as np
import scipy
import scipy.optimize
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
IRIS = ROOT / "samples" / "Backprop.Demo" / "Data" / "iris.csv"
SEEDS = ROOT.parent / "shared" / "data" / "seeds_dataset.csv"

# name, file, whether it has a header, the settings of MLPClassifier, the seed of the initial weights. alpha, tol
# and max_iter are scikit-learn's defaults in the first run of each data set; alpha = 1 in the second. The hidden
# layer is tanh (smooth; scikit-learn's default is relu) of 8 neurons.
DEFAULTS = {"hidden_layer_sizes": (8,), "activation": "tanh", "alpha": 1e-4, "tol": 1e-4, "max_iter": 200,
            "max_fun": 15000}
RUNS = [
    ("iris", IRIS, True, DEFAULTS, 1),
    ("iris-alpha-1", IRIS, True, {**DEFAULTS, "alpha": 1.0}, 1),
    ("seeds", SEEDS, False, DEFAULTS, 1),
    ("seeds-alpha-1", SEEDS, False, {**DEFAULTS, "alpha": 1.0}, 1),
]


def load(path, header):
    table = np.loadtxt(path, delimiter=",", skiprows=1 if header else 0)
    return table[:, :-1], table[:, -1].astype(int)


def glorot(rng, fan_in, fan_out):
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)


def run(name, path, header, settings, seed):
    x, y = load(path, header)
    x = StandardScaler().fit_transform(x)
    classes = np.unique(y)
    sizes = [x.shape[1], *settings["hidden_layer_sizes"], len(classes)]
    rng = np.random.RandomState(seed)
    coefs, intercepts = zip(*(glorot(rng, a, b) for a, b in zip(sizes[:-1], sizes[1:])))

    clf = MLPClassifier(solver="lbfgs", warm_start=True, random_state=0, **{**settings, "max_iter": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(x, y)
    clf.coefs_ = [c.copy() for c in coefs]
    clf.intercepts_ = [b.copy() for b in intercepts]
    clf.max_iter = settings["max_iter"]

    # Keep scipy's own result too (evaluations and the reason it stopped; sklearn reads only nit and fun) and the
    # loss at every evaluation, in order.
    results = []
    evaluations = []
    minimize = scipy.optimize.minimize

    def recording(fun, x0, *args, **kwargs):
        def recorded(theta, *a):
            value = fun(theta, *a)
            evaluations.append(float(value[0]))
            return value

        result = minimize(recorded, x0, *args, **kwargs)
        results.append(result)
        return result

    scipy.optimize.minimize = recording
    try:
        clf.fit(x, y)
    finally:
        scipy.optimize.minimize = minimize
    (result,) = results
    message = result.message if isinstance(result.message, str) else result.message.decode("latin1")

    def layers(ws, bs):
        return [{"weights": [[float(v) for v in row] for row in w.T], "bias": [float(v) for v in b]}
                for w, b in zip(ws, bs)]

    accuracy = float(np.mean(clf.predict(x) == y))
    print(f"{name}: loss {clf.loss_!r} after {clf.n_iter_} iterations, {result.nfev} evaluations ({message}); "
          f"training accuracy {accuracy:.4f}")
    return {
        "name": name,
        "data": os.path.relpath(path, ROOT),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "header": header,
        "samples": int(x.shape[0]),
        "features": int(x.shape[1]),
        "classes": [int(c) for c in classes],
        "hidden": list(settings["hidden_layer_sizes"]),
        "activation": settings["activation"],
        "alpha": settings["alpha"],
        "tol": settings["tol"],
        "max_iter": settings["max_iter"],
        "max_fun": settings["max_fun"],
        "seed": seed,
        "initial": layers(coefs, intercepts),
        "sklearn": {
            "loss": float(clf.loss_),
            "n_iter": int(clf.n_iter_),
            "nfev": int(result.nfev),
            "evaluations": evaluations,
            "message": message,
            "training_accuracy": accuracy,
            "final": layers(clf.coefs_, clf.intercepts_),
        },
    }


def rosenbrock(x0):
    # scipy's L-BFGS-B with its defaults (m 10, gtol 1e-5, ftol 2.22e-9, maxls 20) from x0.
    result = scipy.optimize.minimize(scipy.optimize.rosen, np.array(x0, dtype=float), jac=scipy.optimize.rosen_der,
                                     method="L-BFGS-B")
    message = result.message if isinstance(result.message, str) else result.message.decode("latin1")
    print(f"rosenbrock {x0}: f {result.fun!r} after {result.nit} iterations, {result.nfev} evaluations ({message})")
    return {"x0": x0, "gtol": 1e-5, "ftol": 2.220446049250313e-09, "nit": int(result.nit), "nfev": int(result.nfev),
            "fun": float(result.fun), "x": [float(v) for v in result.x], "message": message}


# The test functions of More and Thuente, "Line search algorithms with guaranteed sufficient decrease" (1994),
# section 5, each with its c1 (ftol) and c2 (gtol): (name, phi and its derivative, c1, c2).
def gamma(b):
    return math.sqrt(1 + b * b) - b


def yanai(b1, b2):
    return (lambda a: gamma(b1) * math.sqrt((1 - a) ** 2 + b2 * b2) + gamma(b2) * math.sqrt(a * a + b1 * b1),
            lambda a: gamma(b1) * (a - 1) / math.sqrt((1 - a) ** 2 + b2 * b2) + gamma(b2) * a / math.sqrt(a * a + b1 * b1))


def wiggly(a, b=0.01, l=39):
    if a <= 1 - b:
        f0, d0 = 1 - a, -1.0
    elif a >= 1 + b:
        f0, d0 = a - 1, 1.0
    else:
        f0, d0 = (a - 1) ** 2 / (2 * b) + b / 2, (a - 1) / b
    return (f0 + 2 * (1 - b) / (l * math.pi) * math.sin(l * math.pi * a / 2),
            d0 + (1 - b) * math.cos(l * math.pi * a / 2))


LINE_FUNCTIONS = [
    ("1", lambda a: -a / (a * a + 2), lambda a: (a * a - 2) / (a * a + 2) ** 2, 1e-3, 0.1),
    ("2", lambda a: (a + 0.004) ** 5 - 2 * (a + 0.004) ** 4,
     lambda a: 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3, 0.1, 0.1),
    ("3", lambda a: wiggly(a)[0], lambda a: wiggly(a)[1], 0.1, 0.1),
    ("4", *yanai(0.001, 0.001), 1e-3, 1e-3),
    ("5", *yanai(0.01, 0.001), 1e-3, 1e-3),
    ("6", *yanai(0.001, 0.01), 1e-3, 1e-3),
]


def line_search(name, f, g, c1, c2, a0, xtol, stpmin=0.0, stpmax=1e10, max_evaluations=50):
    from scipy.optimize import _minpack2
    isave = np.zeros(2, np.intc)
    dsave = np.zeros(13, float)
    stp, phi, dphi, task = a0, f(0.0), g(0.0), b"START"
    trials = []
    while True:
        stp, phi, dphi, task = _minpack2.dcsrch(stp, phi, dphi, c1, c2, xtol, task, stpmin, stpmax, isave, dsave)
        if not task.startswith(b"FG") or len(trials) == max_evaluations:
            break
        trials.append(float(stp))
        phi, dphi = f(stp), g(stp)
    status = task.decode("latin1").strip()
    return {"function": name, "c1": c1, "c2": c2, "xtol": xtol, "a0": a0, "trials": trials, "status": status,
            "step": float(stp), "phi": float(phi), "dphi": float(dphi)}


def main():
    fixture = {
        "source": f"scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, numpy {np.__version__} "
                  "(Debian python3-sklearn), float64; written by make_lbfgs_fixtures.py",
        "objective": "mean over samples of -sum_k t_k log softmax_k + (alpha / (2 n)) * sum of squared weights "
                     "(biases not penalised)",
        "scaling": "z-score of every feature over the whole file (population standard deviation)",
        "layout": "weights are outputs x inputs: row j holds the weights into neuron j",
        "runs": [run(*r) for r in RUNS],
        "rosenbrock": [rosenbrock([-1.2, 1.0]), rosenbrock([1.3, 0.7, 0.8, 1.9, 1.2])],
        # xtol 1e-10 as in the paper's tables, and 0.1 as L-BFGS-B calls the search (then some end in warnings).
        "line_search": [line_search(name, f, g, c1, c2, a0, xtol) for xtol in (1e-10, 0.1)
                        for name, f, g, c1, c2 in LINE_FUNCTIONS for a0 in (1e-3, 1e-1, 1e1, 1e3)],
    }
    # json writes floats with repr, the shortest string that reads back to the same double.
    with open(HERE / "lbfgs.json", "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
