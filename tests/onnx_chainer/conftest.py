"""Helpers of the onnx_chainer tests: export a model and run it in ONNX Runtime."""
import warnings

import numpy
import pytest

import chainer

import onnx_chainer

try:
    import onnx
    import onnxruntime as ort
except ImportError:
    # Without the 'onnx' extra (onnx, onnxruntime) there is nothing to export
    # to; tests/onnx_chainer/test_export.py::test_import_and_export_without_onnx
    # covers that case by hiding onnx in a subprocess.
    onnx = ort = None
    collect_ignore_glob = ['test_*.py', 'functions/test_*.py', 'testing/test_*.py']

OPSETS = list(range(onnx_chainer.MINIMUM_OPSET_VERSION,
                    onnx_chainer.MAXIMUM_OPSET_VERSION + 1))


def run_onnx(onnx_model, feed):
    """Run ``onnx_model`` in ONNX Runtime; returns the list of outputs."""
    session = ort.InferenceSession(onnx_model.SerializeToString(),
                                   providers=['CPUExecutionProvider'])
    return session.run(None, feed)


def export_and_compare(model, inputs, opsets=None, rtol=1e-5, atol=1e-5,
                       **export_kwargs):
    """Export ``model`` at each opset, run it in ONNX Runtime on ``inputs`` and
    compare every output with Chainer's; returns the last ONNX model."""
    opsets = OPSETS if opsets is None else opsets
    onnx_model = None
    for opset in opsets:
        onnx_model, named_inputs, named_outputs = onnx_chainer.export(
            model, inputs, opset_version=opset, return_named_inout=True,
            **export_kwargs)
        onnx.checker.check_model(onnx_model)
        feed = {name: chainer.backend.CpuDevice().send(var.array)
                for name, var in named_inputs.items()}
        results = run_onnx(onnx_model, feed)
        assert len(results) == len(named_outputs)
        for (name, var), got in zip(named_outputs.items(), results):
            expected = var.array
            assert got.shape == expected.shape, (opset, name)
            assert got.dtype == expected.dtype, (opset, name, got.dtype)
            numpy.testing.assert_allclose(
                got, expected, rtol=rtol, atol=atol,
                err_msg='output {} at opset {}'.format(name, opset))
    return onnx_model


@pytest.fixture
def check_export():
    return export_and_compare


def _converter_opsets(name):
    converter = getattr(onnx_chainer.functions, 'convert_' + name)
    first = getattr(converter, 'supported_opset_versions', (OPSETS[0],))[0]
    return [v for v in OPSETS if v >= first]


def check_converter(name, fn, inputs, opsets=None, rtol=1e-5, atol=1e-5,
                    **export_kwargs):
    """Export ``fn`` applied to ``inputs`` at every opset converter ``name``
    supports, check that the graph holds a node of that converter, and compare
    ONNX Runtime's outputs with Chainer's."""
    opsets = _converter_opsets(name) if opsets is None else opsets
    model = chainer.Sequential(fn)
    onnx_model = export_and_compare(model, inputs, opsets=opsets, rtol=rtol,
                                    atol=atol, **export_kwargs)
    names = [n.name for n in onnx_model.graph.node]
    assert any(n == name + '_0' or n.startswith(name + '_0_') for n in names), \
        (name, names)
    return onnx_model


@pytest.fixture
def check():
    return check_converter


@pytest.fixture
def run():
    return run_onnx


@pytest.fixture(autouse=True)
def _quiet_experimental():
    old = chainer.disable_experimental_feature_warning
    chainer.disable_experimental_feature_warning = True
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        yield
    chainer.disable_experimental_feature_warning = old
