"""The optional packages onnx_chainer needs: ``onnx`` (and ``onnxruntime`` for checks).

``import onnx_chainer`` works without them; the functions that build, save or run
ONNX models import them on first use and say what to install when they are missing.
"""

INSTALL_HINT = ('install them with: pip install "chainer[onnx]" '
                '(or: pip install onnx onnxruntime)')


def require_onnx(what='onnx_chainer'):
    """Return the ``onnx`` module, or raise ImportError naming what needs it."""
    try:
        import onnx
        import onnx.checker  # NOQA
        import onnx.helper  # NOQA
        import onnx.numpy_helper  # NOQA
    except ImportError as e:
        raise ImportError(
            '{} needs the "onnx" package, which is not installed; {}'.format(
                what, INSTALL_HINT)) from e
    return onnx


def require_onnxruntime(what='onnx_chainer.testing'):
    """Return the ``onnxruntime`` module, or raise ImportError naming what needs it."""
    try:
        import onnxruntime
    except ImportError as e:
        raise ImportError(
            '{} needs the "onnxruntime" package, which is not installed; {}'.format(
                what, INSTALL_HINT)) from e
    return onnxruntime
