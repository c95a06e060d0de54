#!/usr/bin/python3
"""Writes src/test/resources/anomaly/always-fight.onnx (and pose-without-maps.onnx, below): a stand-in violence classifier with the real one's input and
output (features float32 [n, 6587] -> probability [n, 1]) that says 0.99 whatever it is shown, threshold 0.5. The tests
use it to drive the path from a fight verdict to an alert (who carries it, debounce, snapshot) without depending on
what the trained model makes of a synthetic scene. Deterministic. Usage: /usr/bin/python3 tools/violence/make_test_model.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

COUNT = 148 + 39 + 6400  # ViolenceModel.FEATURES: HeatFeatures.COUNT + BoxFeatures.COUNT + BackboneFeatures.COUNT
zeros = numpy_helper.from_array(np.zeros((COUNT, 1), dtype=np.float32), "w")
logit = numpy_helper.from_array(np.array([4.59512], dtype=np.float32), "b")  # sigmoid(4.59512) = 0.99
graph = helper.make_graph(
    [helper.make_node("MatMul", ["features", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["logit"]),
     helper.make_node("Sigmoid", ["logit"], ["probability"])],
    "always_fight",
    [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["n", COUNT])],
    [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["n", 1])],
    [zeros, logit])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="vigil make_test_model.py")
model.ir_version = 7
helper.set_model_props(model, {"threshold": "0.500000"})
onnx.checker.check_model(model)
onnx.save(model, "src/test/resources/anomaly/always-fight.onnx")

# src/test/resources/anomaly/pose-without-maps.onnx: a stand-in pose model with MultiPose's input and `people` output
# (all zeros: nobody) and neither `heatmaps` nor `backbone`, as a model converted without --heatmaps --backbone. The
# tests check that the server refuses to start a classifier it could never feed.
people = helper.make_graph(
    [helper.make_node("Shape", ["image"], ["shape"]),
     helper.make_node("Gather", ["shape", "first"], ["batch"], axis=0),
     helper.make_node("Concat", ["batch", "rows"], ["people_shape"], axis=0),
     helper.make_node("ConstantOfShape", ["people_shape"], ["people"],
                      value=numpy_helper.from_array(np.zeros(1, dtype=np.float32)))],
    "pose_without_maps",
    [helper.make_tensor_value_info("image", TensorProto.UINT8, ["batch", "height", "width", 3])],
    [helper.make_tensor_value_info("people", TensorProto.FLOAT, ["batch", 6, 56])],
    [numpy_helper.from_array(np.array([0], dtype=np.int64), "first"),
     numpy_helper.from_array(np.array([6, 56], dtype=np.int64), "rows")])
pose = helper.make_model(people, opset_imports=[helper.make_opsetid("", 13)], producer_name="vigil make_test_model.py")
pose.ir_version = 7
onnx.checker.check_model(pose)
onnx.save(pose, "src/test/resources/anomaly/pose-without-maps.onnx")
