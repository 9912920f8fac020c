"""Test case bases for functions and links: ``FunctionTestCase``, ``LinkTestCase``,
``LinkInitializersTestCase``.

A concrete test class says how to make inputs, how to call the function and what
the outputs must be; the base class then checks, on every backend injected with
:func:`chainer.testing.inject_backend_tests`, that

* the outputs match the expected ones (``test_forward``),
* the gradients match numerical differentiation (``test_backward``),
* the second-order gradients do too (``test_double_backward``),

with contiguous or non-contiguous input arrays.
"""
import contextlib
import unittest

import numpy

import chainer
from chainer import backend
from chainer import gradient_check
from chainer.testing import array as array_module
from chainer.testing.backend import BackendConfig
from chainer import variable


class _TestError(AssertionError):
    """Base of the errors of function and link tests."""

    @classmethod
    def check(cls, expr, message):
        """Raise this error with ``message`` unless ``expr`` is true."""
        if not expr:
            raise cls(message)

    @classmethod
    def fail(cls, message, exc=None):
        """Raise this error with ``message``, adding the description of ``exc``."""
        if exc is not None:
            message = '{}\n\n(caused by)\n{}: {}'.format(
                message, type(exc).__name__, exc)
            raise cls(message) from exc
        raise cls(message)

    @classmethod
    @contextlib.contextmanager
    def raise_if_fail(cls, message, error_types=AssertionError):
        """Context manager turning errors of ``error_types`` into this error."""
        try:
            yield
        except error_types as e:
            cls.fail(message, e)


class FunctionTestError(_TestError):
    """A check of :class:`FunctionTestCase` failed."""
    pass


class LinkTestError(_TestError):
    """A check of :class:`LinkTestCase` or :class:`LinkInitializersTestCase` failed."""
    pass


_MAX_DODGE_TRIALS = 20


def _is_float(array):
    return array is not None and numpy.dtype(array.dtype).kind == 'f'


def _describe_type(obj):
    return type(obj).__module__ + '.' + type(obj).__name__


def _check_numpy_arrays(arrays, what, error):
    """``arrays`` as a tuple of NumPy arrays (None allowed when ``what`` permits)."""
    if isinstance(arrays, list):
        arrays = tuple(arrays)
    if not isinstance(arrays, tuple):
        error.fail('{} must return a tuple of numpy.ndarray, got {}'.format(
            what, _describe_type(arrays)))
    result = []
    for i, a in enumerate(arrays):
        if isinstance(a, numpy.generic):
            a = numpy.asarray(a)
        if a is not None and not isinstance(a, numpy.ndarray):
            error.fail('{} must return numpy.ndarray objects, but element {} is {}'
                       .format(what, i, _describe_type(a)))
        result.append(a)
    return tuple(result)


def _to_cpu(array):
    return None if array is None else backend.CpuDevice().send(array)


