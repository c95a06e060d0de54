#!/usr/bin/python3
"""Trains Vigil's violence classifier and exports it to ONNX (models/violence-classifier.onnx).

Input: the trace log of tools/violence/extract.sh (VIOLENCE lines: per analysed frame, HeatFeatures' window of how
the pose model's heatmaps changed (heat=), BoxFeatures' window of the person detector's boxes and the motion inside
them (box=), BackboneFeatures' window of the pose model's backbone map (backbone=), and whether the classifier would
run: gate=1; with nobody tracked the scene carries the verdict) and survfight's sources.tsv (source video of every
training clip). Recordings of normal scenes (LONG_NORMAL: a pedestrian crowd, a corridor, handheld basketball, one person
walking, jogging, jumping, sitting, crawling and falling in the ASSIST-IoT lab) are cut into 2 s segments and count as
non-fight clips, each scene one group.

Model: the 6400 backbone numbers, standardised, are projected on their first PCA_COMPONENTS principal components
(fitted on the training windows: 192 clips cannot fit 6400 weights); with the heat and box numbers, standardised ->
small MLP (tanh) -> sigmoid, trained full-batch with Adam on frame windows, every clip weighing the same and both
classes weighing the same. The projection is part of the ONNX graph, so the server hands it the raw numbers. A clip counts as flagged when any of its judged
windows passes the threshold (that is what the live debounce does), so figures are per clip.

Honest figures: 5-fold cross-validation grouped by source video (development clips, whose source is not named, go
with the source of their numbering neighbours when both neighbours share it, else stand alone). The threshold is
the one that keeps out-of-fold false alerts on non-fight clips at <= 0.1; it goes into the ONNX metadata.

Deterministic: fixed seed, float64 numpy, no threads racing; same log -> same bytes.
Usage: /usr/bin/python3 tools/violence/train.py TRACE_LOG SOURCES_TSV OUT_ONNX [--report FILE]
Needs Debian's python3-numpy and python3-onnx (no PyPI).
"""
import hashlib
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SEED = 20261201
HEAT_COUNT = 148  # HeatFeatures.COUNT
BOX_COUNT = 39  # BoxFeatures.COUNT
BACKBONE_COUNT = 6400  # BackboneFeatures.COUNT
DIRECT = HEAT_COUNT + BOX_COUNT  # numbers the MLP reads as they are
COUNT = DIRECT + BACKBONE_COUNT  # ViolenceModel.FEATURES: heat numbers, box numbers, then backbone numbers
PCA_COMPONENTS = 32
FOLDS = 5
MAX_FALSE_ALERT_RATE = 0.1
HIDDEN = 8
STEPS = 800
LEARNING_RATE = 0.01
L2 = 1e-2
# What the live stage reports: the mean probability of the last SMOOTH judged windows, the run restarting when
# more than RUN_GAP_SECONDS passed without one (StreamAnalyzer does the same).
SMOOTH = 3
RUN_GAP_SECONDS = 1.0


def parse(log_path):
    clips = []  # (name, [feature vectors of judged windows])
    current = None
    for line in open(log_path, encoding="utf-8"):
        if line.startswith("CLIP "):
            current = (line.split()[1], [])
            clips.append(current)
        elif line.startswith("VIOLENCE ") and current is not None:
            m = re.search(r"t=([0-9.]+)s gate=(\d) .*heat=(\S+) box=(\S+) backbone=(\S+)", line)
            if m and m.group(2) == "1":
                numbers = [float(x) for x in m.group(3).split(",") + m.group(4).split(",") + m.group(5).split(",")]
                if len(numbers) != COUNT:
                    raise SystemExit("%s: a window of %d numbers, this script takes %d (a log of another build?)"
                                     % (log_path, len(numbers), COUNT))
                current[1].append([float(m.group(1))] + numbers)
    return clips


# Recordings of normal scenes whose licences allow training on them, cut into 2 s segments that count as non-fight
# clips: crowds and people walking past each other, handheld sport, and one person walking, jogging, jumping, sitting,
# crawling and falling (ASSIST: one lab, one camera, so one group), which 2 s CCTV clips show too seldom. Each scene
# is one group, in a fold of its own turn, so its out-of-fold figures come from a model that never saw it.
LONG_NORMAL = {"opencv_vtest.avi": "opencv vtest", "intel_one-by-one-person-detection.mp4": "intel one-by-one",
               "mmaction2_test_video_structuralize_basketball.mp4": "mmaction2 basketball"}
LONG_NORMAL_PREFIXES = {"assistiot_": "assist-iot lab"}
LONG_NORMAL_GROUPS = ("opencv vtest", "intel one-by-one", "mmaction2 basketball", "assist-iot lab")


