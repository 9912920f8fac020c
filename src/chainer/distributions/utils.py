"""Helpers shared by the distributions: parameter checks, masked formulas, sums."""
import numpy

import chainer
from chainer import backend
from chainer import distribution
import chainer.functions as F


def _array_types():
    return tuple(chainer.get_array_types())


def _is_scalar(value):
    return (isinstance(value, (int, float, numpy.generic))
            and not isinstance(value, (bool, numpy.bool_)))


def _describe(value):
    if isinstance(value, chainer.Variable):
        return 'a Variable of dtype {} and shape {}'.format(value.dtype, value.shape)
    if isinstance(value, _array_types()):
        return 'an array of dtype {} and shape {}'.format(value.dtype, value.shape)
    return 'an object of type {}'.format(type(value).__name__)


def prepare_params(owner, named, broadcast=True):
    """Turn the parameters of a distribution into Variables of one float dtype.

    Args:
        owner (str): the name of the distribution, for error messages.
        named (list of (str, value)): the parameters in order. A value is a
            Variable, an array, or a Python/NumPy scalar or list (converted to the
            dtype of the other parameters, float32 when there is none).
        broadcast (bool): broadcast the parameters to a common shape.
    Returns:
        list of Variables, in the order of ``named``.
    """
    dtype = None
    xp = numpy
    first = None
    for name, value in named:
        if isinstance(value, chainer.Variable):
            array = value.array
            if array is None:
                raise ValueError('{}: the Variable given as {} holds no array'.format(
                    owner, name))
        elif isinstance(value, _array_types()):
            array = value
        elif _is_scalar(value) or isinstance(value, (list, tuple)):
            continue
        else:
            raise TypeError('{}: {} must be a Variable or an array, got {}'.format(
                owner, name, _describe(value)))
        if array.dtype.kind != 'f':
            raise TypeError(
                '{}: {} must be of a floating-point dtype (float16, float32 or '
                'float64), got {}'.format(owner, name, _describe(value)))
        if dtype is None:
            dtype, xp, first = array.dtype, backend.get_array_module(array), name
        elif array.dtype != dtype:
            raise TypeError(
                '{}: all parameters must have one dtype, but {} is {} and {} is '
                '{}'.format(owner, first, dtype, name, array.dtype))
    if dtype is None:
        dtype = numpy.dtype(numpy.float32)
    variables = []
    for name, value in named:
        if not isinstance(value, chainer.Variable):
            if not isinstance(value, _array_types()):
                try:
                    value = xp.asarray(numpy.asarray(value, dtype=dtype))
                except (TypeError, ValueError):
                    raise TypeError(
                        '{}: {} must be a Variable, an array or a number, got '
                        '{!r}'.format(owner, name, value)) from None
            value = chainer.Variable(value, requires_grad=False)
        variables.append(value)
    if broadcast and len(variables) > 1:
        variables = broadcast_params(owner, [n for n, _ in named], variables)
    return variables


def broadcast_params(owner, names, variables):
    """Broadcast Variables to their common shape, naming them in the error."""
    shapes = [v.shape for v in variables]
    if all(s == shapes[0] for s in shapes):
        return variables
    try:
        shape = numpy.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError('{}: the shapes of the parameters do not broadcast together: '
                         '{}'.format(owner, ', '.join(
                             '{} {}'.format(n, s) for n, s in zip(names, shapes)))
                         ) from None
    return [v if v.shape == shape else F.broadcast_to(v, shape) for v in variables]


def as_input(x, dtype, owner, name='x'):
    """A point of the domain as a Variable of ``dtype`` (a Variable keeps its graph)."""
    if isinstance(x, chainer.Variable):
        if x.dtype != dtype:
            x = F.cast(x, dtype)
        return x
    if isinstance(x, _array_types()):
        if x.dtype != dtype:
            x = x.astype(dtype)
        return chainer.Variable(x, requires_grad=False)
    if _is_scalar(x) or isinstance(x, (list, tuple)):
        return chainer.Variable(numpy.asarray(x, dtype=dtype), requires_grad=False)
    raise TypeError('{}: {} must be a Variable or an array, got {}'.format(
        owner, name, _describe(x)))


