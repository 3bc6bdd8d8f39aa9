#!/usr/bin/env python3
"""Scores scikit-learn on the very folds of a Backprop cross-validation, beside Backprop's own scores.

    backprop train --data diabetes --folds 5 --json > report.json
    python3 same_folds.py report.json samples/Backprop.Demo/Data/diabetes.csv

The report's runs carry each fold's test rows ("test_indices", 0-based, in file order); every other row of the
file trains. As in Backprop, a StandardScaler is fitted on the training part of each fold only. Regression:
LinearRegression and MLPRegressor (defaults, max_iter 2000), scored by R^2; classification: LogisticRegression
and MLPClassifier (defaults), scored by accuracy. Needs numpy and scikit-learn (Debian: python3-sklearn).
"""
import json
import sys
import warnings

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main(report_path, data_path):
    report = json.load(open(report_path, encoding="utf-8"))
    regression = report["task"] == "regression"
    header = open(data_path, encoding="utf-8").readline().strip().split(",")
    raw = np.genfromtxt(data_path, delimiter=",", skip_header=1, dtype=str)
    x = raw[:, :-1].astype(float)
    y = raw[:, -1].astype(float) if regression else raw[:, -1]
    folds = [run["test_indices"] for run in report["runs"]]
    covered = sorted(i for fold in folds for i in fold)
    assert covered == list(range(len(y))), "the folds must cover every row once"

    if regression:
        models = {"LinearRegression": LinearRegression, "MLPRegressor": lambda: MLPRegressor(max_iter=2000, random_state=1)}
        score, name = r2_score, "R^2"
        ours = [run["r2"] for run in report["runs"]]
    else:
        models = {"LogisticRegression": lambda: LogisticRegression(max_iter=1000), "MLPClassifier": lambda: MLPClassifier(random_state=1)}
        score, name = accuracy_score, "accuracy"
        ours = [run["accuracy"] for run in report["runs"]]

    print(f"{data_path.split('/')[-1]}: {len(y)} rows, {x.shape[1]} features ({', '.join(header[:-1][:4])}, ...), {len(folds)} folds, {name}")
    print(f"  {'Backprop (' + report['network'].split(',')[0] + ')':34s} mean {np.mean(ours):.4f} sd {np.std(ours):.4f}  {[round(v, 4) for v in ours]}")
    warnings.filterwarnings("ignore")
    for label, make in models.items():
        scores = []
        for test in folds:
            mask = np.zeros(len(y), dtype=bool)
            mask[test] = True
            model = make_pipeline(StandardScaler(), make()).fit(x[~mask], y[~mask])
            scores.append(score(y[mask], model.predict(x[mask])))
        print(f"  {'scikit-learn ' + label:34s} mean {np.mean(scores):.4f} sd {np.std(scores):.4f}  {[round(v, 4) for v in scores]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
