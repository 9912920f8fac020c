"""Recompute-on-backward: trade computation for memory."""
import chainer
from chainer import _backprop
from chainer import configuration
from chainer import function
from chainer import function_node
from chainer import variable


def _ordinal(n):
    if 10 <= n % 100 < 20:
        return '{}th'.format(n)
    return '{}{}'.format(n, {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th'))


def _call(func, xs):
    outs = func(*xs)
    if isinstance(outs, variable.Variable):
        return (outs,)
    if isinstance(outs, tuple):
        for k, out in enumerate(outs):
            if not isinstance(out, variable.Variable):
                raise RuntimeError(
                    'forget: func must return a Variable or a tuple of Variables; '
                    'the {} element of the returned tuple is a {}'.format(
                        _ordinal(k + 1), type(out).__name__))
        return outs
    raise RuntimeError(
        'forget: func must return a Variable or a tuple of Variables, but it '
        'returned a {}'.format(type(outs).__name__))


class Forget(function_node.FunctionNode):
    """Runs ``func`` without keeping its graph; runs it again on backward."""

    def __init__(self, func):
        if not callable(func):
            raise TypeError('forget: func must be callable, got a {}'.format(
                type(func).__name__))
        self.func = func

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        with function.no_backprop_mode():
            xs = [variable.Variable(x) for x in inputs]
            outs = _call(self.func, xs)
        return tuple([out.array for out in outs])

    def backward(self, indexes, grad_outputs):
        retained = self.get_retained_inputs()
        double = configuration.config.enable_backprop
        # Inside a backward() (not chainer.grad), the variables that ``func``
        # uses without taking them as arguments (the parameters of the links it
        # calls) get their gradients accumulated into ``grad``, as a plain
        # backward through ``func`` would give them.
        full = _backprop.full_backward_context()
        if double:
            # Rebuild the graph on the inputs themselves, so the gradients are
            # differentiable with respect to them again.
            xs = [retained[i] for i in range(len(retained))]
        else:
            xs = [variable.Variable(x.array, requires_grad=x.requires_grad)
                  for x in retained]
        # ``in_recomputing`` tells links with state (batch normalization's
        # running averages, fine-tuning counts) that this call repeats one
        # already made, so the state is not updated twice.
        with function.force_backprop_mode(), \
                configuration.using_config('in_recomputing', True):
            outs = _call(self.func, xs)
        pairs = [(y, g) for y, g in zip(outs, grad_outputs) if g is not None]
        if not pairs:
            return (None,) * len(indexes)
        if full is not None and not double:
            # xs are fresh leaves: one backpropagation through the recomputed
            # graph gives them and the parameters their gradients.
            _backprop.backward_from_outputs(
                [y for y, _ in pairs], [g for _, g in pairs], False, False, None,
                leaf_loss_scale=full[0])
            return tuple([xs[i].grad_var for i in indexes])
        targets = [xs[i] for i in indexes]
        grads = chainer.grad([y for y, _ in pairs], targets,
                             grad_outputs=[g for _, g in pairs],
                             enable_double_backprop=double)
        if full is not None:
            # Double backprop: the parameters' gradients come from one more
            # run on inputs that need none, so that no path through the inputs
            # (whose own graph reaches further back) is counted twice.
            constants = [variable.Variable(x.array, requires_grad=False)
                         for x in retained]
            with function.force_backprop_mode(), \
                    configuration.using_config('in_recomputing', True):
                outs = _call(self.func, constants)
            _backprop.backward_from_outputs(
                [outs[k] for k, g in enumerate(grad_outputs) if g is not None],
                [g for g in grad_outputs if g is not None], False, True, None,
                leaf_loss_scale=full[0])
        return tuple(grads)


def forget(func, *xs):
    """Call ``func(*xs)`` without storing its intermediate results.

    The forward pass runs ``func`` with backpropagation disabled, so none of its
    intermediate arrays stay in memory; only the inputs are kept. The backward
    pass calls ``func`` again, this time building its graph, and backpropagates
    through it. Memory is saved at the cost of computing ``func`` twice.

    Link parameters (and other Variables) that ``func`` uses without taking them
    as arguments get their gradients from :meth:`~chainer.Variable.backward` too,
    accumulated into their ``grad`` as without ``forget``
    (:func:`chainer.grad` gives gradients to the requested inputs only).

    ``func`` must give the same result every time it is called on the same inputs
    (so not :func:`~chainer.functions.dropout`, whose mask is random). The
    second call runs with ``chainer.config.in_recomputing`` set to True, so
    links that keep statistics (batch normalization and its variants) do not
    update them twice. Inputs that
    are arrays rather than Variables are treated as constants.

    Args:
        func (callable): a function of Variables returning a Variable or a tuple
            of Variables.
        xs: the arguments of ``func`` (Variables or arrays).
    Returns:
        A Variable if ``func`` returns one Variable, else a tuple of Variables.

    Example:
        >>> def f(a, b):
        ...     return (a + b) * a
        >>> x = chainer.Variable(np.array([1., 2.], np.float32))
        >>> y = chainer.Variable(np.array([3., 4.], np.float32))
        >>> z = F.forget(f, x, y)   # a + b is not kept in memory
        >>> F.sum(z).backward()
        >>> x.grad
        array([5., 8.], dtype=float32)
    """
    ys = Forget(func).apply(xs)
    if len(ys) == 1:
        return ys[0]
    return ys