def array_of(x):
    """The array of a Variable, or the array itself."""
    return x.array if isinstance(x, chainer.Variable) else x


def safe(x, mask, replacement):
    """``x`` where ``mask`` is False and ``replacement`` where it is True.

    Used to keep a formula finite (and its gradient free of ``0 * inf``) at points
    whose result is replaced afterwards.
    """
    if not mask.any():
        return x
    return F.where(mask, replacement, x)


def zero_mask(x):
    """The boolean array ``x == 0`` (for a Variable, of its array)."""
    array = array_of(x)
    return backend.get_array_module(array).asarray(array == 0)


def _x_times(x, log, y, y_safe):
    """``x * log(y)``, taken as 0 where ``x == 0``: there ``y`` is replaced by
    ``y_safe`` so that the formula and its gradient stay finite."""
    mask = zero_mask(x)
    if not mask.any():
        return x * log(y)
    return F.where(mask, 0, x * log(F.where(mask, y_safe, y)))


def xlogy(x, y):
    """:math:`x \\log y`, taken as 0 where ``x == 0`` (also when ``y == 0``)."""
    return _x_times(x, F.log, y, 1)


def xlog1py(x, y):
    """:math:`x \\log(1 + y)`, taken as 0 where ``x == 0``."""
    return _x_times(x, F.log1p, y, 0)


def sum_rightmost(x, n):
    """Sum the ``n`` rightmost axes of ``x``."""
    if n == 0:
        return x
    return F.sum(x, axis=tuple(range(x.ndim - n, x.ndim)))


def log_beta(a, b):
    """:math:`\\log B(a, b) = \\log\\Gamma(a) + \\log\\Gamma(b) - \\log\\Gamma(a+b)`."""
    return F.lgamma(a) + F.lgamma(b) - F.lgamma(a + b)


def random_like(xp, shape, dtype, draw):
    """An array drawn with ``draw(xp.random, shape)``, cast to ``dtype``."""
    return xp.asarray(draw(xp.random, shape)).astype(dtype, copy=False)


def check_n(owner, n):
    """Check the ``n`` of ``sample_n``: a non-negative int."""
    if (not isinstance(n, (int, numpy.integer)) or isinstance(n, bool)) or n < 0:
        raise ValueError('{}.sample_n: n must be a non-negative int, got {!r}'.format(
            owner, n))
    return int(n)


def check_no_kwargs(owner, kwargs):
    if kwargs:
        raise TypeError('{} got unexpected keyword arguments: {}'.format(
            owner, ', '.join(sorted(kwargs))))


def constant(array):
    """A Variable around ``array`` that is not differentiated (a NumPy scalar, as
    NumPy returns for 0-d results, becomes a 0-d array)."""
    if isinstance(array, numpy.generic):
        array = numpy.asarray(array)
    return chainer.Variable(array, requires_grad=False)


def broadcast_shape(*shapes):
    """The shape the given shapes broadcast to (NumPy rules)."""
    return tuple(numpy.broadcast_shapes(*shapes))


def check_one_of(owner, name1, value1, name2, value2):
    """Check that exactly one of two alternative parameters is given."""
    if (value1 is None) == (value2 is None):
        raise ValueError('{}: exactly one of {} and {} must be given, got {}'.format(
            owner, name1, name2, 'both' if value1 is not None else 'neither'))


def restricted(x, outside, fill, formula, value_outside=-float('inf')):
    """``formula(x)``, and ``value_outside`` where the mask ``outside`` is True.

    The formula is evaluated with ``x`` replaced by ``fill`` outside, so that it
    (and its gradient) stays finite there.
    """
    return safe(formula(safe(x, outside, fill)), outside, value_outside)


