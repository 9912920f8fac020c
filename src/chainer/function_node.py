"""FunctionNode: the unit of differentiation in the computational graph.

A function node computes its outputs from raw arrays in :meth:`FunctionNode.forward`
and the gradients of its inputs from Variables in :meth:`FunctionNode.backward`;
because the backward pass is written with differentiable functions, its result can
be differentiated again. :meth:`FunctionNode.apply` runs the forward computation
and, when backpropagation is enabled and some input requires a gradient, links the
node into the graph.
"""
from __future__ import annotations

import collections
import traceback
import typing
import weakref

import numpy

import chainer
import chainerx  # NOQA
from chainer import _backprop
from chainer import backend  # NOQA
from chainer.backends import cuda
from chainer import configuration
from chainer import function_hook
from chainer import types
from chainer.utils import type_check
from chainer import utils  # NOQA
from chainer import variable

_config = configuration.config
_Variable = variable.Variable
_VariableNode = variable.VariableNode
_new_variable = variable.Variable._new
_weakref = weakref.ref
_ndarray = numpy.ndarray
_check_forward = type_check._check_forward
_hook_state = function_hook._state


def _wrap_input(x):
    if isinstance(x, _Variable):
        return x
    if isinstance(x, numpy.generic):
        raise TypeError(
            'Inputs of a function must be arrays or Variables; got a NumPy scalar of '
            'type {}. Wrap it with numpy.asarray(...).'.format(type(x).__name__))
    if x is None:
        raise TypeError('Inputs of a function must be arrays or Variables; got None')
    variable._check_array(x, 'input')
    return _new_variable(x, False)


def _force_output_array(y, func):
    if type(y) is _ndarray:
        return y
    if y is None:
        # An output that is not computed (a mixed-precision helper may pass one
        # on): its Variable holds no array.
        return None
    if isinstance(y, numpy.generic):
        return numpy.asarray(y)
    if isinstance(y, _ndarray) or (cuda.available and isinstance(y, cuda.ndarray)):
        return y
    raise TypeError(
        'forward output must be a tuple of ndarrays: {}.forward returned an element '
        'of type {}'.format(func.label, type(y).__name__))


