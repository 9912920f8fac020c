"""The backward engine: the one place where gradients are propagated through a graph.

``Variable.backward``, ``chainer.backward`` and ``chainer.grad`` all run
:func:`_propagate`. Function nodes are processed in decreasing rank (a heap), so a
node's gradient is complete, summed over all its uses, before its creator runs.
The bookkeeping of the gradients (sums, in-place sums, deferred sums) is the
gradient table's, :class:`chainer._grad_table.GradTable`. Gradients of
intermediate variables are dropped as soon as they have been used unless
``retain_grad`` is set.
"""
import heapq
import itertools
import threading
import traceback
import warnings

import numpy

import chainer
from chainer import _grad_table
from chainer import configuration
from chainer import function_hook

_unset = object()

# The state of the propagation running in this thread:
# ``full``: for functions whose backward runs a backpropagation of its own
#   (F.forget): None inside grad() (only the requested inputs get gradients), or a
#   1-tuple holding the loss scale of a backward() that accumulates into every leaf;
# ``deferring``: the function node whose backward the engine is calling at this
#   moment when that backward may return a DeferredGrad (see may_defer);
# ``backward_of``: in debug mode, the function node being differentiated.
_state = threading.local()

DeferredGrad = _grad_table.DeferredGrad
OuterSum = _grad_table.OuterSum
RowScatterSum = _grad_table.RowScatterSum


def full_backward_context():
    """None inside :func:`chainer.grad`; ``(loss_scale,)`` inside a backward()."""
    return getattr(_state, 'full', None)


def may_defer(func):
    """Whether ``func.backward``, running now, may return a :class:`DeferredGrad`.

    True only while the engine itself calls that node's backward in a pass that
    records no graph (not in debug mode), and only for classes that declare
    ``_defers_gradients = True``: a backward called any other way must return
    Variables.
    """
    return getattr(_state, 'deferring', None) is func


def _enter_pass(double_backprop, full):
    """Set up this thread for one backward pass; returns what :func:`_exit_pass`
    restores (a backward method may run a pass of its own).

    While the pass runs, ``config.enable_backprop`` is ``double_backprop`` (backward
    methods record a graph only under double backprop) and
    :func:`full_backward_context` answers ``full``.
    """
    local = configuration.config.__dict__
    saved = local.get('enable_backprop', _unset), getattr(_state, 'full', None)
    local['enable_backprop'] = double_backprop
    _state.full = full
    return saved


def _exit_pass(saved):
    mode, _state.full = saved
    local = configuration.config.__dict__
    if mode is _unset:
        del local['enable_backprop']
    else:
        local['enable_backprop'] = mode


def _ones_like(array):
    if type(array) is numpy.ndarray:
        out = numpy.empty(array.shape, array.dtype)
        out.fill(1)
        return out
    return chainer.backend.get_array_module(array).ones_like(array)


_as_grad_variable = _grad_table.as_grad_variable
_add = _grad_table.add


def _check_nonfinite(func, arrays, direction):
    # Debug mode looks for NaN only, as Chainer documents: infinities are
    # legitimate values (masking with -inf, log(0), and the overflow that dynamic
    # loss scaling detects and recovers from), so they must not stop a program.
    for a in arrays:
        if a is None or a.dtype.kind not in 'fc':
            continue
        xp = chainer.backend.get_array_module(a)
        if xp.isnan(a).any():
            message = 'NaN is detected on {} computation of {}'.format(
                direction, func.label)
            # Name the user's line: where the function was called, or, for a
            # NaN made while differentiating another function, where that one
            # was called (debug mode records the stack of every call).
            owner = getattr(_state, 'backward_of', None)
            stack = func.stack
            if owner is not None and owner is not func:
                message += ' (while computing the gradient of {})'.format(owner.label)
                stack = owner.stack
            if stack:
                message += ('\n' + '-' * 80 + '\nStacktrace of the function is '
                            'below:\n' + ''.join(traceback.format_list(stack)))
            raise RuntimeError(message)


