"""Attributes (pytest marks) for tests that need special hardware or time.

``@attr.gpu``, ``@attr.cudnn``, ``@attr.ideep``, ``@attr.chainerx``,
``@attr.multi_gpu(n)`` and ``@attr.slow`` decorate test functions, methods or
classes. Each gives the test the pytest mark of that name, so a run can select or
exclude them (``pytest -m "not slow"``), and the hardware marks also skip the
test, with a reason, when what it needs is not available here.
"""
from chainer.backends import cuda
from chainer.backends import intel64
from chainer.testing import _marks
import chainerx as _chainerx


def _gpu_count():
    if not cuda.available:
        return 0
    try:
        return cuda.cupy.cuda.runtime.getDeviceCount()
    except Exception:
        return 0


class _Attribute(object):
    """A decorator that marks a test and skips it when a requirement is missing.

    Attributes:
        name (str): the pytest mark name.
    """

    def __init__(self, name, check=None, mark_args=()):
        self.name = name
        self._check = check
        self._mark_args = tuple(mark_args)

    def unavailable_reason(self):
        """Why the test cannot run here, or None if it can."""
        if self._check is None:
            return None
        return self._check()

    def __call__(self, obj):
        reason = self.unavailable_reason()
        return _marks.mark_and_skip(obj, self.name, self._mark_args,
                                    skip=reason is not None, reason=reason or '')

    @property
    def mark(self):
        """The pytest mark itself (``pytest.mark.<name>``); needs pytest."""
        import pytest
        return getattr(pytest.mark, self.name)(*self._mark_args)

    def __repr__(self):
        return '<chainer.testing.attr.{}>'.format(self.name)


def _check_gpu(count=1):
    def check():
        if not cuda.available:
            return ('needs a CUDA GPU, but CuPy is not installed (or could not be '
                    'imported)')
        n = _gpu_count()
        if n < count:
            return 'needs {} CUDA GPU(s), but {} found'.format(count, n)
        return None
    return check


def _check_cudnn():
    reason = _check_gpu()()
    if reason is not None:
        return 'needs cuDNN: ' + reason
    if not cuda.cudnn_enabled:
        return 'needs cuDNN, but CuPy was built without cuDNN'
    return None


def _check_ideep():
    if not intel64.is_ideep_available():
        return 'needs iDeep, which chainer-next does not support'
    return None


def _check_chainerx():
    if not _chainerx.is_available():
        return 'needs ChainerX, which is not available in chainer-next'
    return None


gpu = _Attribute('gpu', _check_gpu())
cudnn = _Attribute('cudnn', _check_cudnn)
ideep = _Attribute('ideep', _check_ideep)
chainerx = _Attribute('chainerx', _check_chainerx)
slow = _Attribute('slow')


def multi_gpu(gpu_num):
    """Mark a test that needs ``gpu_num`` GPUs; it is skipped when fewer exist."""
    if not isinstance(gpu_num, int) or isinstance(gpu_num, bool) or gpu_num < 1:
        raise ValueError('attr.multi_gpu: gpu_num must be a positive integer, got '
                         '{!r}'.format(gpu_num))
    return _Attribute('gpu', _check_gpu(gpu_num), mark_args=(gpu_num,))


def get_error():
    """Always None: the attributes work whether or not pytest is installed."""
    return None


def check_available():
    """Check that the attributes can be used; return None when they can.

    They always can here: with pytest they are pytest marks (for ``-m``
    selection) and skips, and without pytest the skips work through
    ``unittest.SkipTest``. Code written for Chainer, where this raised when
    pytest was missing, can keep calling it.
    """
    error = get_error()
    if error is not None:
        raise RuntimeError('chainer.testing.attr is not available: {}'.format(error))
    return None

