"""The backward engine: the one place where gradients are propagated through a graph.

``Variable.backward``, ``chainer.backward`` and ``chainer.grad`` all run
:func:`_propagate`. Function nodes are processed in decreasing rank (a heap), so a
node's gradient is complete, summed over all its uses, before its creator runs.
Gradients of intermediate variables are dropped as soon as they have been used
unless ``retain_grad`` is set.
"""
import heapq
import threading
import traceback
import warnings

import numpy

import chainer
from chainer import configuration
from chainer import function_hook

_unset = object()

# What the running propagation is, for functions whose backward runs a
# backpropagation of its own (F.forget): ``full`` is None inside grad() (only
# the requested inputs get gradients), or a 1-tuple holding the loss scale of a
# backward() that accumulates into every leaf.
_state = threading.local()


def full_backward_context():
    """None inside :func:`chainer.grad`; ``(loss_scale,)`` inside a backward()."""
    return getattr(_state, 'full', None)

# The function node whose ``backward`` the engine is calling at this moment when
# that backward may return a DeferredGrad (a plain pass on NumPy arrays, not in
# debug mode); None otherwise. See :func:`may_defer`.
_deferring = None


def may_defer(func):
    """Whether ``func.backward``, running now, may return a :class:`DeferredGrad`.

    True only while the engine itself calls that node's backward in a pass that
    records no graph: a backward called any other way must return Variables.
    """
    return _deferring is func


class DeferredGrad:
    """A gradient whose computation the engine postpones so that it can be batched.

    A parameter used at every step of a sequence receives one small contribution per
    step. Computing each at once costs a small, inefficient BLAS call plus an
    addition into the running sum; collecting them and computing the sum once, when
    the gradient is needed (its creator's backward runs, or the pass ends), costs
    one large call. ``parts`` holds the factors of each contribution; a subclass says
    how to sum them (:meth:`_sum_parts`). ``extra`` holds plain arrays to add (other
    uses of the same input); ``partial`` the sum of parts already reduced.
    """

    __slots__ = ('shape', 'dtype', 'extra', 'parts', 'pending', 'partial')

    # Elements held in pending factors beyond which they are reduced to one array.
    limit = 1 << 21

    def __init__(self, shape, dtype, part, size):
        self.shape = shape
        self.dtype = dtype
        self.extra = []
        self.parts = [part]
        self.pending = size
        self.partial = None

    def absorb(self, other):
        """Take ``other``'s contributions into this sum; False if it cannot."""
        if type(other) is not type(self) or other.shape != self.shape or \
                other.dtype != self.dtype:
            return False
        self.parts += other.parts
        self.pending += other.pending
        if other.partial is not None:
            self.extra.append(other.partial)
        self.extra += other.extra
        if self.pending > self.limit:
            self.partial = self.compute()
            self.parts = []
            self.pending = 0
        return True

    def compute(self):
        """The sum of the parts and of ``partial``, as a new array (or ``partial``
        itself, which nobody else holds)."""
        if not self.parts:
            return self.partial
        return self._sum_parts(self.parts, self.partial)

    def _sum_parts(self, parts, partial):
        raise NotImplementedError

    def materialize(self):
        out = self.compute()
        for e in self.extra:
            out += e
        return out


class OuterSum(DeferredGrad):
    """``sum_k a_k^T b_k`` for matrices ``a_k`` (n_k, p) and ``b_k`` (n_k, q).

    Computed as one product of the row-stacked ``a`` and ``b`` (the weight gradient
    of a linear layer applied at many steps with a small batch).
    """

    __slots__ = ()

    def __init__(self, a, b, dtype):
        super().__init__((a.shape[1], b.shape[1]), dtype, (a, b), a.size + b.size)

    def _sum_parts(self, parts, partial):
        if len(parts) == 1:
            a, b = parts[0]
        else:
            a = numpy.concatenate([p[0] for p in parts])
            b = numpy.concatenate([p[1] for p in parts])
        out = a.T.dot(b)
        if out.dtype != self.dtype:
            out = out.astype(self.dtype)
        if partial is not None:
            out += partial
        return out


