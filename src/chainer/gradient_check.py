"""Numerical checks of gradients: ``numerical_grad``, ``check_backward``, ``check_double_backward``.

``check_backward`` compares the gradients computed by backpropagation with a
central finite difference. To stay cheap it differentiates along one random
direction ``r`` in the space of all inputs: with ``g(t) = f(x + t r)``, the
directional derivative ``g'(0)`` equals the dot product of the backpropagated
gradient with ``r``, and ``g'(0)`` needs only two (or five, to detect kinks)
evaluations of the function.
"""
import numpy

import chainer
import chainerx  # NOQA
from chainer import backend
from chainer.backends import cuda  # NOQA
from chainer import configuration
from chainer import utils  # NOQA
from chainer import variable


def __getattr__(name):
    # chainer.testing (and the unittest machinery it brings) is imported on first
    # use, not with chainer; gradient_check.testing and .assert_allclose stay here.
    if name in ('testing', 'assert_allclose'):
        from chainer import testing
        return testing if name == 'testing' else testing.assert_allclose
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


class NondifferentiableError(Exception):
    """Raised when the function looks non-differentiable near the point of the check."""
    pass


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _copy_arrays(xs):
    return [None if x is None else x.copy() for x in xs]


class _InvalidEpsError(ValueError, AssertionError):
    """A step ``eps`` that is not positive (a ValueError; an AssertionError too,
    as in Chainer)."""


def _check_eps(eps, n_inputs):
    if numpy.isscalar(eps):
        eps = (eps,) * n_inputs
    else:
        eps = tuple(eps)
        if len(eps) != n_inputs:
            raise ValueError('numerical_grad: eps has {} entries but there are {} '
                             'inputs'.format(len(eps), n_inputs))
    for e in eps:
        if not float(e) > 0:
            raise _InvalidEpsError(
                'numerical_grad: eps must be positive, got {}'.format(e))
    return eps


# Offsets (in units of eps) at which the function is evaluated. Detecting a
# non-differentiable point needs five points within [x - eps, x + eps].
_OFFSETS = (-1.0, 1.0)
_DETECT_OFFSETS = (-1.0, -0.5, 0.0, 0.5, 1.0)