def normal_scene(name):
    """The scene group of a normal recording trained on (see LONG_NORMAL), else None."""
    name = name.split("#")[0]
    if name in LONG_NORMAL:
        return LONG_NORMAL[name]
    return next((g for prefix, g in LONG_NORMAL_PREFIXES.items() if name.startswith(prefix)), None)


SEGMENT_SECONDS = 2.0


def segments(name, windows):
    """A long normal recording's judged windows, cut into SEGMENT_SECONDS pieces named NAME#k."""
    out = {}
    for w in windows:
        out.setdefault(int(w[0] // SEGMENT_SECONDS), []).append(w)
    return [("%s#%d" % (name, k), out[k]) for k in sorted(out)]


def label_of(name):
    if normal_scene(name) is not None:
        return 0
    if "nofi" in name:
        return 0
    if re.search(r"(^|_)fi\d+", name):
        return 1
    return None  # hard negatives outside survfight: evaluated, not trained on


def groups_for(names, sources_path):
    source = {}
    for row in open(sources_path, encoding="utf-8").read().splitlines()[1:]:
        parts = row.split("\t")
        source[parts[0]] = parts[2]
    out = []
    for name in names:
        base = re.sub(r"^survfight_dev_(no)?fight_", "", name)
        if base in source:
            out.append(source[base])
            continue
        m = re.match(r"(nofi|fi)(\d+)\.mp4", base)
        below = above = None
        if m:
            prefix, n = m.group(1), int(m.group(2))
            for k in range(n - 1, 0, -1):
                if "%s%03d.mp4" % (prefix, k) in source:
                    below = source["%s%03d.mp4" % (prefix, k)]
                    break
            for k in range(n + 1, n + 50):
                if "%s%03d.mp4" % (prefix, k) in source:
                    above = source["%s%03d.mp4" % (prefix, k)]
                    break
        out.append(below if below is not None and below == above else "clip:" + name)
    return out


def assign_folds(groups, folds):
    sizes = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    load = [0] * folds
    fold_of = {}
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        f = min(range(folds), key=lambda i: (load[i], i))
        fold_of[g] = f
        load[f] += sizes[g]
    return np.array([fold_of[g] for g in groups])


def principal_components(x):
    """Standardisation and the first PCA_COMPONENTS directions of the backbone numbers (signs fixed: largest
    loading positive, so the same windows give the same bytes)."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    _, _, vt = np.linalg.svd((x - mean) / std, full_matrices=False)
    v = vt[:PCA_COMPONENTS].T
    v = v * np.sign(v[np.argmax(np.abs(v), axis=0), np.arange(v.shape[1])])
    return mean, std, v


def reduced(pca, x):
    """The MLP's input: the direct numbers, then the backbone numbers projected (pca None: x as it is)."""
    x = np.asarray(x)
    if pca is None:
        return x
    mean, std, v = pca
    return np.concatenate([x[:, :DIRECT], ((x[:, DIRECT:] - mean) / std) @ v], axis=1)


def fit(clip_features, labels, seed):
    """The model for windows of COUNT numbers; of fewer (a comparison without the backbone), no projection."""
    x = np.concatenate(clip_features)
    pca = principal_components(x[:, DIRECT:]) if x.shape[1] == COUNT else None
    mean, std, params = fit_mlp([reduced(pca, f) for f in clip_features], labels, seed)
    return pca, mean, std, params


def fit_mlp(clip_features, labels, seed):
    x = np.concatenate(clip_features)
    y = np.concatenate([np.full(len(f), l, dtype=np.float64) for f, l in zip(clip_features, labels)])
    per_class = {c: sum(1 for l in labels if l == c) for c in (0, 1)}
    w = np.concatenate([np.full(len(f), 1.0 / len(f) / per_class[l]) for f, l in zip(clip_features, labels)])
    w /= w.sum()
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    z = (x - mean) / std
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, 1 / np.sqrt(z.shape[1]), (z.shape[1], HIDDEN)), np.zeros(HIDDEN),
              rng.normal(0, 1 / np.sqrt(HIDDEN), (HIDDEN, 1)), np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, STEPS + 1):
        w1, b1, w2, b2 = params
        h = np.tanh(z @ w1 + b1)
        p = 1 / (1 + np.exp(-(h @ w2 + b2)[:, 0]))
        g_out = (w * (p - y))[:, None]
        grads = [None, None, h.T @ g_out + L2 * w2, g_out.sum(axis=0)]
        g_h = (g_out @ w2.T) * (1 - h * h)
        grads[0] = z.T @ g_h + L2 * w1
        grads[1] = g_h.sum(axis=0)
        for i in range(4):
            m[i] = 0.9 * m[i] + 0.1 * grads[i]
            v[i] = 0.999 * v[i] + 0.001 * grads[i] ** 2
            params[i] = params[i] - LEARNING_RATE * (m[i] / (1 - 0.9 ** step)) / (np.sqrt(v[i] / (1 - 0.999 ** step)) + 1e-8)
    return mean, std, params


