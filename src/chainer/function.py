"""The old-style ``chainer.Function``, whose forward and backward both work on arrays.

New code should subclass :class:`chainer.FunctionNode`. An old-style Function is run
through a :class:`FunctionAdapter`, a FunctionNode that calls the Function's
``forward`` and ``backward`` on arrays. Its gradients cannot be differentiated again;
attempting to do so raises an error that says which Function is responsible.
"""
import collections
import weakref

import numpy

import chainer  # NOQA  (chainer.function.chainer, as in Chainer 7.8.1)
import chainerx  # NOQA
from chainer import backend  # NOQA
from chainer.backends import cuda
from chainer import _backprop
from chainer import configuration
from chainer import function_hook
from chainer import function_node
from chainer import variable

FunctionHook = function_hook.FunctionHook


def no_backprop_mode():
    """A context manager in which no computational graph is recorded.

    Inside it, function calls compute their outputs without linking them to their
    inputs, which saves memory (for evaluation, for instance)::

        with chainer.no_backprop_mode():
            y = model(x)   # y has no creator
    """
    return configuration.using_config('enable_backprop', False)


def force_backprop_mode():
    """A context manager that records the graph even inside :func:`no_backprop_mode`."""
    return configuration.using_config('enable_backprop', True)


class _OldStyleGradient(function_node.FunctionNode):
    # Stands as the creator of the gradients an old-style Function computes, so
    # that differentiating them again fails with a message instead of silently
    # giving zero.

    def __init__(self, label):
        self._label = label

    def forward(self, inputs):
        return tuple(inputs)

    def backward(self, indexes, grad_outputs):
        raise RuntimeError(
            'The gradient computed by the old-style Function {} cannot be '
            'differentiated again (double backpropagation): its backward works on '
            'arrays. Rewrite it as a chainer.FunctionNode to support that.'.format(
                self._label))


class FunctionAdapter(function_node.FunctionNode):
    """A FunctionNode that runs an old-style :class:`Function`.

    Args:
        function (Function): the Function it runs.
    """

    def __init__(self, function):
        super().__init__()
        self._function = function

    @property
    def function(self):
        """The Function this node runs."""
        return self._function

    @property
    def label(self):
        return self._function.label

    @property
    def _impl_name(self):
        return self._function.__class__.__name__

    def check_type_forward(self, in_types):
        self._function.check_type_forward(in_types)

    def forward(self, inputs):
        function = self._function
        outputs = function.forward(inputs)
        if not isinstance(outputs, tuple):
            raise TypeError('forward output must be a tuple of ndarrays: {}.forward '
                            'returned {}'.format(function.label, type(outputs).__name__))
        indexes = function._input_indexes_to_retain
        self.retain_inputs(range(len(inputs)) if indexes is None else indexes)
        indexes = function._output_indexes_to_retain
        if indexes is not None:
            self.retain_outputs(indexes)
        return outputs

    def backward(self, target_input_indexes, grad_outputs):
        function = self._function
        in_data = tuple([x.data for x in self.inputs])
        out_nodes = [ref() for ref in self.outputs]
        grad_out = []
        for node, g in zip(out_nodes, grad_outputs):
            if g is not None:
                grad_out.append(g.array)
            elif node is not None and node.shape is not None:
                xp = backend.get_array_module(*[d for d in in_data if d is not None])
                grad_out.append(xp.zeros(node.shape, dtype=node.dtype))
            else:
                grad_out.append(None)
        grad_out = tuple(grad_out)
        arrays = [a for a in in_data + grad_out if a is not None]
        if cuda.available and arrays and isinstance(arrays[0], cuda.ndarray):
            with cuda.get_device_from_array(*arrays):
                gxs = function.backward(in_data, grad_out)
        else:
            gxs = function.backward(in_data, grad_out)
        if not isinstance(gxs, tuple):
            if isinstance(gxs, list):
                gxs = tuple(gxs)
            else:
                raise _backprop.GradientTypeError(
                    'type of gradients returned from backward is incorrect: {}.backward '
                    'must return a tuple of arrays, got {}'.format(
                        function.label, type(gxs).__name__))
        if len(gxs) != len(self.inputs):
            raise ValueError(
                'number of gradients returned from backward is incorrect: {}.backward '
                'returned {} gradients; it must return one for each of its {} inputs'
                .format(function.label, len(gxs), len(self.inputs)))
        ret = []
        double = configuration.config.enable_backprop
        for i in target_input_indexes:
            g = gxs[i]
            if g is None:
                ret.append(None)
                continue
            if isinstance(g, numpy.generic):
                g = numpy.asarray(g)
            if double:
                ret.append(_OldStyleGradient(function.label).apply(
                    (variable.Variable(g),))[0])
            else:
                ret.append(variable.Variable._new(g, False))
        return tuple(ret)