class FunctionNode(object):
    """A differentiable function of Variables, and its node in the graph.

    Subclasses implement :meth:`forward` (or :meth:`forward_cpu` and
    :meth:`forward_gpu`) on arrays and :meth:`backward` on Variables, and may
    declare input checks in :meth:`check_type_forward`. Call :meth:`apply` to run
    it; each instance is applied once.

    Attributes:
        inputs (tuple of VariableNode): the input nodes (None before apply or
            when no graph was built).
        outputs (tuple of weakref): weak references to the output nodes.
        rank (int): the largest rank among the inputs.
    """

    inputs = None
    outputs = None
    _output_count = None
    rank = 0
    stack = None
    _input_indexes_to_retain = None
    _output_indexes_to_retain = None
    _retained_output_data = None
    _local_function_hooks = None
    _supports_static_optimizations = False
    lazy_grad_sum = False

    def __call__(self, *args: typing.Any, **kwargs: typing.Any) -> typing.NoReturn:
        raise TypeError(
            '{0} is a FunctionNode and is not called directly: use '
            '{0}().apply((x, ...)), which returns a tuple of output Variables'.format(
                type(self).__name__))

    @property
    def local_function_hooks(self) -> collections.OrderedDict[
            str, function_hook.FunctionHook]:
        """Ordered dict of the hooks registered on this node only."""
        if self._local_function_hooks is None:
            self._local_function_hooks = collections.OrderedDict()
        return self._local_function_hooks

    @property
    def _n_local_function_hooks(self):
        return 0 if self._local_function_hooks is None else len(
            self._local_function_hooks)

    @property
    def label(self) -> str:
        """Short name of the function, shown in messages and graphs (the class name)."""
        return self.__class__.__name__

    @property
    def output_data(self) -> tuple[types.NdArray | None, ...]:
        """The retained output arrays (a tuple with None where not retained)."""
        if self._retained_output_data is None:
            raise RuntimeError('{}: no output was retained; call retain_outputs in '
                               'forward'.format(self.label))
        out = [None] * self._output_count
        for index, data in zip(self._output_indexes_to_retain,
                               self._retained_output_data):
            out[index] = data
        return tuple(out)

    @property
    def input_layouts(self):
        """Memory layouts of the inputs; always the standard layout (None) here."""
        return (None,) * (0 if self.inputs is None else len(self.inputs))

    @property
    def output_layouts(self):
        """Memory layouts of the outputs; always the standard layout (None) here."""
        return (None,) * (self._output_count or 0)

    def apply(self, inputs: typing.Sequence[variable.Variable | types.NdArray]
              ) -> tuple[variable.Variable, ...]:
        """Compute the outputs from ``inputs`` and, if needed, link this node into the graph.

        Args:
            inputs: a tuple (or list) of Variables and/or arrays. Arrays are treated
                as Variables that do not require gradients.
        Returns:
            A tuple of output Variables.
        """
        # This is the hot path of every computation: keep it free of work that is
        # not needed in the common case (no hooks, NumPy arrays, checks that pass).
        input_vars = [x if type(x) is _Variable else _wrap_input(x) for x in inputs]
        in_data = tuple([x._data for x in input_vars])
        requires_grad = False
        for x in input_vars:
            if x._requires_grad:
                requires_grad = True
                break

        if len(in_data) > 1:
            first = type(in_data[0])
            for a in in_data:
                if type(a) is not first:
                    self._check_arrays_compatible(in_data)
                    break

        config = _config
        if config.type_check:
            _check_forward(self, in_data)

        hooks = _hook_state.function_hooks
        if self._local_function_hooks:
            hooks = collections.OrderedDict(hooks)
            hooks.update(self._local_function_hooks)
        if hooks:
            for hook in hooks.values():
                hook.forward_preprocess(self, in_data)

        if in_data and type(in_data[0]) is not _ndarray and cuda.available and \
                isinstance(in_data[0], cuda.ndarray):
            with in_data[0].device:
                outputs = self.forward(in_data)
        else:
            outputs = self.forward(in_data)

        if type(outputs) is not tuple:
            raise TypeError('forward output must be a tuple of ndarrays: {}.forward '
                            'returned {}'.format(self.label, type(outputs).__name__))
        for y in outputs:
            if type(y) is not _ndarray:
                outputs = tuple([_force_output_array(y, self) for y in outputs])
                break

        if config.debug:
            _backprop._check_nonfinite(self, outputs, 'forward')
            self.stack = traceback.extract_stack()[:-1]

        build_graph = requires_grad
        if hooks:
            for hook in hooks.values():
                hook.forward_postprocess(self, in_data)
            # A hook that traces the graph (onnx_chainer's exporter) wants the
            # nodes of no-grad inputs too, as Chainer records them.
            build_graph = requires_grad or _hook_state.graph_without_grad

        if build_graph and config.enable_backprop:
            rank = 0
            for x in input_vars:
                r = x._node._rank
                if r > rank:
                    rank = r
            self.rank = rank
            out_rank = rank + 1
            self.inputs = tuple([x._node for x in input_vars])
            ret = []
            refs = []
            for y in outputs:
                v = _new_variable(y, requires_grad)
                node = v._node
                node._creator_node = self
                node._rank = out_rank
                ret.append(v)
                refs.append(_weakref(node))
            ret = tuple(ret)
            self.outputs = tuple(refs)
            self._output_count = len(ret)

            indexes = self._input_indexes_to_retain
            if indexes is not None:
                for i in indexes:
                    input_vars[i]._node.data = in_data[i]
            indexes = self._output_indexes_to_retain
            if indexes is not None:
                retained = []
                for i in indexes:
                    ret[i]._node.data = outputs[i]
                    retained.append(outputs[i])
                self._retained_output_data = tuple(retained)
        else:
            ret = tuple([_new_variable(y, requires_grad) for y in outputs])
            self._output_count = len(ret)
            # Nothing will be backpropagated: do not keep arrays alive.
            self._retained_output_data = None
        return ret

    def _check_arrays_compatible(self, in_data):
        if not chainer.is_arrays_compatible(in_data):
            raise TypeError(
                'Incompatible array types are mixed in the inputs of {}: {}. Move all '
                'inputs to one device first.'.format(
                    self.label, ', '.join(type(a).__module__ + '.' + type(a).__name__
                                          for a in in_data)))

    def _check_data_type_forward(self, in_data):
        type_check._check_forward(self, in_data)

    def check_type_forward(self, in_types: typing.Any) -> None:
        """Declare conditions on the inputs with :func:`type_check.expect` (none by default).

        Args:
            in_types: the inputs' types (see :mod:`chainer.utils.type_check`).
        """
        pass

    def check_layout_forward(self, inputs):
        """Check the memory layouts of the inputs (only the standard layout exists here)."""
        pass

    def forward(self, inputs: tuple[types.NdArray, ...]) -> tuple[types.NdArray, ...]:
        """Compute the output arrays from the input arrays.

        The default dispatches to :meth:`forward_cpu` or :meth:`forward_gpu` by the
        array type of the first input.

        Args:
            inputs (tuple of arrays): the input arrays.
        Returns:
            tuple of arrays.
        """
        if inputs and cuda.available and isinstance(inputs[0], cuda.ndarray):
            return self.forward_gpu(inputs)
        if inputs and isinstance(inputs[0], chainerx.ndarray):
            return self.forward_chainerx(inputs)
        return self.forward_cpu(inputs)

    def forward_cpu(self, inputs: tuple[types.NdArray, ...]) -> tuple[types.NdArray, ...]:
        """Compute the outputs from NumPy arrays (override this or :meth:`forward`)."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_cpu'.format(self.label))

    def forward_gpu(self, inputs: tuple[types.NdArray, ...]) -> tuple[types.NdArray, ...]:
        """Compute the outputs from CuPy arrays (override this or :meth:`forward`)."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_gpu'.format(self.label))

    def forward_chainerx(self, inputs):
        """ChainerX is not available: returns ``chainer.Fallback`` like Chainer does."""
        return chainer.Fallback

    def retain_inputs(self, indexes: typing.Iterable[int]) -> None:
        """Keep the input arrays at ``indexes`` for the backward pass (call in forward)."""
        self._input_indexes_to_retain = tuple(indexes)

    def retain_outputs(self, indexes: typing.Iterable[int]) -> None:
        """Keep the output arrays at ``indexes`` for the backward pass (call in forward)."""
        self._output_indexes_to_retain = tuple(indexes)

    def backward(self, target_input_indexes: tuple[int, ...],
                 grad_outputs: tuple[variable.Variable | None, ...]
                 ) -> tuple[variable.Variable | None, ...]:
        """Compute the gradients of the inputs from those of the outputs.

        Args:
            target_input_indexes (tuple of int): the inputs whose gradients are
                needed, in increasing order.
            grad_outputs (tuple of Variable or None): the gradient of each output
                (None where no gradient reaches it).
        Returns:
            A tuple of Variables (or None): one per target input, or one per input.
            Build them from differentiable functions so they can be differentiated
            again. The default returns Nones.
        """
        return (None,) * len(target_input_indexes)

    def backward_accumulate(self, target_input_indexes: tuple[int, ...],
                            grad_outputs: tuple[variable.Variable | None, ...],
                            grad_inputs: tuple[variable.Variable | None, ...]
                            ) -> tuple[variable.Variable | None, ...]:
        """Compute the input gradients and add them to the ones accumulated so far.

        Override this instead of :meth:`backward` when adding inside the
        computation is cheaper than adding afterwards.

        Args:
            target_input_indexes (tuple of int): as in :meth:`backward`.
            grad_outputs (tuple): as in :meth:`backward`.
            grad_inputs (tuple of Variable or None): the gradients accumulated so
                far for each target input.
        Returns:
            tuple of Variables: the new totals, one per target input.
        """
        gxs = self.backward(target_input_indexes, grad_outputs)
        n = len(target_input_indexes)
        if len(gxs) != n:
            if len(gxs) == len(self.inputs):
                gxs = tuple([gxs[i] for i in target_input_indexes])
            else:
                raise ValueError(
                    'number of gradients returned from backward is incorrect: '
                    '{}.backward returned {} gradients, but it must return one for '
                    'each target input ({}) or for each input ({})'.format(
                        self.label, len(gxs), n, len(self.inputs)))
        return tuple([gx if g is None else g if gx is None else gx + g
                      for gx, g in zip(gxs, grad_inputs)])

    def get_retained_inputs(self) -> tuple[variable.Variable, ...]:
        """The input Variables retained with :meth:`retain_inputs`, as a tuple."""
        indexes = self._input_indexes_to_retain
        if indexes is None:
            return ()
        inputs = self.inputs
        if inputs is None:
            raise RuntimeError('{}: the retained inputs are gone (the node was '
                               'unchained or no graph was built)'.format(self.label))
        return tuple([inputs[i].get_variable() for i in indexes])

    def get_retained_outputs(self) -> tuple[variable.Variable, ...]:
        """The output Variables retained with :meth:`retain_outputs`, as a tuple.

        An output whose Variable the user dropped is recreated from the retained
        array and linked to this node, so gradients through it are still correct.
        """
        indexes = self._output_indexes_to_retain
        if indexes is None:
            return ()
        if self._retained_output_data is None:
            raise RuntimeError('{}: the retained outputs are gone (no graph was built)'
                               .format(self.label))
        ret = []
        outputs = self.outputs
        new_outputs = None
        for index, data in zip(indexes, self._retained_output_data):
            node = outputs[index]()
            if node is None:
                var = _new_variable(data, True)
                var._node._creator_node = self
                var._node._rank = self.rank + 1
                var._node.data = data
                if new_outputs is None:
                    new_outputs = list(outputs)
                new_outputs[index] = _weakref(var._node)
            else:
                var = node.get_variable()
                if var._data is None:
                    var._data = data
            ret.append(var)
        if new_outputs is not None:
            self.outputs = tuple(new_outputs)
        return tuple(ret)

    def unchain(self) -> None:
        """Remove this node from the graph: outputs forget it, it forgets its inputs."""
        if self.outputs is not None:
            for ref in self.outputs:
                node = ref()
                if node is not None:
                    node.unchain()
        self.inputs = None
        self._retained_output_data = None

    def add_hook(self, hook: function_hook.FunctionHook, name: str | None = None) -> None:
        """Register a :class:`FunctionHook` for this node only.

        Args:
            hook (FunctionHook): the hook.
            name (str): its key; defaults to ``hook.name``.
        """
        if not isinstance(hook, function_hook.FunctionHook):
            raise TypeError('add_hook: expected a FunctionHook, got {}'.format(
                type(hook).__name__))
        if name is None:
            name = hook.name
        hooks = self.local_function_hooks
        if name in hooks:
            raise KeyError('A hook named {!r} is already registered on {}'.format(
                name, self.label))
        hooks[name] = hook
        hook.added(self)

    def delete_hook(self, name: str) -> None:
        """Unregister the hook named ``name`` from this node."""
        hooks = self.local_function_hooks
        if name not in hooks:
            raise KeyError('No hook named {!r} is registered on {}'.format(
                name, self.label))
        hook = hooks.pop(name)
        hook.deleted(self)


def grad(outputs: typing.Sequence[variable.Variable], inputs: typing.Sequence[variable.Variable],
         grad_outputs: typing.Sequence[variable.Variable | types.NdArray | None] | None = None,
         grad_inputs: typing.Sequence[variable.Variable | types.NdArray | None] | None = None,
         set_grad: bool = False, retain_grad: bool = False,
         enable_double_backprop: bool = False, loss_scale: float | None = None
         ) -> list[variable.Variable | None]:
    return _backprop.grad(outputs, inputs, grad_outputs, grad_inputs, set_grad,
                          retain_grad, enable_double_backprop, loss_scale)


grad.__doc__ = _backprop.grad.__doc__


def static_forward_optimizations(func, inputs):
    """Hook point of Chainer's static-graph optimization; nothing to do here."""
    pass
