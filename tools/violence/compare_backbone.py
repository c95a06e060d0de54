#!/usr/bin/python3
"""Which survfight clips the model without the backbone numbers (heat + box, the model before them) and the model
with them flag, out of fold, at each one's own CV threshold (FAR <= 0.1): how much the backbone numbers change which
fights are found. Same folds, seeds and fitting as train.py (imported from beside this file). Writes nothing.
Usage: /usr/bin/python3 tools/violence/compare_backbone.py TRACE_LOG SOURCES_TSV
"""
import importlib.util
import os
import sys

import numpy as np

spec = importlib.util.spec_from_file_location("train", os.path.join(os.path.dirname(__file__), "train.py"))
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)


def flags(log_path, sources_path, without_backbone):
    """{survfight clip: (flagged out of fold, label)}."""
    clips = train.parse(log_path)
    width = train.DIRECT if without_backbone else train.COUNT
    clips = [(n, [w[:1 + width] for w in f]) for n, f in clips]
    long_normal = [(n, f) for n, f in clips if n in train.LONG_NORMAL]
    clips = [(n, f) for n, f in clips if n not in train.LONG_NORMAL]
    data = [(n, f, train.label_of(n)) for n, f in clips if train.label_of(n) is not None]
    survfight = len(data)
    for n, f in long_normal:
        data += [(name, windows, 0) for name, windows in train.segments(n, f)]
    names = [n for n, _, _ in data]
    timed = [np.array(f, dtype=np.float64).reshape(-1, width + 1) for _, f, _ in data]
    feats = [f[:, 1:] for f in timed]
    labels = np.array([l for _, _, l in data])
    groups = train.groups_for(names[:survfight], sources_path) + [n.split("#")[0] for n in names[survfight:]]
    folds = np.concatenate([train.assign_folds(groups[:survfight], train.FOLDS),
                            [train.LONG_NORMAL.index(g) % train.FOLDS for g in groups[survfight:]]]).astype(int)
    oof = np.zeros(len(data))
    for k in range(train.FOLDS):
        fitted = [i for i in range(len(data)) if folds[i] != k and len(feats[i]) > 0]
        model = train.fit([feats[i] for i in fitted], [labels[i] for i in fitted], train.SEED + k)
        for i in range(len(data)):
            if folds[i] == k:
                oof[i] = train.clip_score(model, timed[i])
    threshold = train.threshold_at(oof[:survfight], labels[:survfight], train.MAX_FALSE_ALERT_RATE)
    return {n: (o > threshold, l) for n, o, l in zip(names[:survfight], oof[:survfight], labels[:survfight])}


def main(argv):
    before, after = flags(argv[1], argv[2], True), flags(argv[1], argv[2], False)
    for label, what in ((1, "fights flagged"), (0, "false alerts")):
        names = [n for n in before if before[n][1] == label]
        print("%s: by both %d, only without the backbone %d, only with it %d, by neither %d (of %d)" % (
            what, sum(before[n][0] and after[n][0] for n in names), sum(before[n][0] and not after[n][0] for n in names),
            sum(after[n][0] and not before[n][0] for n in names), sum(not before[n][0] and not after[n][0] for n in names),
            len(names)))


if __name__ == "__main__":
    main(sys.argv)