class _TestBase(object):
    """What function and link tests share: configuration attributes, array
    preparation and output checks."""

    backend_config = None
    check_forward_options = {}
    check_backward_options = {}
    check_double_backward_options = {}
    skip_forward_test = False
    skip_backward_test = False
    skip_double_backward_test = False
    dodge_nondifferentiable = False
    numerical_grad_dtype = numpy.float64
    contiguous = None

    _error = FunctionTestError
    # The name of the running test ('test_forward', 'test_backward', ...), set
    # before ``before_test`` and ``generate_inputs`` are called.
    test_name = None

    _OPTION_DICTS = ('check_forward_options', 'check_backward_options',
                     'check_double_backward_options', 'check_initializers_options')

    def __init__(self, *args, **kwargs):
        # Each test gets its own copies of the option dicts, so that a setUp
        # that updates them (``self.check_forward_options.update(atol=...)``)
        # changes neither the class nor the other tests.
        for name in self._OPTION_DICTS:
            options = getattr(self, name, None)
            if isinstance(options, dict):
                setattr(self, name, dict(options))
        super().__init__(*args, **kwargs)

    def before_test(self, test_name):
        """Called before each test with its name (``'test_forward'``, ...).

        Override it to skip some cases by raising ``unittest.SkipTest``.
        """
        pass

    def _start(self, test_name, backend_config):
        if backend_config is None:
            backend_config = BackendConfig({})
        elif not isinstance(backend_config, BackendConfig):
            raise TypeError('{}: backend_config must be a BackendConfig, got {}'.format(
                test_name, _describe_type(backend_config)))
        self.backend_config = backend_config
        self.test_name = test_name
        if self.contiguous not in (None, 'C'):
            raise ValueError("contiguous must be None (non-contiguous arrays) or 'C' "
                             "(C-contiguous arrays), got {!r}".format(self.contiguous))
        self.before_test(test_name)
        return backend_config

    def _generate_inputs(self):
        inputs = _check_numpy_arrays(self.generate_inputs(), 'generate_inputs',
                                     self._error)
        for i, x in enumerate(inputs):
            if x is None:
                self._error.fail('generate_inputs returned None as input {}'.format(i))
        return inputs

    def _expected_outputs(self, expected):
        """What ``forward_expected`` returned, as a tuple of checked arrays."""
        if isinstance(expected, (numpy.ndarray, numpy.generic)):
            expected = (expected,)
        return _check_numpy_arrays(expected, 'forward_expected', self._error)

    def _gradient_check(self, backend_config, check, options, what, *args, **kwargs):
        """Run ``gradient_check.<check>(*args, **kwargs)`` with the numerical
        options of the test (updated with ``options``); a failure says that
        ``what`` is not implemented correctly."""
        all_options = {'dtype': self.numerical_grad_dtype,
                       'detect_nondifferentiable': self.dodge_nondifferentiable}
        all_options.update(options)
        with backend_config, self._error.raise_if_fail(
                '{} is not implemented correctly'.format(what)):
            check(*args, **kwargs, **all_options)

    def _run_test(self, test_name, backend_config, run, skip=None):
        """Start ``test_name`` (see :meth:`_start`) and run ``run(backend_config)``,
        unless the attribute named ``skip`` is set."""
        backend_config = self._start(test_name, backend_config)
        if skip is not None and getattr(self, skip):
            raise unittest.SkipTest(skip + ' is set')
        run(backend_config)

    def _to_device(self, arrays, backend_config):
        """Send NumPy arrays to the backend, non-contiguous unless ``contiguous='C'``."""
        out = []
        for a in arrays:
            if a is None:
                out.append(None)
                continue
            a = backend_config.get_array(a.copy())
            if self.contiguous is None:
                a = array_module._as_noncontiguous_array(a)
            out.append(a)
        return tuple(out)

    def _check_outputs_are_variables(self, outputs, backend_config, where):
        if isinstance(outputs, variable.Variable):
            outputs = (outputs,)
        if isinstance(outputs, list):
            outputs = tuple(outputs)
        if not isinstance(outputs, tuple):
            self._error.fail('{} must return a tuple of Variables, got {}'.format(
                where, _describe_type(outputs)))
        xp = backend_config.xp
        for i, y in enumerate(outputs):
            if not isinstance(y, variable.Variable):
                self._error.fail('{} must return Variables, but output {} is {}'.format(
                    where, i, _describe_type(y)))
            if not isinstance(y.array, xp.ndarray):
                self._error.fail(
                    '{}: output {} holds a {} on backend {}; expected an array of {}'
                    .format(where, i, _describe_type(y.array), backend_config,
                            xp.__name__))
        return outputs

    def _run_dodging(self, check, test_name):
        """Run ``check()``; with ``dodge_nondifferentiable``, retry it (it draws new
        inputs each time) while the inputs are near a non-differentiable point."""
        if not self.dodge_nondifferentiable:
            check()
            return
        for _ in range(_MAX_DODGE_TRIALS):
            try:
                check()
                return
            except gradient_check.NondifferentiableError:
                continue
        self._error.fail(
            '{}: could not draw inputs at which the function is differentiable in {} '
            'trials (dodge_nondifferentiable is set)'.format(
                test_name, _MAX_DODGE_TRIALS))

    def check_forward_outputs(self, outputs, expected_outputs):
        """Compare the output arrays with the expected NumPy arrays.

        The numbers of outputs, then each output's shape and dtype, must be equal;
        the values must agree within ``check_forward_options`` (the keyword
        arguments of :func:`chainer.testing.assert_allclose`).
        """
        error = self._error
        error.check(len(outputs) == len(expected_outputs),
                    'The number of outputs is {}, but {} outputs are expected'.format(
                        len(outputs), len(expected_outputs)))
        for i, (y, e) in enumerate(zip(outputs, expected_outputs)):
            error.check(y.shape == e.shape,
                        'Output {} has shape {}, but shape {} is expected'.format(
                            i, y.shape, e.shape))
            error.check(y.dtype == e.dtype,
                        'Output {} has dtype {}, but dtype {} is expected'.format(
                            i, y.dtype, e.dtype))
        mismatches = []
        messages = []
        for i, (y, e) in enumerate(zip(outputs, expected_outputs)):
            try:
                array_module.assert_allclose(y, e, **self.check_forward_options)
            except AssertionError as exc:
                mismatches.append(i)
                messages.append('output {}:\n{}'.format(i, exc))
        if mismatches:
            error.fail('Outputs do not match the expected values.\nIndices of outputs '
                       'that do not match: {}\n{}'.format(
                           ', '.join(map(str, mismatches)), '\n'.join(messages)))


