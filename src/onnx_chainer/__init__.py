"""ONNX-Chainer: export Chainer models to ONNX.

    import onnx_chainer
    onnx_chainer.export(model, x, filename='model.onnx')

The exporter runs the model once and converts the function nodes of that forward
pass to ONNX operators (opsets 7 to 11). It needs the ``onnx`` package (and
``onnxruntime`` to check exported models): ``pip install "chainer[onnx]"``.
``import onnx_chainer`` works without them.
"""
from onnx_chainer import context  # NOQA
from onnx_chainer import graph  # NOQA
from onnx_chainer import mapping  # NOQA
from onnx_chainer import onnx_helper  # NOQA
from onnx_chainer import replace_func  # NOQA
from onnx_chainer import functions  # NOQA
from onnx_chainer.export import convert_parameter  # NOQA
from onnx_chainer.export import export  # NOQA
from onnx_chainer.export import MAXIMUM_OPSET_VERSION  # NOQA
from onnx_chainer.export import MINIMUM_OPSET_VERSION  # NOQA
from onnx_chainer.export_testcase import export_testcase  # NOQA