class RowScatterSum(DeferredGrad):
    """An array of zeros of ``shape`` with rows ``rows_k`` added at ``ids_k``.

    The weight gradient of an embedding looked up at many steps.
    """

    __slots__ = ()

    def __init__(self, shape, ids, rows):
        super().__init__(shape, rows.dtype, (ids, rows), rows.size)

    def _sum_parts(self, parts, partial):
        from chainer.functions.array import _utils
        out = numpy.zeros(self.shape, self.dtype) if partial is None else partial
        if len(parts) == 1:
            ids, rows = parts[0]
        else:
            ids = numpy.concatenate([p[0] for p in parts])
            rows = numpy.concatenate([p[1] for p in parts])
        _utils.scatter_add(out, ids, rows)
        return out


def _materialize(d, owned):
    v = chainer.Variable._new(d.materialize(), False)
    owned[id(v)] = v
    return v


def _accumulate_deferred(grads, owned, x, gx):
    # Add the deferred gradient gx into the table entry of x.
    prev = grads.get(x)
    if prev is None:
        grads[x] = gx
    elif isinstance(prev, DeferredGrad):
        if not prev.absorb(gx):
            prev.extra.append(gx.materialize())
    else:
        owned.pop(id(prev), None)
        gx.extra.append(prev._data)
        grads[x] = gx


def _ones_like(array):
    if type(array) is numpy.ndarray:
        out = numpy.empty(array.shape, array.dtype)
        out.fill(1)
        return out
    return chainer.backend.get_array_module(array).ones_like(array)


def _as_grad_variable(g):
    if g is None or isinstance(g, chainer.Variable):
        return g
    return chainer.Variable._new(g, False)


def _add(a, b):
    # Sum two gradients. Under enable_backprop (double backprop) this records an
    # addition in the graph; otherwise it adds the arrays.
    if configuration.config.enable_backprop:
        return a + b
    # (0-d arrays add up to a NumPy scalar: keep an array.)
    return chainer.Variable._new(chainer.utils.force_array(a._data + b._data), False)


