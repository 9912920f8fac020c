"""The optional packages onnx_chainer needs: ``onnx`` (and ``onnxruntime`` for checks).

``import onnx_chainer`` works without them; the functions that build, save or run
ONNX models import them on first use and say what to install when they are missing.
"""
import importlib

INSTALL_HINT = ('install them with: pip install "chainer[onnx]" '
                '(or: pip install onnx onnxruntime)')


def _require(package, what, *submodules):
    """Import ``package`` (and its ``submodules``), or raise ImportError naming
    ``what`` needs it and how to install it."""
    try:
        module = importlib.import_module(package)
        for name in submodules:
            importlib.import_module(package + '.' + name)
    except ImportError as e:
        raise ImportError(
            '{} needs the "{}" package, which is not installed; {}'.format(
                what, package, INSTALL_HINT)) from e
    return module


def require_onnx(what='onnx_chainer'):
    """Return the ``onnx`` module, or raise ImportError naming what needs it."""
    return _require('onnx', what, 'checker', 'helper', 'numpy_helper')


def require_onnxruntime(what='onnx_chainer.testing'):
    """Return the ``onnxruntime`` module, or raise ImportError naming what needs it."""
    return _require('onnxruntime', what)