def predict(model, x):
    pca, mean, std, (w1, b1, w2, b2) = model
    if len(x) == 0:
        return np.zeros(0)
    z = (reduced(pca, x) - mean) / std
    return 1 / (1 + np.exp(-(np.tanh(z @ w1 + b1) @ w2 + b2)[:, 0]))


def clip_score(model, timed):
    """Highest smoothed probability over a clip's judged windows (timed: seconds, then the features)."""
    if len(timed) == 0:
        return 0.0
    p = predict(model, timed[:, 1:])
    best = 0.0
    run = []
    last = None
    for t, q in zip(timed[:, 0], p):
        if last is not None and t - last > RUN_GAP_SECONDS:
            run = []
        run = (run + [q])[-SMOOTH:]
        last = t
        best = max(best, sum(run) / len(run))
    return float(best)


def auc(scores, labels):
    scores = np.asarray(scores)
    labels = np.asarray(labels)
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def threshold_at(scores, labels, rate):
    """Smallest threshold with false alerts (score > threshold) on non-fights at most `rate`."""
    neg = np.sort(np.asarray(scores)[np.asarray(labels) == 0])[::-1]
    allowed = int(np.floor(rate * len(neg) + 1e-9))
    return float(neg[allowed]) if allowed < len(neg) else 0.0


def flagged(scores, threshold):
    return np.asarray(scores) > threshold


def export(model, threshold, path, names_hash, report_lines):
    (pca_mean, pca_std, pca_v), mean, std, (w1, b1, w2, b2) = model
    f32 = lambda a, n: numpy_helper.from_array(np.asarray(a, dtype=np.float32), n)
    i64 = lambda a, n: numpy_helper.from_array(np.asarray(a, dtype=np.int64), n)
    nodes = [
        helper.make_node("Slice", ["features", "zero", "direct_end", "feature_axis"], ["direct"]),
        helper.make_node("Slice", ["features", "direct_end", "all_end", "feature_axis"], ["backbone"]),
        helper.make_node("Sub", ["backbone", "pca_mean"], ["backbone_centred"]),
        helper.make_node("Div", ["backbone_centred", "pca_std"], ["backbone_standardised"]),
        helper.make_node("MatMul", ["backbone_standardised", "pca_v"], ["backbone_projected"]),
        helper.make_node("Concat", ["direct", "backbone_projected"], ["reduced"], axis=1),
        helper.make_node("Sub", ["reduced", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "std"], ["standardised"]),
        helper.make_node("MatMul", ["standardised", "w1"], ["h1"]),
        helper.make_node("Add", ["h1", "b1"], ["h1b"]),
        helper.make_node("Tanh", ["h1b"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "w2"], ["h2"]),
        helper.make_node("Add", ["h2", "b2"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["probability"]),
    ]
    graph = helper.make_graph(
        nodes, "violence_classifier",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["n", COUNT])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["n", 1])],
        [i64([0], "zero"), i64([DIRECT], "direct_end"), i64([COUNT], "all_end"), i64([1], "feature_axis"),
         f32(pca_mean, "pca_mean"), f32(pca_std, "pca_std"), f32(pca_v, "pca_v"),
         f32(mean, "mean"), f32(std, "std"), f32(w1, "w1"), f32(b1, "b1"), f32(w2, "w2"), f32(b2, "b2")])
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="vigil-train.py")
    proto.ir_version = 7
    helper.set_model_props(proto, {
        "threshold": "%.6f" % threshold,
        "features": "HeatFeatures v1 (%d) + BoxFeatures v1 (%d) + BackboneFeatures v1 (%d, %d principal components): "
                    "sha256 of the training log %s" % (HEAT_COUNT, BOX_COUNT, BACKBONE_COUNT, PCA_COMPONENTS, names_hash),
        "training": "survfight (MIT) train + dev clips; as normal scenes OpenCV vtest, Intel one-by-one, ASSIST-IoT (CC BY 4.0) "
                    "and the mmaction2 basketball demo (Apache-2.0); tools/violence/train.py seed %d" % SEED,
    })
    onnx.checker.check_model(proto)
    with open(path, "wb") as f:
        f.write(proto.SerializeToString())