def _needed_functions(root_nodes, target_nodes):
    """The function nodes through which some root reaches some target."""
    memo = {}
    targets = set(target_nodes)

    # Iterative depth-first search computing, for each function, whether any of its
    # inputs is a target or is produced by a needed function.
    for root in root_nodes:
        func = root._creator_node
        if func is None or func in memo:
            continue
        stack = [(func, False)]
        while stack:
            f, expanded = stack.pop()
            if expanded:
                needed = False
                for x in f.inputs or ():
                    if x in targets:
                        needed = True
                    else:
                        c = x._creator_node
                        if c is not None and memo.get(c, False):
                            needed = True
                memo[f] = needed
                continue
            if f in memo:
                continue
            memo[f] = False  # provisional, guards against revisiting
            stack.append((f, True))
            for x in f.inputs or ():
                c = x._creator_node
                if c is not None and c not in memo:
                    stack.append((c, False))
    return {f for f, needed in memo.items() if needed}


def _propagate(root_nodes, root_grads, retain_grad, enable_double_backprop,
               target_nodes=None, target_grads=None):
    """Run backpropagation and return the table of gradients left at the end.

    Runs inside a pass set up by its caller (:func:`_enter_pass`):
    ``config.enable_backprop`` is ``enable_double_backprop``, so backward methods
    record a graph only under double backprop.

    Args:
        root_nodes: VariableNodes to start from.
        root_grads: their starting gradients (Variables, None to skip a root).
        retain_grad: store the gradient of every intermediate variable on it.
        enable_double_backprop: record the backward computation in the graph.
        target_nodes: if given, only paths leading to these nodes are followed and
            their gradients are kept in the returned table.
        target_grads: gradients that the target nodes start with (None to skip
            one); they are propagated further like any gradient reaching them.
    Returns:
        dict from VariableNode to gradient Variable: the leaves reached (and the
        targets), with their accumulated gradients.
    """
    if target_nodes is None:
        needed = None   # every function node reached runs
        table = _grad_table.GradTable(enable_double_backprop)
    else:
        needed = _needed_functions(root_nodes, target_nodes)
        table = _grad_table.GradTable(enable_double_backprop, target_nodes)
    seeds = zip(root_nodes, root_grads)
    if target_grads is not None:
        seeds = itertools.chain(
            zip(target_nodes, map(_as_grad_variable, target_grads)), seeds)
    # Hooks and debug checks make every backward call go the long way.
    observed = bool(function_hook._state.function_hooks) or configuration.config.debug
    # The function nodes to run: a heap by decreasing rank (ties in the order they
    # were scheduled), each node once, so that a node runs after every node that
    # uses its outputs, when their gradients are complete.
    heap = []
    scheduled = {None}   # (None: the "creator" of a leaf, never run)
    for node, g in seeds:
        if g is not None:
            table.seed(node, g)
            creator = node._creator_node
            if creator not in scheduled and (needed is None or creator in needed):
                scheduled.add(creator)
                heapq.heappush(heap, (-creator.rank, len(scheduled), creator))
    while heap:
        func = heapq.heappop(heap)[2]
        grad_outputs = table.take_outputs(func)
        if retain_grad:
            _retain_grads(func, grad_outputs)
        if grad_outputs is None:
            continue   # no gradient reached its outputs
        # The inputs whose gradients are wanted: those that require one (in
        # chainer.grad, only those on a path to a requested input).
        if needed is None:
            targets = tuple([i for i, x in enumerate(func.inputs) if x._requires_grad])
        else:
            targets = tuple([i for i, x in enumerate(func.inputs) if x._requires_grad and (
                x in table.keep or x._creator_node in needed)])
        if not targets:
            continue
        if observed or func._local_function_hooks or not func._plain_backward:
            gxs = _call_backward(func, targets, grad_outputs, table)
        else:
            gxs = func.backward(targets, grad_outputs)
        if type(gxs) is not tuple or len(gxs) != len(targets):
            gxs = _normalize_gxs(func, targets, gxs)
        for i, gx in zip(targets, gxs):
            if gx is not None:
                creator = table.add(func, i, gx)._creator_node
                if creator not in scheduled and (needed is None or creator in needed):
                    scheduled.add(creator)
                    heapq.heappush(heap, (-creator.rank, len(scheduled), creator))
    return table.finish()


def _retain_grads(func, grad_outputs):
    # retain_grad: the outputs keep the gradients that reached them (None: none).
    if grad_outputs is None:
        grad_outputs = (None,) * len(func.outputs)
    for ref, g in zip(func.outputs, grad_outputs):
        node = ref()
        var = None if node is None else node._variable()
        if var is not None:
            var._grad_var = g