class FunctionTestBase(_TestBase):
    """The checks of :class:`FunctionTestCase`, without ``unittest.TestCase``."""

    def generate_inputs(self):
        """Return the input arrays: a tuple of ``numpy.ndarray`` (required)."""
        raise NotImplementedError('{} must implement generate_inputs'.format(
            type(self).__name__))

    def forward(self, inputs, device):
        """Apply the function under test to ``inputs`` (a tuple of Variables on
        ``device``) and return its output Variables (required)."""
        raise NotImplementedError('{} must implement forward'.format(
            type(self).__name__))

    def forward_expected(self, inputs):
        """Return the expected outputs (a tuple of ``numpy.ndarray``) computed
        independently from the NumPy ``inputs`` (required unless the forward test
        is skipped)."""
        raise NotImplementedError('{} must implement forward_expected'.format(
            type(self).__name__))

    def generate_grad_outputs(self, outputs_template):
        """Return the gradients of the outputs, one per output of the shape and
        dtype of the corresponding template array (None for non-float outputs).
        The default draws them uniformly from [-1, 1]."""
        return tuple(
            numpy.random.uniform(-1, 1, t.shape).astype(t.dtype) if _is_float(t)
            else None for t in outputs_template)

    def generate_grad_grad_inputs(self, inputs_template):
        """Return the gradients of the input gradients used by the double backward
        test, one per input like its template (None for non-float inputs). The
        default draws them uniformly from [-1, 1]."""
        return tuple(
            numpy.random.uniform(-1, 1, t.shape).astype(t.dtype) if _is_float(t)
            else None for t in inputs_template)

    # -- the pieces ------------------------------------------------------------

    def _forward_expected(self, inputs):
        return self._expected_outputs(self.forward_expected(tuple(x.copy() for x in inputs)))

    def _forward(self, inputs, backend_config):
        """Call ``forward`` with Variables of the device arrays ``inputs``."""
        xs = tuple(x if isinstance(x, variable.Variable) else
                   variable.Variable(x, requires_grad=_is_float(x)) for x in inputs)
        outputs = self.forward(xs, backend_config.device)
        return self._check_outputs_are_variables(outputs, backend_config, 'forward')

    def _outputs_template(self, inputs_device, backend_config):
        with chainer.no_backprop_mode():
            outputs = self._forward(inputs_device, backend_config)
        return tuple(_to_cpu(y.array) for y in outputs)

    def _grad_outputs(self, inputs_device, backend_config):
        template = self._outputs_template(inputs_device, backend_config)
        grad_outputs = self.generate_grad_outputs(template)
        grad_outputs = _check_numpy_arrays(grad_outputs, 'generate_grad_outputs',
                                           self._error)
        self._error.check(
            len(grad_outputs) == len(template),
            'generate_grad_outputs returned {} arrays for {} outputs'.format(
                len(grad_outputs), len(template)))
        for i, (g, t) in enumerate(zip(grad_outputs, template)):
            if g is not None:
                self._error.check(
                    g.shape == t.shape and g.dtype == t.dtype,
                    'generate_grad_outputs: gradient {} has shape {} and dtype {}, but '
                    'output {} has shape {} and dtype {}'.format(
                        i, g.shape, g.dtype, i, t.shape, t.dtype))
        return grad_outputs

    # -- the tests -------------------------------------------------------------

    def run_test_forward(self, backend_config):
        """Check the outputs of ``forward`` against ``forward_expected``."""
        inputs = self._generate_inputs()
        expected = self._forward_expected(inputs)
        inputs_device = self._to_device(inputs, backend_config)
        inputs_before = tuple(_to_cpu(x).copy() for x in inputs_device)
        with backend_config:
            outputs = self._forward(inputs_device, backend_config)
        for i, (before, x) in enumerate(zip(inputs_before, inputs_device)):
            after = _to_cpu(x)
            self._error.check(
                numpy.array_equal(before, after, equal_nan=before.dtype.kind in 'fc'),
                'forward modified input {} in place'.format(i))
        self.check_forward_outputs(tuple(y.array for y in outputs), expected)

    def run_test_backward(self, backend_config):
        """Check the gradients of ``forward`` against numerical ones."""
        def check():
            inputs = self._generate_inputs()
            inputs_device = self._to_device(inputs, backend_config)
            with backend_config:
                grad_outputs = self._grad_outputs(inputs_device, backend_config)
            self._gradient_check(
                backend_config, gradient_check.check_backward,
                self.check_backward_options, 'backward',
                lambda *xs: self._forward(xs, backend_config), inputs_device,
                self._to_device(grad_outputs, backend_config))
        self._run_dodging(check, 'test_backward')

    def run_test_double_backward(self, backend_config):
        """Check the second-order gradients of ``forward`` against numerical ones."""
        def check():
            inputs = self._generate_inputs()
            inputs_device = self._to_device(inputs, backend_config)
            with backend_config:
                grad_outputs = self._grad_outputs(inputs_device, backend_config)
            grad_grad_inputs = _check_numpy_arrays(
                self.generate_grad_grad_inputs(tuple(x.copy() for x in inputs)),
                'generate_grad_grad_inputs', self._error)
            self._error.check(
                len(grad_grad_inputs) == len(inputs),
                'generate_grad_grad_inputs returned {} arrays for {} inputs'.format(
                    len(grad_grad_inputs), len(inputs)))
            # Only the inputs that are differentiated have second-order gradients.
            grad_grad_inputs = tuple(
                gg for gg, x in zip(grad_grad_inputs, inputs) if _is_float(x))
            if any(g is None for g in grad_outputs):
                self._error.fail('test_double_backward needs a gradient for every '
                                 'output, but generate_grad_outputs gave None')
            self._gradient_check(
                backend_config, gradient_check.check_double_backward,
                self.check_double_backward_options, 'double backward',
                lambda *xs: self._forward(xs, backend_config), inputs_device,
                self._to_device(grad_outputs, backend_config),
                self._to_device(grad_grad_inputs, backend_config))
        self._run_dodging(check, 'test_double_backward')

    def test_forward(self, backend_config=None):
        """Forward test: the outputs equal ``forward_expected``'s."""
        self._run_test('test_forward', backend_config, self.run_test_forward,
                       'skip_forward_test')

    def test_backward(self, backend_config=None):
        """Backward test: the gradients agree with numerical differentiation."""
        self._run_test('test_backward', backend_config, self.run_test_backward,
                       'skip_backward_test')

    def test_double_backward(self, backend_config=None):
        """Double backward test: second-order gradients agree with numerical ones."""
        self._run_test('test_double_backward', backend_config, self.run_test_double_backward,
                       'skip_double_backward_test')