def numerical_grad(f, inputs, grad_outputs, eps=1e-3,
                   detect_nondifferentiable=False, diff_atol=0, diff_rtol=1e-2,
                   center_outputs=None):
    """Gradient of ``sum_i <f()[i], grad_outputs[i]>`` with respect to ``inputs`` by
    central differences.

    Each element of each input is moved to ``x - eps`` and ``x + eps`` in place
    (then restored), and the gradient is the difference of the weighted sums
    divided by the distance actually moved (which differs from ``2 * eps`` when
    the input's dtype cannot represent the moved values exactly).

    Args:
        f: a function with no arguments that returns a tuple of arrays computed
            from ``inputs`` (which are modified in place while this runs and
            restored afterwards).
        inputs (tuple of arrays): the arrays to differentiate with respect to.
        grad_outputs (tuple of arrays or None): weights of each output (None is
            treated as zero).
        eps (float or tuple of floats): the step (positive), per input if a tuple.
        detect_nondifferentiable (bool): also evaluate at ``x ± eps / 2`` and
            ``x`` and raise :class:`NondifferentiableError` if the function does
            not look smooth on ``[x - eps, x + eps]``: if it is finite at some of
            these points only, or if the second derivatives estimated on the
            four sub-intervals are not consistent. The consistency allows
            ``diff_atol + diff_rtol * (largest slope)``, plus the rounding error
            of the outputs' dtype (so that float16 and float32 functions are
            not reported for their rounding).
        diff_atol, diff_rtol (float): tolerances of that test.
        center_outputs (tuple of arrays): ``f()`` at the unmodified inputs, if
            already known (saves one evaluation per element when detecting).
    Returns:
        tuple of arrays: one gradient per input, of its shape, in float64 unless
        the input is float16/float32 (then in its dtype).
    Raises:
        ValueError: if an ``eps`` is not positive (the error is also an
            AssertionError).
    """
    inputs = tuple(inputs)
    grad_outputs = tuple(grad_outputs)
    eps = _check_eps(eps, len(inputs))
    xp = backend.get_array_module(*[x for x in inputs if x is not None]) \
        if inputs else numpy
    for x in inputs:
        if x is not None and x.dtype.kind != 'f':
            raise TypeError('numerical_grad: inputs must be float arrays, got dtype {}'
                            .format(x.dtype))

    def evaluate():
        ys = _as_tuple(f())
        return [None if y is None else xp.asarray(
            y.array if isinstance(y, variable.Variable) else y).copy() for y in ys]

    def weighted_sum(ys):
        total = None
        for y, gy in zip(ys, grad_outputs):
            if y is None or gy is None:
                continue
            gy = xp.asarray(gy).astype(numpy.float64)
            term = (xp.asarray(y).astype(numpy.float64) * gy).sum()
            total = term if total is None else total + term
        return 0.0 if total is None else float(total)

    def rounding_error(ys):
        # How much the weighted sum can be off because each output is rounded
        # to its dtype: a few units in the last place of each element.
        total = 0.0
        for y, gy in zip(ys, grad_outputs):
            if y is None or gy is None:
                continue
            y = xp.asarray(y)
            if y.dtype.kind != 'f':
                continue
            ulp = xp.spacing(abs(y)).astype(numpy.float64)
            gy = abs(xp.asarray(gy).astype(numpy.float64))
            term = float((ulp * gy)[xp.isfinite(ulp)].sum())
            total += term
        return 2 * total

    offsets = _DETECT_OFFSETS if detect_nondifferentiable else _OFFSETS
    grads = []
    for x, e in zip(inputs, eps):
        if x is None:
            grads.append(None)
            continue
        gx = numpy.zeros(x.shape, dtype=numpy.float64)
        for k in range(x.size):
            index = numpy.unravel_index(k, x.shape)
            orig = x[index].copy()
            orig_value = float(orig)
            positions = []
            values = []
            noise = 0.0
            for o in offsets:
                if o == 0.0 and center_outputs is not None:
                    ys = [None if y is None else xp.asarray(y)
                          for y in _as_tuple(center_outputs)]
                else:
                    x[index] = orig + o * e
                    ys = evaluate()
                positions.append(float(x[index]) - orig_value if o else 0.0)
                values.append(weighted_sum(ys))
                if o == 0.0:
                    noise = rounding_error(ys)
                x[index] = orig
            moved = positions[-1] - positions[0]
            if moved == 0 or not numpy.isfinite(moved):
                moved = (offsets[-1] - offsets[0]) * e   # the dtype cannot resolve eps
            if detect_nondifferentiable:
                _check_differentiable(positions, values, e, noise, diff_atol,
                                      diff_rtol, index)
            with numpy.errstate(invalid='ignore'):
                gx[index] = (values[-1] - values[0]) / moved
        dtype = x.dtype if x.dtype in (numpy.float16, numpy.float32) else numpy.float64
        grads.append(xp.asarray(gx.astype(dtype)))
    return tuple(grads)


def _check_differentiable(positions, values, eps, noise, atol, rtol, where):
    """Raise NondifferentiableError unless the samples ``values`` at
    ``positions`` (five, around the point) look like a smooth function."""
    finite = numpy.isfinite(values)
    if not finite.any():
        # Not finite anywhere near the point (outside the function's domain, or
        # an infinite input): there is no kink to find.
        return
    if not finite.all():
        raise NondifferentiableError(
            'The function is not finite everywhere near the point {}: values {} at '
            'offsets {}'.format(where, values, positions))
    t = numpy.array(positions, dtype=numpy.float64)
    if (numpy.diff(t) <= 0).any():
        t = numpy.array(_DETECT_OFFSETS) * eps   # the dtype cannot resolve eps
    y = numpy.array(values, dtype=numpy.float64)
    # Slopes on the four sub-intervals, then second derivatives between them.
    slopes = numpy.diff(y) / numpy.diff(t)
    curvatures = numpy.diff(slopes) / ((t[2:] - t[:-2]) / 2)
    h = (t[-1] - t[0]) / 4
    # For a smooth function the curvatures agree to O(h); a kink or a jump
    # inside the interval makes one of them stand out.
    changes = numpy.abs(numpy.diff(curvatures)) * h
    tol = atol + rtol * numpy.abs(slopes).max() + 8 * noise / h
    if (changes > tol).any():
        raise NondifferentiableError(
            'The function looks non-differentiable near the point {}: the slopes '
            'on [x - eps, x + eps] are {} (eps={}, atol={}, rtol={})'.format(
                where, slopes.tolist(), eps, atol, rtol))