def _call_backward(func, targets, grad_outputs, table):
    """The gradients of the ``targets`` inputs of ``func``, the long way.

    With the function hooks (global and the node's own) around the backward
    method; in debug mode, with the function known to :func:`_check_nonfinite`
    and the gradients checked for NaN; with ``backward_accumulate`` where the
    class defines it (the gradients collected so far are taken out of the
    table and handed to it); and, for a class that may defer its gradients, in a
    pass that records nothing, with :func:`may_defer` true while it runs.
    """
    hooks = function_hook._state.function_hooks
    if func._local_function_hooks:
        hooks = dict(hooks)
        hooks.update(func._local_function_hooks)
    if hooks:
        in_data = tuple([x.data for x in func.inputs])
        out_grad = tuple([None if g is None else g._data for g in grad_outputs])
        for hook in hooks.values():
            hook.backward_preprocess(func, in_data, out_grad)
    debug = configuration.config.debug
    if debug:
        _state.backward_of = func
    deferring = getattr(_state, 'deferring', None)
    if func._defers_gradients and not debug and not configuration.config.enable_backprop:
        _state.deferring = func
    try:
        if type(func).backward_accumulate is chainer.FunctionNode.backward_accumulate:
            gxs = func.backward(targets, grad_outputs)
        else:
            # An input that appears twice gets the total only once.
            inputs, totals = func.inputs, {}
            current = tuple([None if inputs[i] in totals else totals.setdefault(
                inputs[i], table.take_total(inputs[i])) for i in targets])
            gxs = func.backward_accumulate(targets, grad_outputs, current)
    finally:
        _state.deferring = deferring
        if debug:
            _state.backward_of = None
    if hooks:
        for hook in hooks.values():
            hook.backward_postprocess(func, in_data, out_grad)
    if debug:
        _check_nonfinite(func, [None if g is None else getattr(g, 'array', g)
                                for g in _normalize_gxs(func, targets, gxs)], 'backward')
    return gxs


def _normalize_gxs(func, targets, gxs):
    if not isinstance(gxs, tuple):
        if isinstance(gxs, list):
            gxs = tuple(gxs)
        else:
            raise GradientTypeError(
                'type of gradients returned from backward is incorrect: {}.backward '
                'must return a tuple of gradients (Variables or None), got {}'.format(
                    func.label, type(gxs).__name__))
    n_in = len(func.inputs)
    if len(gxs) != len(targets):
        if len(gxs) == n_in:
            gxs = tuple([gxs[i] for i in targets])
        else:
            raise ValueError(
                'number of gradients returned from backward is incorrect: '
                '{}.backward returned {} gradients, but it must return one for each '
                'target input ({}) or for each input ({})'.format(
                    func.label, len(gxs), len(targets), n_in))
    return gxs


class GradientTypeError(TypeError, ValueError):
    """A backward method returned something other than a tuple of gradients.
    (A TypeError; a ValueError too, as Chainer raised one.)"""


_raise_grad_mismatch = _grad_table.raise_grad_mismatch


def _initial_grad(y, g, loss_scale, fill_ones_any_size, what, required=False):
    """The starting gradient of output ``y`` (a Variable), or None to skip it.

    With ``required`` (the one output of ``y.backward()``), a missing gradient
    of a non-scalar raises TypeError (Chainer 7.8.1 raised an obscure
    TypeError there); otherwise it is skipped with a warning.
    """
    if g is None:
        if y._data is None:
            return None
        if y._data.size == 1 or fill_ones_any_size:
            g = chainer.Variable._new(_ones_like(y._data), False)
        elif required:
            raise TypeError(
                '{}: the variable {}has {} elements (shape {}) and no gradient; '
                'backward() starts from a scalar (a loss) or from a gradient you '
                'set. Reduce it to a scalar first (F.sum, F.mean), or set its '
                'gradient, for example y.grad = xp.ones_like(y.array).'.format(
                    what, '"{}" '.format(y.name) if y.name else '', y._data.size,
                    y._data.shape))
        else:
            warnings.warn(
                '{}: the output variable {}has {} elements and no gradient, so nothing '
                'is propagated from it. Set its gradient first, for example '
                'y.grad = xp.ones_like(y.array), or reduce it to one element (F.sum).'
                .format(what, '"{}" '.format(y.name) if y.name else '', y._data.size),
                RuntimeWarning, stacklevel=4)
            return None
    else:
        g = _as_grad_variable(g)
    if loss_scale is not None:
        g = chainer.Variable._new(g._data * loss_scale, False) \
            if not configuration.config.enable_backprop else g * loss_scale
    return g