class FunctionTestCase(FunctionTestBase, unittest.TestCase):
    """Base class of tests of a differentiable function.

    A concrete test class implements

    * ``generate_inputs(self)``: the input arrays (a tuple of ``numpy.ndarray``);
    * ``forward(self, inputs, device)``: applies the function to ``inputs``, a
      tuple of Variables on ``device``, and returns the output Variables;
    * ``forward_expected(self, inputs)``: the expected outputs, computed from the
      NumPy ``inputs`` independently of the function (a tuple of arrays);

    and may override ``generate_grad_outputs``, ``generate_grad_grad_inputs`` and
    ``before_test``. Class attributes tune the checks:

    * ``skip_forward_test``, ``skip_backward_test``, ``skip_double_backward_test``
      (bool): skip a test;
    * ``check_forward_options``: keyword arguments of
      :func:`chainer.testing.assert_allclose`; ``check_backward_options`` and
      ``check_double_backward_options``: of
      :func:`chainer.gradient_check.check_backward` /
      :func:`~chainer.gradient_check.check_double_backward` (``atol``, ``rtol``,
      ``eps``, ...);
    * ``dodge_nondifferentiable`` (bool): draw new inputs while the function is
      not differentiable near them;
    * ``numerical_grad_dtype``: dtype of numerical differentiation (float64);
    * ``contiguous``: None to feed non-contiguous arrays (default), ``'C'`` for
      C-contiguous ones.

    Decorate the class with :func:`chainer.testing.inject_backend_tests` to run
    ``test_forward``, ``test_backward`` and ``test_double_backward`` on each
    backend; without it they run on NumPy.

    Example::

        @testing.parameterize(*testing.product({
            'shape': [(3, 2), ()], 'dtype': [numpy.float32, numpy.float64]}))
        @testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
        class TestExp(testing.FunctionTestCase):
            def generate_inputs(self):
                return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

            def forward(self, inputs, device):
                x, = inputs
                return F.exp(x),

            def forward_expected(self, inputs):
                x, = inputs
                return numpy.exp(x),
    """

    __test__ = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Subclasses are test classes unless they say otherwise.
        if '__test__' not in cls.__dict__:
            cls.__test__ = True