_debug_state = threading.local()


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
            owner = getattr(_debug_state, 'backward_of', None)
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
    grads = {}
    # Gradient sums created by this pass (id -> Variable): they can be accumulated
    # into in place. Any other gradient may be shared and is never modified.
    owned = {}
    heap = []
    pushed = set()
    count = 0
    if target_nodes is not None:
        needed = _needed_functions(root_nodes, target_nodes)
        keep = set(target_nodes)
    else:
        needed = None
        keep = ()

    global _deferring
    deferred = False
    old_deferring = _deferring
    local = configuration.config.__dict__
    old_mode = local.get('enable_backprop', _unset)
    local['enable_backprop'] = enable_double_backprop
    try:
        if target_grads is not None:
            for node, g in zip(target_nodes, target_grads):
                if g is None:
                    continue
                g = _as_grad_variable(g)
                grads[node] = _add(grads[node], g) if node in grads else g
                func = node._creator_node
                if func is not None and func in needed and func not in pushed:
                    pushed.add(func)
                    heapq.heappush(heap, (-func.rank, count, func))
                    count += 1
        for node, g in zip(root_nodes, root_grads):
            if g is None:
                continue
            if node in grads:
                grads[node] = _add(grads[node], g)
            else:
                grads[node] = g
            func = node._creator_node
            if func is not None and func not in pushed and (
                    needed is None or func in needed):
                pushed.add(func)
                heapq.heappush(heap, (-func.rank, count, func))
                count += 1

        hooks = function_hook._state.function_hooks
        is_debug = configuration.config.debug
        defer_ok = not enable_double_backprop and not is_debug

        Variable = chainer.Variable
        custom_accumulate = _custom_accumulate
        heappop = heapq.heappop
        heappush = heapq.heappush
        while heap:
            func = heappop(heap)[2]
            gys = []
            any_grad = False
            for ref in func.outputs:
                n = ref()
                if n is None:
                    gys.append(None)
                    continue
                g = grads.get(n) if n in keep else grads.pop(n, None)
                if g is not None:
                    if type(g) is not Variable and isinstance(g, DeferredGrad):
                        g = _materialize(g, owned)
                        if n in keep:
                            grads[n] = g
                    any_grad = True
                    if owned:
                        # Handed to a backward method, which may pass it on to
                        # several inputs (or, for a target, to the caller): from
                        # now on it is shared.
                        owned.pop(id(g), None)
                gys.append(g)
            gys = tuple(gys)
            if retain_grad:
                for ref, g in zip(func.outputs, gys):
                    n = ref()
                    if n is not None:
                        var = n._variable()
                        if var is not None:
                            var._grad_var = g
            if not any_grad:
                continue
            inputs = func.inputs
            if needed is None:
                targets = tuple([i for i, x in enumerate(inputs) if x._requires_grad])
            else:
                targets = tuple([
                    i for i, x in enumerate(inputs) if x._requires_grad and (
                        x in keep or x._creator_node in needed)])
            if not targets:
                continue

            all_hooks = hooks
            if func._local_function_hooks:
                all_hooks = dict(hooks)
                all_hooks.update(func._local_function_hooks)
            if all_hooks:
                in_data = tuple([x.data for x in inputs])
                out_grad = tuple([None if g is None else g._data for g in gys])
                for hook in all_hooks.values():
                    hook.backward_preprocess(func, in_data, out_grad)

            cls = type(func)
            accumulates = custom_accumulate.get(cls)
            if accumulates is None:
                accumulates = custom_accumulate[cls] = (
                    cls.backward_accumulate is not chainer.FunctionNode.backward_accumulate)
            if is_debug:
                _debug_state.backward_of = func
            try:
                if accumulates:
                    gxs = _call_backward_accumulate(func, targets, gys, grads, owned)
                else:
                    if defer_ok:
                        _deferring = func
                        gxs = func.backward(targets, gys)
                        _deferring = None
                    else:
                        gxs = func.backward(targets, gys)
            finally:
                if is_debug:
                    _debug_state.backward_of = None
            if type(gxs) is not tuple or len(gxs) != len(targets):
                gxs = _normalize_gxs(func, targets, gxs)

            if all_hooks:
                for hook in all_hooks.values():
                    hook.backward_postprocess(func, in_data, out_grad)
            if is_debug:
                _check_nonfinite(func, [None if g is None else g._data for g in gxs],
                                 'backward')

            for i, gx in zip(targets, gxs):
                if gx is None:
                    continue
                x = inputs[i]
                if type(gx) is not Variable and isinstance(gx, DeferredGrad):
                    if gx.shape != x.shape or gx.dtype != x.dtype:
                        _raise_grad_mismatch(func, i, x, gx)
                    _accumulate_deferred(grads, owned, x, gx)
                    deferred = True
                else:
                    if type(gx) is not Variable:
                        gx = _as_grad_variable(gx)
                    data = gx._data
                    if data is not None and (
                            data.shape != x.shape or data.dtype != x.dtype):
                        _raise_grad_mismatch(func, i, x, data)
                    if x in grads:
                        prev = grads[x]
                        if enable_double_backprop:
                            grads[x] = prev + gx
                        elif id(prev) in owned:
                            # A sum this pass made itself: nobody else holds it.
                            prev._data += data
                        elif type(prev) is not Variable:
                            prev.extra.append(data)  # a DeferredGrad
                        else:
                            total = _add(prev, gx)
                            owned[id(total)] = total
                            grads[x] = total
                    else:
                        grads[x] = gx
                creator = x._creator_node
                if creator is not None and creator not in pushed and (
                        needed is None or creator in needed):
                    pushed.add(creator)
                    heappush(heap, (-creator.rank, count, creator))
                    count += 1
        if deferred:
            for n, g in grads.items():
                if type(g) is not Variable and isinstance(g, DeferredGrad):
                    grads[n] = _materialize(g, owned)
    finally:
        _deferring = old_deferring
        if old_mode is _unset:
            del local['enable_backprop']
        else:
            local['enable_backprop'] = old_mode
    return grads