def _directional_numerical(func, xs_data, directions, y_grads, eps, dtype,
                           detect_nondifferentiable, params, param_directions):
    """d/dt of sum <func(x + t d), y_grad> at t = 0, by central differences."""
    xp = backend.get_array_module(*[x for x in xs_data if x is not None])
    work_dtype = numpy.float64 if dtype is None else dtype
    delta = xp.zeros((), dtype=numpy.float64)

    base_x = [x if d is None else x.astype(work_dtype) for x, d in zip(xs_data,
                                                                          directions)]
    base_p = [p.array for p in params]

    def f():
        t = float(delta)
        inputs = []
        for x, d, orig in zip(base_x, directions, xs_data):
            if d is None:
                # Not differentiated, but float inputs are still evaluated in
                # the requested dtype (integer ones never are).
                if dtype is not None and x.dtype.kind == 'f':
                    x = x.astype(dtype)
                inputs.append(x)
            else:
                moved = xp.asarray(x + t * d.astype(x.dtype))  # 0-d stays an array
                inputs.append(moved.astype(orig.dtype if dtype is None else dtype))
        for p, b, d in zip(params, base_p, param_directions):
            if d is not None:
                moved = xp.asarray(b.astype(work_dtype) + t * d)
                # Parameters are evaluated in the requested dtype, like inputs.
                p.array = moved.astype(b.dtype if dtype is None else dtype)
        # The graph is recorded: func may itself differentiate (as the first-order
        # function of check_double_backward does).
        ys = func(*[variable.Variable(x) for x in inputs])
        ys = _as_tuple(ys)
        return tuple(y.array for y in ys)

    originals = [p.array for p in params]
    try:
        g, = numerical_grad(f, (delta,), y_grads, eps=eps,
                            detect_nondifferentiable=detect_nondifferentiable)
    finally:
        for p, a in zip(params, originals):
            p.array = a
    return float(g)


def _default_no_grads(xs):
    return [x.dtype.kind != 'f' for x in xs]