class InitializerArgument(object):
    """An initializer argument whose effect is not the argument itself, for
    :meth:`LinkInitializersTestCase.get_initializers`.

    Args:
        argument_value: what is passed to the link's constructor (for example
            None, meaning the link's default initializer).
        expected_initializer: what the parameter must then be initialized with
            (an initializer, a scalar or an array).
    """

    def __init__(self, argument_value, expected_initializer):
        self.argument_value = argument_value
        self.expected_initializer = expected_initializer

    def __repr__(self):
        return 'InitializerArgument({!r}, {!r})'.format(self.argument_value,
                                                         self.expected_initializer)


def _get_param(link, name):
    """The parameter of ``link`` at ``name`` (``'W'`` or a path ``'l1/W'``)."""
    target = link
    for part in name.strip('/').split('/'):
        target = getattr(target, part, None)
        if target is None:
            raise LinkTestError('The link has no parameter named {!r} (from '
                                'param_names)'.format(name))
    if not isinstance(target, variable.Parameter):
        raise LinkTestError('{!r} (from param_names) is a {}, not a Parameter'.format(
            name, _describe_type(target)))
    return target


class _LinkTestBase(_TestBase):
    """What the link tests share: building the link and running it."""

    param_names = ()
    _error = LinkTestError

    def generate_params(self):
        """Return the initializer-likes passed to :meth:`create_link` (required)."""
        raise NotImplementedError('{} must implement generate_params'.format(
            type(self).__name__))

    def create_link(self, initializers):
        """Build the link under test from the tuple ``initializers`` (required)."""
        raise NotImplementedError('{} must implement create_link'.format(
            type(self).__name__))

    def generate_inputs(self):
        """Return the input arrays: a tuple of ``numpy.ndarray`` (required)."""
        raise NotImplementedError('{} must implement generate_inputs'.format(
            type(self).__name__))

    def forward(self, link, inputs, device):
        """Apply ``link`` to ``inputs`` (Variables on ``device``) and return the
        output Variables. The default calls ``link(*inputs)``."""
        return link(*inputs)

    def _generate_params(self):
        params = self.generate_params()
        if isinstance(params, list):
            params = tuple(params)
        if not isinstance(params, tuple):
            self._error.fail('generate_params must return a tuple of initializer-likes, '
                             'got {}'.format(_describe_type(params)))
        return params

    def _create_link(self, initializers):
        link = self.create_link(initializers)
        if not isinstance(link, chainer.Link):
            self._error.fail('create_link must return a chainer.Link, got {}'.format(
                _describe_type(link)))
        return link

    def _forward(self, link, inputs, backend_config):
        xs = tuple(x if isinstance(x, variable.Variable) else
                   variable.Variable(x, requires_grad=_is_float(x)) for x in inputs)
        outputs = self.forward(link, xs, backend_config.device)
        return self._check_outputs_are_variables(outputs, backend_config, 'forward')

    def _initialize_lazily(self, link, inputs):
        """Run the link once on the CPU so that parameters whose shape depends on
        the inputs get initialized."""
        if all(p.array is not None for p in link.params()):
            return
        cpu = BackendConfig({})
        with chainer.no_backprop_mode(), chainer.using_config('train', False):
            self._forward(link, tuple(x.copy() for x in inputs), cpu)

    def _params_of(self, link):
        return tuple(_get_param(link, name) for name in self.param_names)