_custom_accumulate = {}


def _call_backward_accumulate(func, targets, gys, grads, owned):
    # backward_accumulate returns gradients that already include the ones
    # accumulated so far, which are therefore taken out of the table. An input that
    # appears twice gets the accumulated value only at its first position.
    inputs = func.inputs
    current = []
    taken = set()
    for i in targets:
        x = inputs[i]
        if x in taken:
            current.append(None)
        else:
            taken.add(x)
            g = grads.pop(x, None)
            if g is not None and type(g) is not chainer.Variable and isinstance(
                    g, DeferredGrad):
                g = chainer.Variable._new(g.materialize(), False)
            current.append(g)
    return func.backward_accumulate(targets, gys, tuple(current))


class GradientTypeError(TypeError, ValueError):
    """A backward method returned something other than a tuple of gradients.
    (A TypeError; a ValueError too, as Chainer raised one.)"""


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


def _raise_grad_mismatch(func, index, node, data):
    if data.dtype != node.dtype:
        raise ValueError(
            'dtype of gradients returned from backward is incorrect: the gradient '
            'computed by {0}.backward for input {1} has dtype {2}, but the input has '
            'dtype {3}'.format(func.label, index, data.dtype, node.dtype))
    raise ValueError(
        'shape of gradients returned from backward is incorrect: the gradient '
        'computed by {0}.backward for input {1} has shape {2}, but the input has '
        'shape {3}'.format(func.label, index, data.shape, node.shape))


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

    roots = set(root_nodes)
    previous = getattr(_state, 'full', None)
    _state.full = (leaf_loss_scale,)
    try:
        grads = _propagate(root_nodes, root_grads, retain_grad, enable_double_backprop)
    finally:
        _state.full = previous

    # What is left are the gradients of the leaves (and of roots that are leaves).
    local = configuration.config.__dict__
    old_mode = local.get('enable_backprop', _unset)
    local['enable_backprop'] = enable_double_backprop
    try:
        # Backward methods may pass one gradient array on to several inputs (an
        # addition does). Leaves must not share gradient arrays, because optimizers
        # and hooks modify gradients in place: a shared one is copied.
        given = {id(g._data) for g in root_grads if g is not None}
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
        if old_mode is _unset:
            del local['enable_backprop']
        else:
            local['enable_backprop'] = old_mode


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

    local = configuration.config.__dict__
    old_mode = local.get('enable_backprop', _unset)
    local['enable_backprop'] = enable_double_backprop
    try:
        root_grads = [
            _initial_grad(y, None if grad_outputs is None else grad_outputs[i],
                          loss_scale, True, 'grad()')
            for i, y in enumerate(outputs)]
    finally:
        if old_mode is _unset:
            del local['enable_backprop']
        else:
            local['enable_backprop'] = old_mode

    target_nodes = [x._node for x in inputs]
    previous = getattr(_state, 'full', None)
    _state.full = None
    try:
        grads = _propagate([y._node for y in outputs], root_grads, retain_grad,
                           enable_double_backprop, target_nodes=target_nodes,
                           target_grads=grad_inputs)
    finally:
        _state.full = previous

    result = [grads.get(x._node) for x in inputs]
    if set_grad or retain_grad:
        for x, g in zip(inputs, result):
            x._grad_var = g
            if loss_scale is not None:
                x._loss_scale = loss_scale
    return result
