"""Backend configurations for tests: ``BackendConfig`` and ``inject_backend_tests``.

A test that takes a ``backend_config`` argument can be run once per backend (NumPy,
CuPy with or without cuDNN, iDeep, ChainerX) by decorating its class with
:func:`inject_backend_tests`. Configurations whose backend is not available here
are still collected, and are skipped with a reason that says what is missing.
"""
import functools
import inspect

import chainer
from chainer import backend
from chainer.backends import cuda
from chainer.backends import intel64
from chainer.testing import _marks
from chainer.testing import parameterized
import chainerx


_DEFAULTS = (
    ('use_chainerx', False),
    ('chainerx_device', None),
    ('use_cuda', False),
    ('cuda_device', None),
    ('use_cudnn', 'never'),
    ('cudnn_deterministic', False),
    ('autotune', False),
    ('cudnn_fast_batch_normalization', False),
    ('use_cudnn_tensor_core', 'auto'),
    ('use_ideep', 'never'),
)
_KEYS = tuple(k for k, _ in _DEFAULTS)
_LEVELS = ('never', 'auto', 'always')


class BackendConfig(object):
    """One backend on which a test runs, and the configuration to run it with.

    Args:
        params (dict): any of

            * ``use_cuda`` (bool, default False): run on a CuPy GPU;
              ``cuda_device`` (int, default 0) picks it.
            * ``use_cudnn`` (``'never'``, ``'auto'``, ``'always'``; default
              ``'never'``), ``cudnn_deterministic``, ``autotune``,
              ``cudnn_fast_batch_normalization`` (bool) and
              ``use_cudnn_tensor_core``: the cuDNN settings (with ``use_cuda``).
            * ``use_ideep`` (``'never'``, ``'auto'``, ``'always'``): run with iDeep.
            * ``use_chainerx`` (bool) and ``chainerx_device`` (str such as
              ``'native:0'`` or ``'cuda:0'``): run on ChainerX.

            The empty dict means NumPy on the CPU.

    Each parameter is also an attribute (``backend_config.use_cuda``). Used as a
    context manager, the configuration applies its settings to
    ``chainer.config`` and makes its device current.
    """

    def __init__(self, params):
        if not isinstance(params, dict):
            raise TypeError('BackendConfig: params must be a dict, got {}'.format(
                type(params).__name__))
        unknown = sorted(set(params) - set(_KEYS))
        if unknown:
            raise ValueError('BackendConfig: unknown parameter(s) {}; the parameters '
                             'are {}'.format(', '.join(map(repr, unknown)),
                                             ', '.join(_KEYS)))
        values = dict(_DEFAULTS)
        values.update(params)
        for key in ('use_cudnn', 'use_ideep', 'use_cudnn_tensor_core'):
            if values[key] not in _LEVELS:
                raise ValueError("BackendConfig: {} must be 'never', 'auto' or "
                                 "'always', got {!r}".format(key, values[key]))
        if values['use_cuda'] and values['cuda_device'] is None:
            values['cuda_device'] = 0
        if values['use_cudnn'] != 'never' and not values['use_cuda']:
            raise ValueError('BackendConfig: use_cudnn={!r} needs use_cuda=True'.format(
                values['use_cudnn']))
        if values['use_chainerx']:
            if values['chainerx_device'] is None:
                raise ValueError('BackendConfig: use_chainerx=True needs a '
                                 "chainerx_device such as 'native:0'")
            if values['use_cuda'] or values['use_ideep'] != 'never':
                raise ValueError('BackendConfig: use_chainerx cannot be combined with '
                                 'use_cuda or use_ideep')
        elif values['chainerx_device'] is not None:
            raise ValueError('BackendConfig: chainerx_device is given but '
                             'use_chainerx is False')
        if values['use_cuda'] and values['use_ideep'] != 'never':
            raise ValueError('BackendConfig: use_cuda cannot be combined with '
                             'use_ideep')
        self._params = {k: values[k] for k in _KEYS}
        for key in _KEYS:
            setattr(self, key, values[key])
        self._device = None
        self._contexts = []

    # -- description -----------------------------------------------------------

    def _non_default(self):
        defaults = dict(_DEFAULTS)
        return [(k, self._params[k]) for k in _KEYS
                if self._params[k] != defaults[k] and
                not (k == 'cuda_device' and self.use_cuda and self._params[k] == 0)]

    def __repr__(self):
        items = self._non_default()
        if not items:
            return '<BackendConfig numpy>'
        return '<BackendConfig {}>'.format(
            ' '.join('{}={!r}'.format(k, v) for k, v in items))

    def __eq__(self, other):
        return isinstance(other, BackendConfig) and self._params == other._params

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(tuple(sorted((k, repr(v)) for k, v in self._params.items())))

    def get_func_str(self):
        """A short identifier of this configuration for test method names, such
        as ``'numpy'``, ``'cuda_0_cudnn_always'``, ``'intel64_always'`` or
        ``'chainerx_native_0'``."""
        if self.use_chainerx:
            parts = ['chainerx', str(self.chainerx_device).replace(':', '_')]
        elif self.use_cuda:
            parts = ['cuda', str(self.cuda_device)]
            if self.use_cudnn != 'never':
                parts += ['cudnn', self.use_cudnn]
        elif self.use_ideep != 'never':
            parts = ['intel64', self.use_ideep]
        else:
            parts = ['numpy']
        for key in ('cudnn_deterministic', 'autotune', 'cudnn_fast_batch_normalization'):
            if self._params[key]:
                parts.append(key)
        if self.use_cudnn_tensor_core != 'auto':
            parts += ['tensor_core', self.use_cudnn_tensor_core]
        return '_'.join(parts)

    # -- requirements ----------------------------------------------------------

    def _unavailable_reason(self):
        """Why this configuration cannot run here, or None if it can."""
        if self.use_chainerx:
            if not chainerx.is_available():
                return ('backend {}: ChainerX is not available in chainer-next'
                        .format(self.get_func_str()))
            return None
        if self.use_cuda:
            if not cuda.available:
                return ('backend {}: needs a CUDA GPU, but CuPy is not installed (or '
                        'could not be imported)'.format(self.get_func_str()))
            try:
                count = cuda.cupy.cuda.runtime.getDeviceCount()
            except Exception as e:  # no driver, no device
                return 'backend {}: no CUDA device ({})'.format(self.get_func_str(), e)
            if self.cuda_device >= count:
                return 'backend {}: needs CUDA device {}, but {} found'.format(
                    self.get_func_str(), self.cuda_device, count)
            if self.use_cudnn != 'never' and not cuda.cudnn_enabled:
                return 'backend {}: needs cuDNN, which this CuPy lacks'.format(
                    self.get_func_str())
            return None
        if self.use_ideep != 'never' and not intel64.is_ideep_available():
            return 'backend {}: iDeep is not supported by chainer-next'.format(
                self.get_func_str())
        return None

    def get_pytest_marks(self):
        """The pytest marks that tests on this configuration carry (``gpu``,
        ``cudnn``, ``ideep``, ``chainerx``); an empty list for NumPy."""
        import pytest
        marks = []
        if self.use_chainerx:
            marks.append(pytest.mark.chainerx)
            if str(self.chainerx_device).startswith('cuda'):
                marks.append(pytest.mark.gpu)
        if self.use_cuda:
            if self.cuda_device:
                marks.append(pytest.mark.gpu(self.cuda_device + 1))
            else:
                marks.append(pytest.mark.gpu)
            if self.use_cudnn != 'never':
                marks.append(pytest.mark.cudnn)
        if self.use_ideep != 'never':
            marks.append(pytest.mark.ideep)
        return marks

    # -- device and arrays -----------------------------------------------------

    @property
    def device(self):
        """The :class:`chainer.backend.Device` of this configuration."""
        if self._device is None:
            if self.use_chainerx:
                self._device = backend.get_device(self.chainerx_device)
            elif self.use_cuda:
                self._device = backend.GpuDevice.from_device_id(self.cuda_device)
            elif self.use_ideep != 'never':
                self._device = backend.Intel64Device()
            else:
                self._device = backend.CpuDevice()
        return self._device

    @property
    def xp(self):
        """The array module of this configuration's device."""
        return self.device.xp

    def get_array(self, np_array):
        """Send a NumPy array (or a tuple, list or dict of them) to this device."""
        return self.device.send(np_array)

    # -- context ---------------------------------------------------------------

    def __enter__(self):
        contexts = [
            chainer.using_config('use_cudnn', self.use_cudnn),
            chainer.using_config('cudnn_deterministic', self.cudnn_deterministic),
            chainer.using_config('autotune', self.autotune),
            chainer.using_config('cudnn_fast_batch_normalization',
                                 self.cudnn_fast_batch_normalization),
            chainer.using_config('use_cudnn_tensor_core', self.use_cudnn_tensor_core),
            chainer.using_config('use_ideep', self.use_ideep),
            chainer.using_device(self.device),
        ]
        entered = []
        try:
            for c in contexts:
                c.__enter__()
                entered.append(c)
        except BaseException:
            for c in reversed(entered):
                c.__exit__(None, None, None)
            raise
        self._contexts.append(entered)
        return self

    def __exit__(self, *exc_info):
        entered = self._contexts.pop()
        for c in reversed(entered):
            c.__exit__(*exc_info)