class LinkTestCase(_LinkTestBase, unittest.TestCase):
    """Base class of tests of a link's forward and backward computations.

    A concrete test class implements

    * ``generate_params(self)``: the initializer-likes of the link (a tuple);
    * ``create_link(self, initializers)``: the link, built with them;
    * ``generate_inputs(self)``: the input arrays (a tuple of ``numpy.ndarray``);
    * ``forward_expected(self, link, inputs)``: the expected outputs, computed with
      NumPy from ``inputs`` and the link's parameters (``link`` is on the CPU);

    and may override ``forward(self, link, inputs, device)`` (default
    ``link(*inputs)``), ``generate_grad_outputs`` and ``before_test``. The class
    attribute ``param_names`` names the parameters whose gradients the backward
    test checks along with those of the inputs (``('W', 'b')``; ``'l1/W'`` for a
    child link's). ``skip_forward_test``, ``skip_backward_test``,
    ``check_forward_options``, ``check_backward_options``,
    ``dodge_nondifferentiable``, ``numerical_grad_dtype`` and ``contiguous`` work
    as in :class:`FunctionTestCase`.
    """

    __test__ = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if '__test__' not in cls.__dict__:
            cls.__test__ = True

    def forward_expected(self, link, inputs):
        """Return the expected outputs (a tuple of ``numpy.ndarray``) (required
        unless the forward test is skipped)."""
        raise NotImplementedError('{} must implement forward_expected'.format(
            type(self).__name__))

    def generate_grad_outputs(self, outputs_template):
        """Gradients of the outputs, uniform in [-1, 1] (None for non-float ones)."""
        return tuple(
            numpy.random.uniform(-1, 1, t.shape).astype(t.dtype) if _is_float(t)
            else None for t in outputs_template)

    def _link_on_device(self, backend_config, inputs):
        link = self._create_link(self._generate_params())
        self._initialize_lazily(link, inputs)
        link_device = link.copy(mode='copy')
        link_device.to_device(backend_config.device)
        return link, link_device

    def run_test_forward(self, backend_config):
        """Check the outputs of ``forward`` against ``forward_expected``."""
        inputs = self._generate_inputs()
        link, link_device = self._link_on_device(backend_config, inputs)
        inputs_device = self._to_device(inputs, backend_config)
        with backend_config:
            outputs = self._forward(link_device, inputs_device, backend_config)
        expected = self._expected_outputs(
            self.forward_expected(link, tuple(x.copy() for x in inputs)))
        self.check_forward_outputs(tuple(y.array for y in outputs), expected)

    def run_test_backward(self, backend_config):
        """Check the gradients of the inputs and of the ``param_names``
        parameters against numerical ones."""
        def check():
            inputs = self._generate_inputs()
            _, link = self._link_on_device(backend_config, inputs)
            params = self._params_of(link)
            inputs_device = self._to_device(inputs, backend_config)
            with backend_config, chainer.no_backprop_mode():
                template = tuple(_to_cpu(y.array) for y in self._forward(
                    link, inputs_device, backend_config))
            grad_outputs = _check_numpy_arrays(
                self.generate_grad_outputs(template), 'generate_grad_outputs',
                self._error)
            self._gradient_check(
                backend_config, gradient_check.check_backward,
                self.check_backward_options, 'backward',
                lambda *xs: self._forward(link, xs, backend_config), inputs_device,
                self._to_device(grad_outputs, backend_config), params=params)
        self._run_dodging(check, 'test_backward')

    def test_forward(self, backend_config=None):
        """Forward test: the outputs equal ``forward_expected``'s."""
        self._run_test('test_forward', backend_config, self.run_test_forward,
                       'skip_forward_test')

    def test_backward(self, backend_config=None):
        """Backward test: gradients of inputs and parameters agree with numerical
        differentiation."""
        self._run_test('test_backward', backend_config, self.run_test_backward,
                       'skip_backward_test')


