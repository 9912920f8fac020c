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
# The parameters that name the test classes made by inject_backend_tests.
_NAME_KEYS = ('use_chainerx', 'chainerx_device', 'use_cuda', 'cuda_device',
              'use_cudnn', 'cudnn_deterministic', 'autotune',
              'cudnn_fast_batch_normalization', 'use_ideep')


def _ideep_level(value):
    """``use_ideep`` as a configuration level: True means ``'always'``, False
    ``'never'``."""
    if value is True:
        return 'always'
    if value is False:
        return 'never'
    if isinstance(value, (list, tuple)) and value and all(
            _ideep_level(v) in _LEVELS for v in value):
        # Several levels (Chainer accepts them): the configuration needs iDeep
        # when any of them uses it, and runs at the most demanding one.
        return max((_ideep_level(v) for v in value), key=_LEVELS.index)
    return value


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
            * ``use_ideep`` (``'never'``, ``'auto'``, ``'always'``, a bool:
              True for ``'always'``, or a list of those: the most demanding
              one): run with iDeep.
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
        given = dict(values)
        for key in ('use_cudnn', 'use_ideep', 'use_cudnn_tensor_core'):
            value = _ideep_level(values[key]) if key == 'use_ideep' else values[key]
            if not isinstance(value, str) or value not in _LEVELS:
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
            if values['use_cuda'] or _ideep_level(values['use_ideep']) != 'never':
                raise ValueError('BackendConfig: use_chainerx cannot be combined with '
                                 'use_cuda or use_ideep')
        elif values['chainerx_device'] is not None:
            raise ValueError('BackendConfig: chainerx_device is given but '
                             'use_chainerx is False')
        if values['use_cuda'] and _ideep_level(values['use_ideep']) != 'never':
            raise ValueError('BackendConfig: use_cuda cannot be combined with '
                             'use_ideep')
        self._given = given   # as given (cuda_device None unless given), for names
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
        elif _ideep_level(self.use_ideep) != 'never':
            parts = ['intel64', _ideep_level(self.use_ideep)]
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
        if _ideep_level(self.use_ideep) != 'never' and not intel64.is_ideep_available():
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
        if _ideep_level(self.use_ideep) != 'never':
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
            elif _ideep_level(self.use_ideep) != 'never':
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
            chainer.using_config('use_ideep', _ideep_level(self.use_ideep)),
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


def _config_class_suffix(config):
    """The text a configuration adds to the names of the test classes made for
    it: each parameter as ``<name>_<value>`` (booleans in lower case), joined
    with ``__``, e.g. ``use_chainerx_false__chainerx_device_None__use_cuda_false
    ...__use_ideep_never`` for NumPy."""
    parts = []
    for key in _NAME_KEYS:
        value = config._given[key]
        if isinstance(value, bool):
            value = str(value).lower()
        parts.append('{}_{}'.format(key, value))
    if config._given['use_cudnn_tensor_core'] != 'auto':
        parts.append('use_cudnn_tensor_core_{}'.format(
            config._given['use_cudnn_tensor_core']))
    return '__'.join(parts)


def _make_injected(original, backend_config):
    """``original`` (a test method taking a backend configuration after
    ``self``) as a method that passes ``backend_config`` itself."""
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
    injected.backend_config = backend_config
    return injected


def _test_method_names(cls):
    return [name for name in dir(cls)
            if name.startswith('test') and callable(getattr(cls, name, None))]


def _mark_config_class(new, config):
    """Give the class made for ``config`` the pytest marks of the backend, and
    skip it (with the reason) when the backend is not available here."""
    if _marks.get_pytest() is not None:
        for mark in config.get_pytest_marks():
            new = mark(new)
    reason = config._unavailable_reason()
    if reason is not None:
        new = _marks.mark_and_skip(new, None, skip=True, reason=reason)
    return new


def _inject_class(cls, method_names, configs):
    """One subclass of ``cls`` per configuration, registered in its module."""
    names = _test_method_names(cls) if method_names is None else method_names
    methods = {}
    for name in names:
        original = getattr(cls, name, None)
        if original is None or not callable(original):
            raise ValueError('inject_backend_tests: {} has no test method named {!r}'
                             .format(cls.__name__, name))
        methods[name] = original
    generated = []
    for config in configs:
        name = '{}_{}'.format(cls.__name__, _config_class_suffix(config))
        members = {}
        for method_name, original in methods.items():
            injected = _make_injected(original, config)
            injected.__qualname__ = '{}.{}'.format(name, method_name)
            members[method_name] = injected
        new = parameterized._make_class(cls, name, members)
        new = _mark_config_class(new, config)
        parameterized._register(new, name, cls.__module__)
        generated.append(new)
    return generated


def inject_backend_tests(method_names, params):
    """Class decorator: run test methods once per backend configuration.

    The decorated class becomes a template: for each configuration a subclass
    is made, named after the class and the configuration's parameters
    (``TestFoo_use_chainerx_false__chainerx_device_None__use_cuda_false__...
    __use_ideep_never`` for NumPy), and placed in the class's module. In it each
    named method, which takes a ``backend_config`` argument (a
    :class:`BackendConfig`) after ``self``, is called with that configuration;
    the other test methods run unchanged. Classes of backends that are not
    available here (CuPy, cuDNN, iDeep, ChainerX) carry the matching pytest
    marks (``gpu``, ``cudnn``, ``ideep``, ``chainerx``) and are skipped with a
    reason.

    The decorator can be stacked with itself and with
    :func:`chainer.testing.parameterize`, in any order; each multiplies the
    classes made by the others. Stacked backend injections pass one
    configuration per decorator, the innermost (closest to the class) first:
    ``def test_x(self, backend_config0, backend_config1)``.

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
        all_generated = []
        for target in parameterized._classes_of(cls):
            all_generated.extend(_inject_class(target, method_names, configs))
            if target is not cls:
                parameterized._unregister(target)
        return parameterized._mark_as_template(cls, all_generated)
    return decorator