def _make_injected(original, backend_config):
    def injected(self, *args, **kwargs):
        return original(self, backend_config, *args, **kwargs)
    functools.update_wrapper(injected, original)
    # pytest reads the signature for fixtures: show it without backend_config.
    del injected.__wrapped__
    try:
        signature = inspect.signature(original)
        parameters = list(signature.parameters.values())
        if len(parameters) >= 2:
            del parameters[1]
            injected.__signature__ = signature.replace(parameters=parameters)
    except (TypeError, ValueError):
        pass
    injected._chainer_backend_injected = True
    injected.backend_config = backend_config
    reason = backend_config._unavailable_reason()
    if _marks.get_pytest() is not None:
        for mark in backend_config.get_pytest_marks():
            injected = mark(injected)
    if reason is not None:
        injected = _marks.mark_and_skip(injected, None, skip=True, reason=reason)
    return injected


def _test_method_names(cls):
    names = []
    for name in dir(cls):
        if not name.startswith('test'):
            continue
        value = getattr(cls, name, None)
        if callable(value) and not getattr(value, '_chainer_backend_injected', False):
            names.append(name)
    return names


def _inject(cls, method_names, configs):
    names = _test_method_names(cls) if method_names is None else method_names
    for name in names:
        original = getattr(cls, name, None)
        if original is None or not callable(original):
            raise ValueError('inject_backend_tests: {} has no test method named {!r}'
                             .format(cls.__name__, name))
        used = set()
        for index, config in enumerate(configs):
            new_name = '{}__{}'.format(name, config.get_func_str())
            if new_name in used or hasattr(cls, new_name):
                new_name = '{}_{}'.format(new_name, index)
            used.add(new_name)
            injected = _make_injected(original, config)
            injected.__name__ = new_name
            injected.__qualname__ = '{}.{}'.format(cls.__qualname__, new_name)
            setattr(cls, new_name, injected)
        # Hide the original, which needs a backend_config, from test collection.
        setattr(cls, name, None)