class LinkInitializersTestCase(_LinkTestBase, unittest.TestCase):
    """Base class of tests of how a link initializes its parameters.

    Besides ``generate_params``, ``create_link``, ``generate_inputs`` (and
    optionally ``forward``) as in :class:`LinkTestCase`, a concrete class
    implements ``get_initializers(self)``: one container per initializer
    argument of the link (in the order of ``generate_params`` and
    ``param_names``), listing the initializer-likes to try for it. Each is
    passed in turn to ``create_link`` (the other arguments come from
    ``generate_params``), the link is run once (so lazily initialized
    parameters get their shape), and the parameter must then equal what the
    initializer-like gives: an array itself, a scalar everywhere, or an
    :class:`~chainer.Initializer` applied to an array of the parameter's shape
    (so initializers here must be deterministic). Use
    :class:`InitializerArgument` where the argument differs from its effect
    (``InitializerArgument(None, 0)`` for a bias that defaults to zeros).
    ``check_initializers_options`` holds the tolerances of the comparison.
    """

    __test__ = False
    check_initializers_options = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if '__test__' not in cls.__dict__:
            cls.__test__ = True

    def get_initializers(self):
        """One container of initializer-likes to try per initializer argument
        (required)."""
        raise NotImplementedError('{} must implement get_initializers'.format(
            type(self).__name__))

    def _expected_array(self, initializer, param):
        xp = numpy
        shape, dtype = param.shape, param.dtype
        if initializer is None:
            self._error.fail('The expected initializer of {!r} is None; use '
                             'InitializerArgument(None, <what None means>)'.format(
                                 param.name))
        if isinstance(initializer, chainer.get_array_types()):
            return xp.broadcast_to(_to_cpu(initializer), shape).astype(dtype)
        if numpy.isscalar(initializer) or isinstance(initializer, numpy.generic):
            return xp.full(shape, initializer, dtype=dtype)
        if callable(initializer):
            array = xp.empty(shape, dtype=dtype)
            initializer(array)
            return array
        self._error.fail('Cannot interpret the initializer-like {!r}'.format(
            initializer))

    def run_test_initializers(self, backend_config):
        """Check every initializer-like of :meth:`get_initializers`."""
        candidates_per_param = tuple(self.get_initializers())
        names = tuple(self.param_names)
        self._error.check(
            len(candidates_per_param) == len(names),
            'get_initializers returned {} containers, but param_names has {} names'
            .format(len(candidates_per_param), len(names)))
        for index, (name, candidates) in enumerate(zip(names, candidates_per_param)):
            for candidate in candidates:
                if isinstance(candidate, InitializerArgument):
                    argument = candidate.argument_value
                    expected_initializer = candidate.expected_initializer
                else:
                    argument = expected_initializer = candidate
                initializers = list(self._generate_params())
                self._error.check(
                    index < len(initializers),
                    'generate_params returned {} initializers, fewer than the '
                    'parameters in param_names'.format(len(initializers)))
                initializers[index] = argument
                link = self._create_link(tuple(initializers))
                link.to_device(backend_config.device)
                inputs = self._to_device(self._generate_inputs(), backend_config)
                with backend_config, chainer.no_backprop_mode():
                    self._forward(link, inputs, backend_config)
                param = _get_param(link, name)
                expected = self._expected_array(expected_initializer, param)
                with self._error.raise_if_fail(
                        'Parameter {!r} is not initialized as expected with the '
                        'initializer-like {!r}'.format(name, candidate)):
                    array_module.assert_allclose(
                        param.array, expected, **self.check_initializers_options)

    def test_initializers(self, backend_config=None):
        """The parameters are initialized by each initializer-like."""
        self._run_test('test_initializers', backend_config, self.run_test_initializers)
