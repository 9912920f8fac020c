"""chainer: a define-by-run deep learning framework.

This is chainer-next, a new implementation of the Chainer 7.8.1 API for current
Python and NumPy. ``import chainer`` gives the same names as Chainer: Variable,
FunctionNode, Link and Chain, the ``functions``, ``links``, ``optimizers``,
``training`` and ``serializers`` modules, and the configuration.
"""
import os
import sys
import threading  # NOQA

import numpy

__version__ = '7.9.0'

from chainer import configuration  # NOQA
from chainer.configuration import config  # NOQA
from chainer.configuration import global_config  # NOQA
from chainer.configuration import using_config  # NOQA
from chainer import types  # NOQA
from chainer import warnings  # NOQA
import chainerx  # NOQA


class _Mixed16(object):
    """The ``mixed16`` dtype setting: float16 arrays with float32 where it matters."""

    dtype = numpy.dtype(numpy.float16)

    def __repr__(self):
        return "dtype('mixed16')"

    def __str__(self):
        return 'mixed16'

    def __eq__(self, other):
        return isinstance(other, _Mixed16) or other == 'mixed16'

    def __hash__(self):
        return hash('mixed16')


mixed16 = _Mixed16()


class _FallbackType(object):
    def __repr__(self):
        return 'Fallback'


Fallback = _FallbackType()


def _parse_dtype(name):
    if name == 'mixed16':
        return mixed16
    dtype = numpy.dtype(name)
    if dtype not in (numpy.float16, numpy.float32, numpy.float64):
        raise ValueError('CHAINER_DTYPE must be float16, float32, float64 or mixed16, '
                         'got {!r}'.format(name))
    return dtype


def _env_flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value not in ('0', '', 'false', 'False')


global_config.debug = _env_flag('CHAINER_DEBUG', False)
global_config.cudnn_deterministic = _env_flag('CHAINER_CUDNN_DETERMINISTIC', False)
global_config.warn_nondeterministic = _env_flag('CHAINER_WARN_NONDETERMINISTIC', False)
global_config.enable_backprop = True
global_config.keep_graph_on_report = _env_flag('CHAINER_KEEP_GRAPH_ON_REPORT', False)
global_config.train = True
global_config.type_check = _env_flag('CHAINER_TYPE_CHECK', True)
global_config.use_cudnn = os.environ.get('CHAINER_USE_CUDNN', 'auto')
global_config.use_cudnn_tensor_core = 'auto'
global_config.autotune = False
global_config.schedule_func = None
global_config.use_ideep = os.environ.get('CHAINER_USE_IDEEP', 'never')
global_config.lazy_grad_sum = _env_flag('CHAINER_LAZY_GRAD_SUM', False)
global_config.cudnn_fast_batch_normalization = _env_flag(
    'CHAINER_CUDNN_FAST_BATCH_NORMALIZATION', False)
global_config.dtype = _parse_dtype(os.environ.get('CHAINER_DTYPE', 'float32'))
global_config.in_recomputing = False
global_config._will_recompute = False
global_config.compute_mode = None
global_config.use_static_graph = True


def get_dtype(dtype=None, map_mixed16=None):
    """Resolve a dtype setting to a NumPy dtype.

    Args:
        dtype: a dtype, ``'mixed16'`` / :data:`chainer.mixed16`, or None to use
            ``chainer.config.dtype``.
        map_mixed16: the dtype that ``mixed16`` stands for here (default float16).
    """
    if dtype is None:
        dtype = config.dtype
    if dtype is mixed16 or (isinstance(dtype, str) and dtype == 'mixed16'):
        if map_mixed16 is None:
            return numpy.dtype(numpy.float16)
        return numpy.dtype(map_mixed16)
    return numpy.dtype(dtype)


def is_debug():
    """Whether debug mode (``chainer.config.debug``) is on."""
    return bool(config.debug)


def set_debug(debug):
    """Turn debug mode on or off for the current thread.

    In debug mode every function's outputs and gradients are checked for NaN and
    Inf, and an error names the function that produced them.
    """
    config.debug = debug


class DebugMode(object):
    """Context manager that turns debug mode on (or off) inside a ``with`` block."""

    def __init__(self, debug):
        self._debug = debug

    def __enter__(self):
        self._old = is_debug()
        set_debug(self._debug)

    def __exit__(self, *args):
        set_debug(self._old)


from chainer import backends  # NOQA
from chainer.backends import cuda  # NOQA
from chainer import _backend  # NOQA
from chainer import backend  # NOQA
from chainer.backend import get_device  # NOQA
from chainer.backend import using_device  # NOQA
from chainer.backend import get_array_types  # NOQA
from chainer.backend import get_cpu_array_types  # NOQA
from chainer.backend import is_arrays_compatible  # NOQA
from chainer.backends.cuda import should_use_cudnn  # NOQA
from chainer.backends.cuda import should_use_cudnn_tensor_core  # NOQA
from chainer import initializer  # NOQA
from chainer.initializer import Initializer  # NOQA
from chainer import initializers  # NOQA
from chainer import utils  # NOQA
from chainer import variable  # NOQA
from chainer.variable import as_array  # NOQA
from chainer.variable import as_variable  # NOQA
from chainer.variable import Parameter  # NOQA
from chainer.variable import Variable  # NOQA
from chainer import function_hook  # NOQA
from chainer.function_hook import FunctionHook  # NOQA
from chainer.function_hook import get_function_hooks  # NOQA
from chainer import function_node  # NOQA
from chainer.function_node import FunctionNode  # NOQA
from chainer.function_node import grad  # NOQA
from chainer import function  # NOQA
from chainer.function import Function  # NOQA
from chainer.function import FunctionAdapter  # NOQA
from chainer.function import force_backprop_mode  # NOQA
from chainer.function import no_backprop_mode  # NOQA
from chainer._backprop import backward  # NOQA
from chainer import functions  # NOQA
from chainer._runtime_info import print_runtime_info  # NOQA

# Chainer kept the CUDA backend at chainer.cuda before v4; it is still there.
sys.modules.setdefault('chainer.cuda', cuda)

_disable_experimental_warning = _env_flag('CHAINER_DISABLE_EXPERIMENTAL_FEATURE_WARNING',
                                          False)
disable_experimental_feature_warning = _disable_experimental_warning


def get_compute_mode():
    """The compute mode set in ``config.compute_mode`` (None by default)."""
    return config.compute_mode


from chainer import _optional_modules  # NOQA  (imports the rest of the package)

# glibc's malloc settings belong to the whole process: chainer changes them only
# when asked, by chainer.utils.tune_malloc() or CHAINER_MALLOC_TUNING=1.
if utils._malloc._requested_by_environment(os.environ):
    utils.tune_malloc()

# Test tools, imported on first use: ``chainer.testing`` brings unittest's
# machinery, which a program that only trains a model does not need.
_LAZY_SUBMODULES = ('gradient_check', 'testing')


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib
        return importlib.import_module('chainer.' + name)
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def __dir__():
    return sorted(set(globals()) | set(_LAZY_SUBMODULES))