def inject_backend_tests(method_names, params):
    """Class decorator: run test methods once per backend configuration.

    Each named method, which takes a ``backend_config`` argument (a
    :class:`BackendConfig`) after ``self``, is replaced by one method per
    configuration, named ``<method>__<config>`` (``test_forward__numpy``,
    ``test_forward__cuda_0_cudnn_always``, ...), that calls it with that
    configuration. Methods of backends that are not available here (CuPy,
    cuDNN, iDeep, ChainerX) carry the matching pytest marks and are skipped
    with a reason.

    Args:
        method_names (list of str or None): the methods to inject; None for every
            method whose name starts with ``test``.
        params (list of dict, or dict): the configurations, each given as the
            ``params`` of :class:`BackendConfig`; typically built with
            :func:`chainer.testing.product`.

    Example::

        @testing.inject_backend_tests(
            None,
            [{}] + testing.product({'use_cuda': [True],
                                    'use_cudnn': ['never', 'always']}))
        class TestMyFunc(unittest.TestCase):
            def test_forward(self, backend_config):
                x = backend_config.get_array(numpy.ones((2, 3), 'f'))
                with backend_config:
                    y = my_func(x)
                assert isinstance(y.array, backend_config.xp.ndarray)
    """
    if isinstance(params, dict):
        params = [params]
    params = list(params)
    if not params:
        raise ValueError('inject_backend_tests: params must give at least one backend '
                         'configuration')
    configs = [p if isinstance(p, BackendConfig) else BackendConfig(p) for p in params]
    if isinstance(method_names, str):
        method_names = [method_names]
    elif method_names is not None:
        method_names = list(method_names)

    def decorator(cls):
        if not inspect.isclass(cls):
            raise TypeError('inject_backend_tests decorates test classes, got {!r}'
                            .format(cls))
        for target in parameterized._classes_of(cls):
            _inject(target, method_names, configs)
        return cls
    return decorator
