#!/usr/bin/python3
"""Writes src/test/resources/anomaly/always-fight.onnx: a stand-in violence classifier with the real one's input and
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