def check_backward(func, x_data, y_grad, params=(), eps=1e-3, atol=1e-5, rtol=1e-4,
                   no_grads=None, dtype=None, detect_nondifferentiable=False):
    """Check the gradients that backpropagation computes for ``func``.

    ``func`` is called on Variables made from ``x_data``; its outputs are given the
    gradients ``y_grad`` and backpropagated. The gradients of the inputs (and of
    ``params``) are then compared, along a random direction, with a central
    finite difference. An AssertionError explains any mismatch.

    Args:
        func: a function of Variables returning a Variable or a tuple of them.
        x_data (array or tuple of arrays): the inputs.
        y_grad (array or tuple of arrays, or None): the gradients of the outputs;
            None for a function returning one scalar (its gradient is then 1).
        params (Variable or tuple of Variables): parameters used inside ``func``
            whose gradients are checked too.
        eps (float): finite-difference step.
        atol, rtol (float): tolerances of the comparison.
        no_grads (list of bool): True for inputs whose gradient is not
            checked (default: True for non-float inputs); a RuntimeError is
            raised if backward computes a gradient for one of them anyway.
        dtype: dtype in which the numerical derivative is computed (float64 gives
            accurate references for float16/32 functions); None keeps the inputs'.
        detect_nondifferentiable (bool): raise :class:`NondifferentiableError` if
            ``func`` is not differentiable near ``x_data``.
    """
    if dtype is not None and numpy.dtype(dtype).kind != 'f':
        raise ValueError('check_backward: dtype must be a float dtype or None, got {}'
                         .format(dtype))
    x_data = _as_tuple(x_data)
    params = _as_tuple(params)
    if y_grad is not None:
        y_grad = _as_tuple(y_grad)
    if no_grads is None:
        no_grads = _default_no_grads(x_data)
    elif len(no_grads) != len(x_data):
        raise ValueError('check_backward: no_grads has {} entries but there are {} '
                         'inputs'.format(len(no_grads), len(x_data)))

    # Every float input requires a gradient, so that one marked in no_grads
    # that receives a gradient anyway is found.
    xs = [variable.Variable(x, requires_grad=x.dtype.kind == 'f') for x in x_data]
    for p in params:
        p.cleargrad()
    ys = _as_tuple(func(*xs))
    for y in ys:
        if not isinstance(y, variable.Variable):
            raise TypeError('check_backward: func must return Variables, got {}'.format(
                type(y).__name__))
    if y_grad is None:
        if len(ys) != 1 or ys[0].size != 1:
            raise ValueError('check_backward: y_grad is None, so func must return a '
                             'single one-element Variable; got {} outputs of shapes {}'
                             .format(len(ys), [y.shape for y in ys]))
        xp = backend.get_array_module(ys[0].array)
        y_grad = (xp.ones_like(ys[0].array),)
    if len(ys) != len(y_grad):
        raise ValueError('check_backward: func returned {} outputs but y_grad has {} '
                         'entries'.format(len(ys), len(y_grad)))
    for i, (y, gy) in enumerate(zip(ys, y_grad)):
        if gy is not None and y.shape != gy.shape:
            raise ValueError('check_backward: output {} has shape {} but its y_grad '
                             'has shape {}'.format(i, y.shape, gy.shape))
        if gy is not None and y.dtype != gy.dtype:
            raise ValueError('check_backward: output {} has dtype {} but its y_grad '
                             'has dtype {}'.format(i, y.dtype, gy.dtype))

    # Outputs whose gradient is None are not differentiated; an output returned
    # twice gets the sum of its gradients.
    starts = {}
    for y, gy in zip(ys, y_grad):
        if gy is not None:
            previous = starts.get(id(y))
            starts[id(y)] = (y, gy if previous is None else
                             chainer.utils.force_array(previous[1] + gy, y.dtype))
    chainer.backward([y for y, _ in starts.values()],
                     [variable.Variable(gy) for _, gy in starts.values()])

    # Gradients by backpropagation.
    analytic = []
    for i, (x, ng) in enumerate(zip(xs, no_grads)):
        if ng:
            if x.grad is not None:
                raise RuntimeError(
                    'check_backward: input {} is marked in no_grads, but backward '
                    'computed a gradient for it'.format(i))
            analytic.append(None)
            continue
        g = x.grad
        if g is None:
            g = x.xp.zeros_like(x.array)
        elif g.dtype != x.dtype or g.shape != x.shape:
            raise AssertionError(
                'check_backward: the gradient of input {} has dtype {} and shape {}, '
                'but the input has dtype {} and shape {}'.format(
                    i, g.dtype, g.shape, x.dtype, x.shape))
        analytic.append(g)
    param_analytic = []
    for p in params:
        g = p.grad
        param_analytic.append(p.xp.zeros_like(p.array) if g is None else g)

    # A random unit direction over all differentiated inputs and parameters.
    rng = numpy.random
    directions = []
    for x, ng in zip(x_data, no_grads):
        if ng:
            directions.append(None)
        else:
            directions.append(rng.normal(size=x.shape))
    param_directions = [rng.normal(size=p.shape) for p in params]
    norm = numpy.sqrt(sum(float((d ** 2).sum()) for d in directions + param_directions
                          if d is not None))
    if norm == 0:
        norm = 1.0
    xp = backend.get_array_module(*[x for x in x_data])
    directions = [None if d is None else xp.asarray(d / norm) for d in directions]
    param_directions = [xp.asarray(d / norm) for d in param_directions]

    expected = 0.0
    for g, d in zip(analytic + param_analytic, directions + param_directions):
        if g is None or d is None:
            continue
        expected += float((g.astype(numpy.float64) * d).sum())

    numeric = _directional_numerical(
        func, x_data, directions, y_grad, eps, dtype, detect_nondifferentiable,
        params, param_directions)

    from chainer.testing.array import assert_allclose
    try:
        assert_allclose(numpy.array(numeric), numpy.array(expected), atol=atol,
                        rtol=rtol, verbose=False)
    except AssertionError:
        lines = ['check_backward failed (eps={} atol={} rtol={})'.format(eps, atol, rtol)]
        for i, x in enumerate(x_data):
            lines.append('inputs[{}]:\n{}'.format(i, x))
        for i, gy in enumerate(y_grad):
            lines.append('grad_outputs[{}]:\n{}'.format(i, gy))
        for i, d in enumerate(directions):
            lines.append('directions[{}]:\n{}'.format(i, d))
        for i, g in enumerate(analytic):
            lines.append('gradients (backward) of inputs[{}]:\n{}'.format(i, g))
        for i, g in enumerate(param_analytic):
            lines.append('gradients (backward) of params[{}]:\n{}'.format(i, g))
        lines.append('directional derivative (numerical): {}'.format(numeric))
        lines.append('directional derivative (backward):  {}'.format(expected))
        raise AssertionError('\n'.join(lines)) from None


