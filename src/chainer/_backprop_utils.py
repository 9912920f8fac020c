"""One step of backpropagation, for code that drives the backward pass itself.

The engine (:mod:`chainer._backprop`) runs whole passes; this module offers the
step it is made of, for extensions that walk a graph in their own order (model
parallelism, custom schedulers):

* :func:`backprop_step` calls one function node's backward and adds the
  gradients it computes to the table of gradients collected so far;
* :func:`_reduce` sums the gradients collected for one variable.

The table maps each input :class:`~chainer.variable.VariableNode` to a list of
gradient Variables. Under ``chainer.config.lazy_grad_sum`` the lists keep every
contribution and are summed once, when the gradient is needed (fewer
intermediate sums); otherwise each list is summed as it grows and holds at most
one Variable.
"""
import chainer
from chainer import _backprop
from chainer import configuration
from chainer import function_hook


def _reduce(grad_list):
    """The sum of the gradient Variables in ``grad_list``, or None if it is empty.

    Args:
        grad_list (list of Variable): gradients of one variable.
    Returns:
        ~chainer.Variable or None: the only element itself when there is one.
    """
    if not grad_list:
        return None
    if len(grad_list) == 1:
        return grad_list[0]
    total = grad_list[0]
    for g in grad_list[1:]:
        total = _backprop._add(total, g)
    return total


def _pure(grad_list):
    """Reduce ``grad_list`` in place to at most one element; return that sum."""
    total = _reduce(grad_list)
    grad_list[:] = [] if total is None else [total]
    return total


def _as_variable(g):
    if g is None or isinstance(g, chainer.Variable):
        return g
    return chainer.Variable._new(chainer.utils.force_array(g), False)


def _uses_backward_accumulate(func):
    return (type(func).backward_accumulate is not
            chainer.FunctionNode.backward_accumulate)


def backprop_step(func, target_input_indexes, grad_outputs, grad_inputs, is_debug):
    """Run the backward computation of one function node and collect the gradients.

    Args:
        func (~chainer.FunctionNode): the node whose backward runs.
        target_input_indexes (tuple of int): the inputs of ``func`` whose
            gradients are wanted (sorted, at least one).
        grad_outputs (tuple): the gradient of each output of ``func``: a
            Variable, an array, or None where the output has none.
        grad_inputs (dict): maps each input node of ``func`` (a
            :class:`~chainer.variable.VariableNode`) to the list of gradient
            Variables collected for it so far. The new gradients are added to
            these lists: appended under ``chainer.config.lazy_grad_sum``,
            summed into a single element otherwise. A node that appears at
            several input positions gets the sum of its gradients.
        is_debug (bool): check the computed gradients for NaN (as
            ``chainer.config.debug`` does) and raise RuntimeError if found.

    The function hooks in effect (global and the node's own) see the step
    (``backward_preprocess``/``backward_postprocess``). Gradients whose shape or
    dtype differ from their input's raise ValueError.
    """
    target_input_indexes = tuple(target_input_indexes)
    if not target_input_indexes:
        raise ValueError('backprop_step: target_input_indexes must name at least '
                         'one input of {}'.format(func.label))
    inputs = func.inputs
    for i in target_input_indexes:
        if not 0 <= i < len(inputs):
            raise ValueError('backprop_step: {} has {} inputs, but input {} was '
                             'requested'.format(func.label, len(inputs), i))
    grad_outputs = tuple([_as_variable(g) for g in grad_outputs])
    lazy = configuration.config.lazy_grad_sum

    hooks = dict(function_hook._state.function_hooks)
    hooks.update(func.local_function_hooks)
    if hooks:
        in_data = tuple([x.data for x in inputs])
        out_grad = tuple([None if g is None else g.array for g in grad_outputs])
        for hook in hooks.values():
            hook.backward_preprocess(func, in_data, out_grad)

    if _uses_backward_accumulate(func):
        # The node adds the gradients collected so far itself: hand each input
        # its current total once (at its first position), and take it out of
        # the table, which gets the new totals.
        current = []
        seen = set()
        for i in target_input_indexes:
            x = inputs[i]
            if x in seen:
                current.append(None)
                continue
            seen.add(x)
            grads = grad_inputs.get(x)
            total = None if grads is None else _reduce(grads)
            if grads is not None:
                grads[:] = []
            current.append(total)
        current = tuple(current)
        gxs = func.backward_accumulate(target_input_indexes, grad_outputs, current)
    else:
        current = (None,) * len(target_input_indexes)
        gxs = func.backward(target_input_indexes, grad_outputs)
    gxs = _backprop._normalize_gxs(func, target_input_indexes, gxs)
    gxs = tuple([_as_variable(gx) for gx in gxs])

    if hooks:
        for hook in hooks.values():
            hook.backward_postprocess(func, in_data, out_grad)
    if is_debug:
        _backprop._check_nonfinite(
            func, [None if g is None else g.array for g in gxs], 'backward')

    for i, gx, before in zip(target_input_indexes, gxs, current):
        if gx is None:
            continue
        x = inputs[i]
        data = gx.array
        # (A total handed back unchanged by backward_accumulate is not new.)
        if gx is not before and data is not None and (
                data.shape != x.shape or data.dtype != x.dtype):
            _backprop._raise_grad_mismatch(func, i, x, data)
        grads = grad_inputs.get(x)
        if grads is None:
            grads = grad_inputs[x] = []
        grads.append(gx)
        if not lazy:
            _pure(grads)