def backward_from_outputs(outputs, grad_outputs, retain_grad, enable_double_backprop,
                          loss_scale, leaf_loss_scale=_unset):
    """Backpropagate from ``outputs`` and accumulate into the leaves' ``grad``.

    ``leaf_loss_scale`` (default: ``loss_scale``) is recorded on the leaves, for
    a backpropagation started inside another one whose gradients are already
    scaled.
    """
    if leaf_loss_scale is _unset:
        leaf_loss_scale = loss_scale
    root_nodes = []
    root_grads = []
    given = set()   # the ids of the starting gradient arrays
    for i, y in enumerate(outputs):
        if not isinstance(y, chainer.Variable):
            raise TypeError('backward: outputs must be Variables, got {} at position {}'
                            .format(type(y).__name__, i))
        if grad_outputs is None:
            g = y._grad_var
            if g is None and y._data is not None and y._data.size == 1:
                y._grad_var = chainer.Variable._new(_ones_like(y._data), False)
                g = y._grad_var
            g = _initial_grad(y, g, loss_scale, False, 'backward()',
                              required=len(outputs) == 1)
        else:
            g = _initial_grad(y, grad_outputs[i], loss_scale, False, 'backward()')
        root_nodes.append(y._node)
        root_grads.append(g)
        if g is not None:
            given.add(id(g._data))

    roots = root_nodes if len(root_nodes) < 8 else set(root_nodes)
    saved = _enter_pass(enable_double_backprop, (leaf_loss_scale,))
    try:
        grads = _propagate(root_nodes, root_grads, retain_grad, enable_double_backprop)
        # What is left are the gradients of the leaves (and of roots that are
        # leaves). Backward methods may pass one gradient array on to several
        # inputs (an addition does). Leaves must not share gradient arrays, because
        # optimizers and hooks modify gradients in place: a shared one is copied.
        for node, g in grads.items():
            if node._creator_node is not None or not node._requires_grad:
                continue
            var = node._variable()
            if var is None:
                continue
            if node not in roots and var._grad_var is not None:
                g = _add(var._grad_var, g)
            elif not enable_double_backprop and (
                    id(g._data) in given or
                    not getattr(g._data.flags, 'writeable', True)):
                # Also copied: read-only views (broadcast_to makes them).
                g = chainer.Variable._new(g._data.copy(), False)
            given.add(id(g._data))
            var._grad_var = g
            var._loss_scale = leaf_loss_scale
    finally:
        _exit_pass(saved)


def backward(outputs, grad_outputs=None, **kwargs):
    """Run backpropagation from several output variables at once.

    Args:
        outputs (sequence of Variable): where backpropagation starts.
        grad_outputs (sequence of Variable or array, or None): the starting
            gradients; None uses each output's ``grad_var``. Unlike
            :meth:`Variable.backward`, no gradient is made up: an output without
            one (even a one-element output) propagates nothing, with a
            RuntimeWarning. An output given twice is used once, with a
            RuntimeWarning.
        retain_grad (bool), enable_double_backprop (bool), loss_scale (float): as in
            :meth:`Variable.backward`.

    The starting gradients are consumed: afterwards the outputs (those created
    by a function) have no ``grad`` unless ``retain_grad`` is True.
    """
    retain_grad = kwargs.pop('retain_grad', False)
    enable_double_backprop = kwargs.pop('enable_double_backprop', False)
    loss_scale = kwargs.pop('loss_scale', None)
    if kwargs:
        raise TypeError('backward() got unexpected keyword arguments: {}'.format(
            ', '.join(sorted(kwargs))))
    if not isinstance(outputs, (tuple, list)):
        raise TypeError('backward: outputs must be a tuple or list of Variables, got {}'
                        .format(type(outputs).__name__))
    if grad_outputs is not None:
        if not isinstance(grad_outputs, (tuple, list)):
            raise TypeError('backward: grad_outputs must be a tuple or list, got {}'
                            .format(type(grad_outputs).__name__))
        if len(grad_outputs) != len(outputs):
            raise ValueError('backward: grad_outputs has {} elements but outputs has {}'
                             .format(len(grad_outputs), len(outputs)))
    for i, y in enumerate(outputs):
        if not isinstance(y, chainer.Variable):
            raise TypeError('backward: outputs must be Variables, got {} at position {}'
                            .format(type(y).__name__, i))
    roots = []
    root_grads = []
    seen = set()
    for i, y in enumerate(outputs):
        if id(y) in seen:
            warnings.warn(
                'backward: output {} is given more than once; its gradient is used '
                'once'.format(i), RuntimeWarning, stacklevel=2)
            continue
        seen.add(id(y))
        g = y._grad_var if grad_outputs is None else grad_outputs[i]
        if g is None:
            warnings.warn(
                'backward: output {}{} has no gradient, so nothing is propagated '
                'from it; set its grad (or pass grad_outputs) first'.format(
                    i, ' "{}"'.format(y.name) if y.name else ''),
                RuntimeWarning, stacklevel=2)
            continue
        roots.append(y)
        root_grads.append(g)
    if roots:
        backward_from_outputs(tuple(roots), root_grads, retain_grad,
                              enable_double_backprop, loss_scale)
    for y, g in zip(roots, root_grads):
        if y._node._creator_node is None:
            continue   # a leaf among the outputs keeps its accumulated gradient
        y._grad_var = _as_grad_variable(g) if retain_grad else None