def main(argv):
    log_path, sources_path, out_path = argv[1:4]
    report_path = argv[argv.index("--report") + 1] if "--report" in argv else None
    clips = parse(log_path)
    long_normal = [(n, f) for n, f in clips if normal_scene(n) is not None]
    clips = [(n, f) for n, f in clips if normal_scene(n) is None]
    data = [(n, f, label_of(n)) for n, f in clips if label_of(n) is not None]
    survfight = len(data)
    for n, f in long_normal:
        data += [(name, windows, 0) for name, windows in segments(n, f)]
    extra = [(n, f) for n, f in clips if label_of(n) is None]
    names = [n for n, _, _ in data]
    timed = [np.array(f, dtype=np.float64).reshape(-1, COUNT + 1) for _, f, _ in data]
    feats = [f[:, 1:] for f in timed]
    labels = np.array([l for _, _, l in data])
    groups = groups_for(names[:survfight], sources_path) + [normal_scene(n) for n in names[survfight:]]
    # survfight's folds as without the normal recordings; each normal scene is one group, in a fold of its own turn
    folds = np.concatenate([assign_folds(groups[:survfight], FOLDS),
                            [LONG_NORMAL_GROUPS.index(g) % FOLDS for g in groups[survfight:]]]).astype(int)
    is_survfight = np.arange(len(data)) < survfight
    out = []
    say = lambda s: (out.append(s), print(s))
    say("clips: %d fight, %d non-fight, %d source groups; judged windows: %d; clips with none: %d fight, %d non-fight"
        % ((labels == 1).sum(), (labels == 0).sum(), len(set(groups)), sum(len(f) for f in feats),
           sum(1 for f, l in zip(feats, labels) if len(f) == 0 and l == 1),
           sum(1 for f, l in zip(feats, labels) if len(f) == 0 and l == 0)))
    oof = np.zeros(len(data))
    for k in range(FOLDS):
        train = [i for i in range(len(data)) if folds[i] != k and len(feats[i]) > 0]
        model = fit([feats[i] for i in train], [labels[i] for i in train], SEED + k)
        for i in range(len(data)):
            if folds[i] == k:
                oof[i] = clip_score(model, timed[i])
    # The threshold and the figures are the survfight clips' (2 s CCTV, the measure); the long recordings'
    # segments are trained on and reported apart (a false alert rate per 2 s of crowd).
    sv_oof, sv_labels, sv_folds = oof[is_survfight], labels[is_survfight], folds[is_survfight]
    threshold = threshold_at(sv_oof, sv_labels, MAX_FALSE_ALERT_RATE)
    say("| fold | clips (fight/non) | ROC AUC | recall at own FAR<=0.1 | recall / FAR at CV threshold |")
    say("|---|---|---|---|---|")
    for k in range(FOLDS):
        idx = sv_folds == k
        s, l = sv_oof[idx], sv_labels[idx]
        own = threshold_at(s, l, MAX_FALSE_ALERT_RATE)
        f = flagged(s, threshold)
        say("| %d | %d/%d | %.3f | %.2f | %.2f / %.2f |" % (
            k + 1, (l == 1).sum(), (l == 0).sum(), auc(s, l), flagged(s[l == 1], own).mean(),
            f[l == 1].mean(), f[l == 0].mean()))
    f = flagged(sv_oof, threshold)
    say("overall (pooled out-of-fold): ROC AUC %.3f, threshold p>%.4f, recall %.3f (%d/%d), false alerts %.3f (%d/%d)" % (
        auc(sv_oof, sv_labels), threshold, f[sv_labels == 1].mean(), f[sv_labels == 1].sum(), (sv_labels == 1).sum(),
        f[sv_labels == 0].mean(), f[sv_labels == 0].sum(), (sv_labels == 0).sum()))
    for name in dict.fromkeys(n.split("#")[0] for n in names[survfight:]):
        idx = np.array([n.split("#")[0] == name for n in names])
        say("normal recording %s (%s, out of fold): %d of %d segments of %.0f s flagged" % (
            name, normal_scene(name), flagged(oof[idx], threshold).sum(), idx.sum(), SEGMENT_SECONDS))
    f = flagged(oof, threshold)
    dev = np.array([n.startswith("survfight_dev_") for n in names])
    say("of which development clips: recall %d/%d, false alerts %d/%d" % (
        f[dev & (labels == 1)].sum(), (dev & (labels == 1)).sum(), f[dev & (labels == 0)].sum(), (dev & (labels == 0)).sum()))
    model = fit([feats[i] for i in range(len(data)) if len(feats[i]) > 0],
                [labels[i] for i in range(len(data)) if len(feats[i]) > 0], SEED)
    for n, fx in extra:
        fx = np.array(fx, dtype=np.float64).reshape(-1, COUNT + 1)
        say("hard negative %s: max p %.4f over %d judged windows (flagged: %s)" % (
            n, clip_score(model, fx), len(fx), clip_score(model, fx) > threshold))
    log_hash = hashlib.sha256(open(log_path, "rb").read()).hexdigest()
    export(model, threshold, out_path, log_hash, out)
    say("wrote %s sha256 %s" % (out_path, hashlib.sha256(open(out_path, "rb").read()).hexdigest()))
    if report_path:
        open(report_path, "w", encoding="utf-8").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