class ParametricDistribution(distribution.Distribution):
    """A distribution whose parameters are the attributes named in
    ``_param_names``; the first has the shape ``batch_shape + event_shape``,
    whose last ``_event_ndim`` axes are the event."""

    _param_names = ()
    _event_ndim = 0

    @property
    def _first(self):
        return getattr(self, self._param_names[0])

    @property
    def batch_shape(self):
        shape = self._first.shape
        return shape[:len(shape) - self._event_ndim]

    @property
    def event_shape(self):
        shape = self._first.shape
        return shape[len(shape) - self._event_ndim:]

    @property
    def params(self):
        return {name: getattr(self, name) for name in self._param_names}

    def _input(self, x):
        """A point ``x`` as a Variable of the parameters' dtype."""
        return as_input(x, self._first.dtype, type(self).__name__)

    def _vector_input(self, x):
        """A point ``x`` of a distribution of vectors (``_event_ndim == 1``), as
        for :meth:`_input`; its last axis must be the event's."""
        x = self._input(x)
        size = self._first.shape[-1]
        if x.ndim < 1 or x.shape[-1] != size:
            raise ValueError(
                '{}.log_prob: x must have shape sample_shape + batch_shape + ({},), '
                'got shape {}'.format(type(self).__name__, size, x.shape))
        return x

    def _noise(self, n, draw):
        """The standard noise of ``sample_n(n)``: ``draw(xp.random, shape)`` with
        ``shape = (n,) + batch_shape + event_shape``, in the parameters' dtype."""
        first = self._first
        n = check_n(type(self).__name__, n)
        return random_like(first.xp, (n,) + first.shape, first.dtype, draw)

    def _draw(self, n, draw, *params):
        """Samples of ``sample_n(n)`` drawn by the array module, not differentiable:
        ``draw(xp.random, *arrays, shape)`` with ``shape = (n,) + batch_shape +
        event_shape`` and ``arrays`` the arrays of ``params`` in float64,
        broadcast to that shape."""
        first = self._first
        n = check_n(type(self).__name__, n)
        xp = first.xp
        shape = (n,) + first.shape
        arrays = [xp.broadcast_to(p.array.astype(numpy.float64), shape) for p in params]
        return constant(xp.asarray(draw(xp.random, *arrays, shape)).astype(first.dtype))


class ProbOrLogit(ParametricDistribution):
    """A distribution given either by probabilities ``p`` or by logits: the one
    given is kept (in ``_p`` or ``_logit``, the other None) and is
    :attr:`params`."""

    def _set_p_or_logit(self, p, logit):
        owner = type(self).__name__
        check_one_of(owner, 'p', p, 'logit', logit)
        if p is not None:
            self._p, = prepare_params(owner, [('p', p)])
            self._logit = None
        else:
            self._logit, = prepare_params(owner, [('logit', logit)])
            self._p = None

    @property
    def _param_names(self):
        return ('p',) if self._p is not None else ('logit',)

    @property
    def _first(self):
        return self._p if self._p is not None else self._logit

    @property
    def params(self):
        return {self._param_names[0]: self._first}


class LocationScale(object):
    """What the distributions of ``loc + scale * Z`` share, for ``Z`` of a fixed
    standard distribution: a subclass has ``loc`` and ``scale`` and defines
    ``_standard_icdf(p)`` and ``_standard_noise(random, shape)`` (the quantile
    function and a draw of ``Z``)."""

    @property
    def support(self):
        return 'real'

    @property
    def mode(self):
        return self.loc

    def _z(self, x):
        return (self._input(x) - self.loc) / self.scale

    def icdf(self, x):
        return self.loc + self.scale * self._standard_icdf(self._input(x))

    def sample_n(self, n):
        return self.loc + self.scale * self._noise(n, self._standard_noise)


class ScalarDistribution(ParametricDistribution):
    """A distribution of scalar events whose parameters share one batch shape.

    ``__init__`` passes the parameters by keyword, in order: they become
    Variables of one float dtype (:func:`prepare_params`), attributes of those
    names, and :attr:`params`. A subclass sets :attr:`support`.
    """

    def __init__(self, **params):
        super().__init__()
        self._param_names = tuple(params)
        values = prepare_params(type(self).__name__, list(params.items()))
        for name, value in zip(self._param_names, values):
            setattr(self, name, value)