def grad(outputs, inputs, grad_outputs=None, grad_inputs=None, set_grad=False,
         retain_grad=False, enable_double_backprop=False, loss_scale=None):
    """Compute the gradients of ``outputs`` with respect to ``inputs`` and return them.

    Only the part of the graph between the outputs and the inputs is traversed.
    Unlike :meth:`Variable.backward`, the gradients are returned (a list of
    Variables, None where an input is not reached) and no variable's ``grad`` is
    touched unless ``set_grad`` is True.

    Args:
        outputs (sequence of Variable): where backpropagation starts.
        inputs (sequence of Variable): the variables to differentiate with respect to.
        grad_outputs (sequence): starting gradients; None, or a None entry, means
            ones of the output's shape.
        grad_inputs (sequence): gradients the inputs start with, as if they
            came from other outputs: they are propagated on, so an input that
            depends on another input passes its share back to it.
        set_grad (bool): also store each result in the input's ``grad_var``
            (replacing what was there).
        retain_grad (bool): store the gradients of the intermediate variables,
            and of the inputs, in their ``grad_var``.
        enable_double_backprop (bool): record the computation, so the returned
            gradients can be differentiated again.
        loss_scale (float): multiply the starting gradients by this factor.
    """
    if not isinstance(outputs, (tuple, list)):
        raise TypeError('grad: outputs must be a tuple or list of Variables, got {}'
                        .format(type(outputs).__name__))
    if not isinstance(inputs, (tuple, list)):
        raise TypeError('grad: inputs must be a tuple or list of Variables, got {}'
                        .format(type(inputs).__name__))
    for name, seq in (('outputs', outputs), ('inputs', inputs)):
        for i, v in enumerate(seq):
            if not isinstance(v, chainer.Variable):
                raise TypeError('grad: {} must be Variables, got {} at position {}'
                                .format(name, type(v).__name__, i))
    for name, seq in (('grad_outputs', grad_outputs), ('grad_inputs', grad_inputs)):
        if seq is not None and not isinstance(seq, (tuple, list)):
            raise TypeError('grad: {} must be a tuple or list (or None), got {}'
                            .format(name, type(seq).__name__))
    if grad_outputs is not None and len(grad_outputs) != len(outputs):
        raise ValueError('grad: grad_outputs has {} elements but outputs has {}'.format(
            len(grad_outputs), len(outputs)))
    if grad_inputs is not None and len(grad_inputs) != len(inputs):
        raise ValueError('grad: grad_inputs has {} elements but inputs has {}'.format(
            len(grad_inputs), len(inputs)))

    saved = _enter_pass(enable_double_backprop, None)
    try:
        root_grads = [
            _initial_grad(y, None if grad_outputs is None else grad_outputs[i],
                          loss_scale, True, 'grad()')
            for i, y in enumerate(outputs)]
        grads = _propagate([y._node for y in outputs], root_grads, retain_grad,
                           enable_double_backprop, target_nodes=[x._node for x in inputs],
                           target_grads=grad_inputs)
    finally:
        _exit_pass(saved)

    result = [grads.get(x._node) for x in inputs]
    if set_grad or retain_grad:
        for x, g in zip(inputs, result):
            x._grad_var = g
            if loss_scale is not None:
                x._loss_scale = loss_scale
    return result