def check_double_backward(func, x_data, y_grad, x_grad_grad, params=(),
                          params_grad_grad=(), eps=1e-3, atol=1e-4, rtol=1e-3,
                          no_grads=None, dtype=None, detect_nondifferentiable=False):
    """Check the second-order gradients of ``func``.

    The first-order gradient computation (inputs and output gradients in, input
    gradients out, recorded with double backpropagation) is itself checked with
    :func:`check_backward`, given the gradients ``x_grad_grad`` (and
    ``params_grad_grad``) of its outputs.

    Args:
        func, x_data, y_grad, params, eps, atol, rtol, no_grads, dtype,
        detect_nondifferentiable: as in :func:`check_backward`.
        x_grad_grad (array or tuple of arrays): gradients of the first-order
            gradients of the inputs (one per differentiated input).
        params_grad_grad (array or tuple of arrays): likewise for ``params``.
    """
    x_data = _as_tuple(x_data)
    params = _as_tuple(params)
    n_x = len(x_data)
    if y_grad is None:
        first = _as_tuple(func(*[variable.Variable(x) for x in x_data]))
        xp = backend.get_array_module(first[0].array)
        y_grad = (xp.ones_like(first[0].array),)
    else:
        y_grad = _as_tuple(y_grad)
    x_grad_grad = _as_tuple(x_grad_grad)
    params_grad_grad = _as_tuple(params_grad_grad)
    if no_grads is None:
        no_grads = _default_no_grads(x_data)
    n_y = len(y_grad)
    diff_x = [i for i in range(n_x) if not no_grads[i]]
    if len(x_grad_grad) != len(diff_x):
        raise ValueError('check_double_backward: x_grad_grad has {} entries but {} '
                         'inputs are differentiated'.format(len(x_grad_grad),
                                                            len(diff_x)))

    def first_order(*args):
        xs = args[:n_x]
        gys = args[n_x:]
        # The numerical check evaluates this with backprop disabled, but the
        # first-order gradient needs the graph of func.
        with configuration.using_config('enable_backprop', True):
            ys = _as_tuple(func(*xs))
            targets = [xs[i] for i in diff_x] + list(params)
            grads = chainer.grad(list(ys), targets, grad_outputs=list(gys),
                                 enable_double_backprop=True)
        out = []
        for g, t in zip(grads, targets):
            if g is None:
                g = variable.Variable(t.xp.zeros_like(t.array))
            out.append(g)
        # Add a zero multiple of every input so that each one is in the graph.
        return tuple(out)

    check_backward(first_order, x_data + y_grad, x_grad_grad + params_grad_grad,
                   params=params, eps=eps, atol=atol, rtol=rtol,
                   no_grads=list(no_grads) + [False] * n_y, dtype=dtype,
                   detect_nondifferentiable=detect_nondifferentiable)