class Function(object):
    """An old-style differentiable function whose forward and backward use arrays.

    Implement :meth:`forward` (or :meth:`forward_cpu` / :meth:`forward_gpu`) and
    :meth:`backward` (or :meth:`backward_cpu` / :meth:`backward_gpu`), both taking and
    returning tuples of arrays. Calling the object on Variables or arrays runs it
    and returns a Variable (or a tuple when there are several outputs).

    Prefer :class:`chainer.FunctionNode` for new code: its gradients can be
    differentiated again.
    """

    _node = None
    _owned_node = None
    _hooks = None  # OrderedDict of the hooks registered with add_hook
    _input_indexes_to_retain = None
    _output_indexes_to_retain = None

    def __call__(self, *inputs):
        # Each call runs through a new adapter. The adapter refers to this Function
        # strongly; the Function keeps only a weak reference to it, so the graph
        # (not the Function) decides how long the adapter lives.
        node = self._owned_node
        if node is None:
            node = FunctionAdapter(self)
        # else: the adapter made by ``self.node`` before any call, not applied
        # yet: this call uses it.
        if self._hooks:
            # Hooks registered on this Function (add_hook) apply to every call.
            node._local_function_hooks = collections.OrderedDict(self._hooks)
        self._node = weakref.ref(node)
        self._owned_node = None
        ret = node.apply(inputs)
        if len(ret) == 1:
            return ret[0]
        return ret

    @property
    def node(self):
        """The :class:`FunctionAdapter` that runs this Function in the graph."""
        node = self._node() if self._node is not None else None
        if node is None:
            node = FunctionAdapter(self)
            if self._hooks:
                node._local_function_hooks = collections.OrderedDict(self._hooks)
            self._node = weakref.ref(node)
            self._owned_node = node
        return node

    @property
    def inputs(self):
        """The input Variables of the last call (tuple)."""
        nodes = self.node.inputs
        return None if nodes is None else tuple([n.get_variable() for n in nodes])

    @property
    def outputs(self):
        """Weak references to the output Variables of the last call (tuple)."""
        outs = self.node.outputs
        if outs is None:
            return None
        result = []
        for ref in outs:
            n = ref()
            var = None if n is None else n.get_variable_or_none()
            result.append(weakref.ref(var) if var is not None else (lambda: None))
        return tuple(result)

    @property
    def rank(self):
        """Rank of the function in the graph."""
        return self.node.rank

    @property
    def stack(self):
        """Stack trace of the forward call (recorded in debug mode only)."""
        return self.node.stack

    @property
    def label(self):
        """Short name of the function (the class name)."""
        return self.__class__.__name__

    @property
    def output_data(self):
        """The output arrays retained with :meth:`retain_outputs`."""
        return self.node.output_data

    @property
    def local_function_hooks(self):
        """Ordered dict of the hooks registered on this function only."""
        return self.node.local_function_hooks

    def check_type_forward(self, in_types):
        """Declare conditions on the inputs with ``type_check.expect`` (none by default)."""
        pass

    def forward(self, inputs):
        """Compute the outputs from array inputs; dispatches to forward_cpu/forward_gpu."""
        if inputs and cuda.available and isinstance(inputs[0], cuda.ndarray):
            return self.forward_gpu(inputs)
        return self.forward_cpu(inputs)

    def forward_cpu(self, inputs):
        """Compute the outputs from NumPy arrays."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_cpu'.format(self.label))

    def forward_gpu(self, inputs):
        """Compute the outputs from CuPy arrays."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_gpu'.format(self.label))

    def backward(self, inputs, grad_outputs):
        """Compute input gradients (arrays) from inputs and output gradients (arrays).

        Dispatches to backward_cpu/backward_gpu; by default returns Nones.
        """
        arrays = [a for a in tuple(inputs) + tuple(grad_outputs) if a is not None]
        if arrays and cuda.available and isinstance(arrays[0], cuda.ndarray):
            return self.backward_gpu(inputs, grad_outputs)
        return self.backward_cpu(inputs, grad_outputs)

    def backward_cpu(self, inputs, grad_outputs):
        """Compute input gradients from NumPy arrays (Nones by default)."""
        return tuple(None for _ in inputs)

    def backward_gpu(self, inputs, grad_outputs):
        """Compute input gradients from CuPy arrays (Nones by default)."""
        return tuple(None for _ in inputs)

    def unchain(self):
        """Remove this function from the graph."""
        self.node.unchain()

    def add_hook(self, hook, name=None):
        """Register a function hook on this function only (for all its calls)."""
        node = self.node
        node.add_hook(hook, name)
        self._hooks = collections.OrderedDict(node.local_function_hooks)

    def delete_hook(self, name):
        """Unregister the hook named ``name``."""
        node = self.node
        if self._hooks and name in self._hooks and (
                name not in node.local_function_hooks):
            # Registered before an earlier call whose adapter is gone.
            node.local_function_hooks[name] = self._hooks[name]
        node.delete_hook(name)
        self._hooks = collections.OrderedDict(node.local_function_hooks)

    def retain_inputs(self, indexes):
        """Keep only the input arrays at ``indexes`` for backward (all by default)."""
        self._input_indexes_to_retain = tuple(indexes)

    def retain_outputs(self, indexes, retain_after_backward=False):
        """Keep the output arrays at ``indexes`` for backward (none by default).

        ``retain_after_backward`` is accepted for compatibility and ignored.
        """
        self._output_indexes_to_retain = tuple(indexes)
