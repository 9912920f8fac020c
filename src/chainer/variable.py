"""Variables: arrays that remember how they were computed.

A :class:`Variable` is what user code holds: an array, its gradient and a name.
Its place in the computational graph is a :class:`VariableNode`, which keeps the
dtype and shape, the function that created it and, only when some function asked
to retain it, the array itself. Function nodes refer to their inputs' nodes and
only weakly to their outputs, so an array nobody retained is freed as soon as the
user drops its Variable.
"""
from __future__ import annotations

import copy as _copy
import heapq  # NOQA
import typing
import warnings
import weakref

import numpy

import chainer
import chainerx  # NOQA
from chainer import _backprop
from chainer import backend
from chainer.backends import _cpu
from chainer.backends import cuda
from chainer.backends import intel64  # NOQA
from chainer import initializers  # NOQA
from chainer import types  # NOQA
from chainer.utils import argument  # NOQA

constant = None  # set below to chainer.initializers.constant (Chainer exposes it here)


def _array_types():
    if cuda.available:
        return (numpy.ndarray, cuda.cupy.ndarray)
    return (numpy.ndarray,)


_ARRAY_TYPES = _array_types()


def _check_array(data, what='data'):
    if data is None or isinstance(data, _ARRAY_TYPES):
        return
    if isinstance(data, chainerx.ndarray):
        return
    raise TypeError(
        'Variable {0}: expected a numpy.ndarray or cupy.ndarray (or None), got {1}. '
        'Convert it first, for example with numpy.asarray(...).'.format(
            what, _describe(data)))


def _check_param_shape(name, shape):
    dims = (shape,) if isinstance(shape, (int, numpy.integer)) else shape
    try:
        dims = tuple(dims)
    except TypeError:
        dims = None
    if dims is None or not all(
            isinstance(d, (int, numpy.integer)) and not isinstance(d, bool) and d >= 0
            for d in dims):
        raise ValueError(
            'Parameter {}: cannot create an array of shape {!r}: every dimension '
            'must be a non-negative int (check the sizes given to the link, such as '
            'in_size, out_size, channels or ksize)'.format(
                name if name is not None else '(unnamed)', shape))


def _describe(value):
    if isinstance(value, numpy.generic):
        return 'a NumPy scalar of type {} (wrap it: numpy.array(value))'.format(
            type(value).__name__)
    return 'an object of type {}'.format(type(value).__name__)


class VariableNode(object):
    """The node of a variable in the computational graph.

    It holds what backpropagation needs to know about a variable even after the
    user dropped it: ``dtype``, ``shape``, ``name``, ``requires_grad``, the
    ``creator_node`` (the function that produced it) and ``rank`` (its depth in the
    graph). The array itself is held (in ``data``) only after :meth:`retain_data`.

    Args:
        variable (Variable): the variable this node belongs to (referenced weakly).
        name (str): name of the variable.
    """

    __slots__ = ('_variable', '_creator_node', 'data', 'name', '_requires_grad',
                 '_rank', 'dtype', 'shape', '__weakref__')

    def __init__(self, variable: Variable, name: str | None,
                 **kwargs: typing.Any) -> None:
        if kwargs:
            if 'grad' in kwargs:
                raise ValueError('VariableNode: the "grad" argument is not supported; '
                                 'set the gradient on the Variable instead')
            raise TypeError('VariableNode got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        self._variable = weakref.ref(variable)
        self._creator_node = None
        self.data = None
        self.name = name
        self._requires_grad = variable._requires_grad
        self._rank = 0
        array = variable._data
        if array is None:
            self.dtype = None
            self.shape = None
        else:
            self.dtype = array.dtype
            self.shape = array.shape

    @property
    def creator(self) -> typing.Any:
        """The function that created this node, as the old-style Function if it was one."""
        node = self._creator_node
        if node is None:
            return None
        function = getattr(node, '_function', None)  # an old-style Function's adapter
        return node if function is None else function

    @creator.setter
    def creator(self, func: typing.Any) -> None:
        self.creator_node = func

    @property
    def creator_node(self) -> chainer.FunctionNode | None:
        """The :class:`FunctionNode` that created this node, or None for a leaf."""
        return self._creator_node

    @creator_node.setter
    def creator_node(self, func: chainer.FunctionNode | None) -> None:
        if func is not None and not isinstance(func, chainer.FunctionNode):
            func = func.node  # an old-style Function
        self._creator_node = func
        if func is not None:
            self._rank = func.rank + 1

    @property
    def rank(self) -> int:
        """Depth in the graph: one more than the rank of the creator (0 for leaves)."""
        return self._rank

    @property
    def requires_grad(self) -> bool:
        """Whether gradients are computed for this node."""
        return self._requires_grad

    @property
    def label(self) -> str:
        """A short description: ``(shape), dtype``."""
        if self.shape == ():
            return str(self.dtype)
        return '(%s), %s' % (', '.join(map(str, self.shape)), self.dtype)

    @property
    def grad(self) -> types.NdArray | None:
        """The gradient array of the variable, or None (also when the variable is gone)."""
        var = self._variable()
        return None if var is None else var.grad

    @property
    def grad_var(self) -> Variable | None:
        """The gradient Variable of the variable, or None."""
        var = self._variable()
        return None if var is None else var.grad_var

    def get_variable(self) -> Variable:
        """The Variable of this node, recreated around this node if the user dropped it.

        A recreated Variable holds the retained array (or None) and shares this
        node, so gradients computed through it reach the same place in the graph.
        """
        var = self._variable()
        if var is not None:
            return var
        var = Variable._new(self.data, self._requires_grad)
        var._node = self
        var._grad_var = None
        self.name = self.name  # keep
        return var

    def get_variable_or_none(self) -> Variable | None:
        """The Variable of this node if it still exists, else None."""
        return self._variable()

    def set_creator(self, creator: typing.Any) -> None:
        """Set the creator function (old-style Function or FunctionNode)."""
        self.creator = creator

    def set_creator_node(self, creator_node: chainer.FunctionNode) -> None:
        """Set the creator function node."""
        self.creator_node = creator_node

    def unchain(self) -> None:
        """Cut the link to the creator: this node becomes a leaf of the graph."""
        self._creator_node = None

    def retain_data(self) -> None:
        """Keep a reference to the variable's array in this node."""
        var = self._variable()
        if var is None:
            raise RuntimeError('Cannot retain the data of a variable that no longer '
                               'exists')
        self.data = var._data

    def _set_data_type(self, data):
        if data is None:
            self.dtype = None
            self.shape = None
        else:
            self.dtype = data.dtype
            self.shape = data.shape

    def _check_old_style_gradient(self):
        pass

    def __repr__(self):
        return '<VariableNode name={} shape={} dtype={}>'.format(
            self.name, self.shape, self.dtype)


def variable_repr(var):
    """The ``repr`` of a Variable: ``variable([1., 2.])`` or ``variable x([1., 2.])``."""
    array = _cpu._array_to_cpu(var._data) if var._data is not None else None
    prefix = 'variable ' + var.name if var.name else 'variable'
    if array is None:
        body = 'None'
    elif array.size > 0 or array.shape == (0,):
        body = numpy.array2string(array, separator=', ', prefix=prefix + '(')
    else:
        body = '[], shape={}'.format(array.shape)
    return '{}({})'.format(prefix, body)


def variable_str(var):
    """The ``str`` of a Variable: like NumPy's ``str``, wrapped in ``variable(...)``."""
    array = _cpu._array_to_cpu(var._data) if var._data is not None else None
    prefix = 'variable ' + var.name if var.name else 'variable'
    if array is None:
        body = 'None'
    else:
        body = numpy.array2string(array, separator=' ', prefix=prefix + '(')
    return '{}({})'.format(prefix, body)


def _name_suffix(name):
    """' NAME' for a named variable, '' otherwise (keeps messages single-spaced)."""
    return ' ' + name if name else ''


class Variable(object):
    """An array with a gradient and a place in the computational graph.

    Args:
        data (numpy.ndarray or cupy.ndarray): the array, or None for a variable to
            be filled later.
        name (str): a name, shown in reprs and graphs.
        grad (array): an initial gradient, of the same shape and dtype as ``data``.
        requires_grad (bool): whether backpropagation computes a gradient for it
            (default True).

    Arithmetic operators (``+ - * / ** @``, unary ``-``, ``abs``), comparisons of
    their arrays, indexing (``x[1:, idx]``) and ``len`` work as on arrays and are
    differentiable.
    """

    __slots__ = ('_data', '_node', '_grad_var', '_requires_grad', '_loss_scale',
                 '__dict__', '__weakref__')

    # Make NumPy defer to our reflected operators: ndarray + Variable -> Variable.__radd__
    __array_priority__ = 200
    __array_ufunc__ = None

    def __init__(self, data: types.NdArray | None = None, **kwargs: typing.Any) -> None:
        name = None
        grad = None
        requires_grad = True
        if kwargs:
            if 'volatile' in kwargs:
                raise ValueError(
                    "Variable: the 'volatile' argument is not supported anymore. Use "
                    "chainer.using_config('enable_backprop', False) (or "
                    "chainer.no_backprop_mode()) instead.")
            name = kwargs.pop('name', None)
            grad = kwargs.pop('grad', None)
            requires_grad = kwargs.pop('requires_grad', True)
            if kwargs:
                raise TypeError('Variable got unexpected keyword arguments: {}'.format(
                    ', '.join(sorted(kwargs))))
        if data is not None and type(data) is not numpy.ndarray:
            _check_array(data)
        self._data = data
        self._requires_grad = requires_grad
        self._loss_scale = None
        self._grad_var = None
        self._node = VariableNode(self, name)
        if grad is not None:
            self.grad = grad

    @classmethod
    def _new(cls, data, requires_grad):
        # Fast construction used by the core (no argument checks).
        var = object.__new__(cls)
        var._data = data
        var._requires_grad = requires_grad
        var._loss_scale = None
        var._grad_var = None
        var._node = VariableNode(var, None)
        return var

    # -- pickling and copying -------------------------------------------------

    def __reduce__(self):
        # A plain Variable pickles as Chainer 7.8.1 pickles it (a call of
        # chainer.variable._create_variable), so pickles move both ways.
        # Subclasses keep the default, which pickles their attributes.
        if type(self) is not Variable:
            return super().__reduce__()
        return _create_variable, (self._data, self.name, self.grad,
                                  self._requires_grad, _pickled_device(self._data))

    def __reduce_ex__(self, protocol):
        if type(self) is not Variable:
            return super().__reduce_ex__(protocol)
        return self.__reduce__()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop('_device_obj', None)   # the device is told from the array again
        state['_data'] = self._data
        state['_grad_var'] = self._grad_var
        state['_requires_grad'] = self._requires_grad
        state['_loss_scale'] = self._loss_scale
        state['_name'] = self._node.name
        return state

    def __setstate__(self, state):
        state = dict(state)
        self._data = state.pop('_data')
        self._grad_var = state.pop('_grad_var')
        self._requires_grad = state.pop('_requires_grad')
        self._loss_scale = state.pop('_loss_scale')
        name = state.pop('_name')
        self.__dict__.update(state)
        self._node = VariableNode(self, name)

    def __copy__(self):
        new = object.__new__(type(self))
        new.__setstate__(self.__getstate__())
        return new

    def __deepcopy__(self, memo):
        new = object.__new__(type(self))
        memo[id(self)] = new
        new.__setstate__(_copy.deepcopy(self.__getstate__(), memo))
        return new

    # -- representation -------------------------------------------------------

    def __repr__(self):
        return variable_repr(self)

    def __str__(self):
        return variable_str(self)

    def summary(self) -> str:
        """A one-line description: name, shape and dtype."""
        if self.name:
            return '<variable %s>' % self.name
        return '<variable at 0x%x>' % id(self)

    def debug_print(self) -> str:
        """A multi-line description of the array and the gradient, with statistics."""
        def describe(array):
            if array is None:
                return 'None'
            xp = backend.get_array_module(array)
            if array.size == 0:
                return 'empty'
            if array.dtype.kind in 'fc':
                return 'mean={0:.8f}, std={1:.8f}'.format(
                    float(xp.mean(array)), float(xp.std(array)))
            return 'mean={0:.8f}, std={1:.8f}'.format(
                float(xp.mean(array)), float(xp.std(array.astype(numpy.float64))))
        lines = [self.summary(),
                 '- device: {}'.format(_debug_device_name(self._data)),
                 '- backend: {}'.format(type(self._data) if self._data is not None
                                        else None),
                 '- shape: {}'.format(None if self._data is None else self.shape),
                 '- dtype: {}'.format(None if self._data is None else self.dtype),
                 '- statistics: {}'.format(describe(self._data)),
                 '- grad: {}'.format(describe(
                     None if self._grad_var is None else self._grad_var._data))]
        return '\n'.join(lines)

    # -- basic properties -----------------------------------------------------

    @property
    def xp(self) -> types.Xp:
        """The array module of the data: ``numpy`` or ``cupy``."""
        data = self._data
        if data is None or type(data) is numpy.ndarray:
            return numpy
        return backend.get_array_module(data)

    @property
    def device(self) -> backend.Device:
        """The :class:`chainer.backend.Device` holding the data: the one it was
        last sent to with :meth:`to_device` (any Device, also a user-defined
        one) while that device still supports the array, else the device the
        array belongs to."""
        data = self._data
        if data is None:
            return getattr(self, '_initial_device_obj', None) or backend.CpuDevice()
        device = self.__dict__.get('_device_obj')
        if device is not None and device.is_array_supported(data):
            return device
        return backend.get_device_from_array(data)

    @property
    def name(self) -> str | None:
        """The name of the variable (shown in reprs and graphs)."""
        return self._node.name

    @name.setter
    def name(self, n: str | None) -> None:
        self._node.name = n

    @property
    def label(self) -> str:
        """A short description of shape and dtype, as ``(2, 3), float32``."""
        return self._node.label

    @property
    def array(self) -> types.NdArray | None:
        """The underlying array."""
        return self._data

    @array.setter
    def array(self, d: types.NdArray | None) -> None:
        if d is not None and type(d) is not numpy.ndarray:
            _check_array(d)
        if d is not self._data:
            # another array: its device is told from the array again
            self.__dict__.pop('_device_obj', None)
        self._data = d
        node = self._node
        node._set_data_type(d)
        if node.data is not None:
            node.data = d

    data = array

    @property
    def raw_array(self) -> types.NdArray | None:
        """The underlying array (the same as :attr:`array` here)."""
        return self._data

    @property
    def chx_array(self):
        """Not available: ChainerX is not part of chainer-next."""
        raise RuntimeError('Variable.chx_array: ChainerX is not available in '
                           'chainer-next.')

    @property
    def grad(self) -> types.NdArray | None:
        """The gradient array, or None."""
        gv = self._grad_var
        return None if gv is None else gv._data

    @grad.setter
    def grad(self, g: types.NdArray | None) -> None:
        if g is None:
            self._grad_var = None
            return
        if isinstance(g, Variable):
            raise TypeError('Variable.grad must be an array, not a Variable; set '
                            'grad_var to assign a Variable')
        _check_array(g, 'grad')
        self._check_grad(g)
        self._grad_var = Variable._new(g, True)

    @property
    def grad_var(self) -> Variable | None:
        """The gradient as a Variable (which may itself be part of a graph), or None."""
        return self._grad_var

    @grad_var.setter
    def grad_var(self, g: Variable | None) -> None:
        if g is not None:
            if not isinstance(g, Variable):
                raise TypeError('Variable.grad_var must be a Variable or None, got '
                                '{}'.format(type(g).__name__))
            self._check_grad(g._data)
        self._grad_var = g

    def _check_grad(self, g):
        data = self._data
        if data is None or g is None:
            return
        if g.dtype != data.dtype:
            raise TypeError(
                'The gradient of variable{0} must have the dtype of its data: '
                'expected {1}, got {2}'.format(
                    _name_suffix(self.name), data.dtype, g.dtype))
        if g.shape != data.shape:
            raise ValueError(
                'The gradient of variable{0} must have the shape of its data: '
                'expected {1}, got {2}'.format(
                    _name_suffix(self.name), data.shape, g.shape))
        if type(g) is not type(data) and not isinstance(g, type(data)):
            raise TypeError(
                'The gradient of variable{0} must be on the device of its data: '
                'expected {1}, got {2}'.format(
                    _name_suffix(self.name), type(data).__name__,
                    type(g).__name__))

    @property
    def shape(self) -> types.Shape:
        """Shape of the array."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """Number of dimensions of the array."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """Number of elements of the array."""
        return self._data.size

    @property
    def dtype(self) -> numpy.dtype:
        """Data type of the array."""
        return self._data.dtype

    @property
    def layout(self):
        """Memory layout of the array; always None (the standard layout) here."""
        return None

    def as_layout(self, layout: types.Layout) -> Variable:
        """Return the variable in memory layout ``layout``; only None is supported."""
        if layout is not None:
            raise ValueError('Variable.as_layout: only the standard layout (None) is '
                             'supported, got {!r}'.format(layout))
        return self

    def __len__(self):
        if self._data is None:
            raise TypeError('len() of a Variable without data')
        if self._data.ndim == 0:
            raise TypeError('len() of a 0-dimensional Variable')
        return len(self._data)

    @property
    def node(self) -> VariableNode:
        """The :class:`VariableNode` of this variable."""
        return self._node

    @property
    def creator(self) -> typing.Any:
        """The function that created this variable (old-style Function if it was one)."""
        return self._node.creator

    @creator.setter
    def creator(self, func: typing.Any) -> None:
        self._node.creator = func

    @property
    def creator_node(self) -> chainer.FunctionNode | None:
        """The :class:`FunctionNode` that created this variable, or None."""
        return self._node._creator_node

    @creator_node.setter
    def creator_node(self, func: chainer.FunctionNode | None) -> None:
        self._node.creator_node = func

    def set_creator(self, gen_func: typing.Any) -> None:
        """Set the function that created this variable."""
        self._node.set_creator(gen_func)

    def set_creator_node(self, fnode: chainer.FunctionNode) -> None:
        """Set the function node that created this variable."""
        self._node.set_creator_node(fnode)

    @property
    def rank(self) -> int:
        """Depth of the variable in the graph (0 for a leaf)."""
        return self._node._rank

    @property
    def requires_grad(self) -> bool:
        """Whether gradients are computed for this variable."""
        return self._requires_grad

    @property
    def T(self) -> Variable:
        """The transposed variable (all axes reversed); differentiable."""
        return chainer.functions.transpose(self)

    def item(self) -> typing.Any:
        """The value of a one-element variable as a Python scalar."""
        if self._data.size != 1:
            raise ValueError('Variable.item(): only one-element variables can be '
                             'converted to a Python scalar, this one has shape {}'
                             .format(self._data.shape))
        return self._data.item()

    # -- devices ---------------------------------------------------------------

    def to_cpu(self) -> None:
        """Move the data and gradient to the CPU (NumPy), in place."""
        self._to_device(backend.CpuDevice())

    def to_gpu(self, device: types.CudaDeviceSpec = None) -> None:
        """Move the data and gradient to a GPU (CuPy), in place."""
        cuda.check_cuda_available()
        if device is None:
            dev = backend.GpuDevice(cuda.cupy.cuda.Device())
        elif isinstance(device, backend.Device):
            dev = device
        else:
            dev = backend.get_device(device if not isinstance(device, int)
                                     else '@cupy:{}'.format(device))
        self._to_device(dev)

    def to_intel64(self):
        """Move the data to the iDeep device: the arrays stay NumPy arrays here."""
        self._to_device(backend.Intel64Device())

    def to_chx(self):
        """Not available: ChainerX is not part of chainer-next."""
        raise RuntimeError('{}.to_chx: ChainerX is not available in '
                           'chainer-next.'.format(type(self).__name__))

    def from_chx(self):
        """Nothing to do: no variable ever holds a ChainerX array here."""
        return None

    def to_device(self, device: types.DeviceSpec) -> None:
        """Move the data and gradient to ``device`` (any device specifier), in place."""
        self._to_device(backend.get_device(device))

    def _to_device(self, device):
        # (Parameter extends this: it also remembers the device for a lazy array.)
        self._device_obj = device
        if self._data is None:
            self._initial_device_obj = device
            return
        new_data = device.send(self._data)
        gv = self._grad_var
        if gv is not None:
            gv._data = device.send(gv._data)
        if new_data is not self._data:
            self._data = new_data
            node = self._node
            if node.data is not None:
                node.data = new_data

    # -- gradients ---------------------------------------------------------------

    def cleargrad(self) -> None:
        """Set the gradient to None."""
        self._grad_var = None

    def zerograd(self) -> None:
        """Set the gradient to zeros (deprecated in Chainer; :meth:`cleargrad` is cheaper)."""
        warnings.warn('Variable.zerograd is deprecated; use Variable.cleargrad instead.',
                      DeprecationWarning, stacklevel=2)
        if self._data is None:
            return
        gv = self._grad_var
        if gv is None:
            xp = self.xp
            self._grad_var = Variable._new(xp.zeros_like(self._data), True)
        else:
            gv.unchain()
            gv._data.fill(0)

    def copydata(self, var: Variable | types.NdArray) -> None:
        """Copy the array of ``var`` into this variable's array (across devices too)."""
        src = var._data if isinstance(var, Variable) else var
        dst = self._data
        if dst is None:
            self.array = src.copy()
            return
        backend.copyto(dst, src)

    def addgrad(self, var: Variable) -> None:
        """Add the gradient of ``var`` to this variable's gradient (across devices too)."""
        src = var._grad_var
        if src is None:
            return
        if self._data is None:
            raise RuntimeError('Variable.addgrad: this variable has no data, so its '
                               'gradient cannot be accumulated')
        src_array = src._data
        device = self.device
        if not device.is_array_supported(src_array):
            src_array = device.send(src_array)
        gv = self._grad_var
        if gv is None:
            self._grad_var = Variable._new(src_array.copy(), True)
        else:
            gv._data = gv._data + src_array

    def retain_data(self) -> None:
        """Keep the array in the node, so the graph holds it even after this Variable dies."""
        self._node.data = self._data

    def unchain(self) -> None:
        """Cut the link to the creator; the variable becomes a leaf of the graph."""
        self._node.unchain()

    def unchain_backward(self) -> None:
        """Cut every link from this variable back to the leaves of its graph.

        All function nodes reachable backward from this variable forget their inputs,
        so the memory they kept can be freed.
        """
        stack = [self._node]
        seen = set()
        while stack:
            node = stack.pop()
            func = node._creator_node
            if func is None:
                continue
            node._creator_node = None
            if id(func) in seen:
                continue
            seen.add(id(func))
            inputs = func.inputs
            if inputs:
                stack.extend(inputs)
            func.unchain()

    def backward(self, retain_grad: bool = False, enable_double_backprop: bool = False,
                 loss_scale: float | None = None) -> None:
        """Compute the gradients of this variable with respect to the graph's leaves.

        Gradients are accumulated into the ``grad`` of each leaf variable that
        requires one. A one-element variable without a gradient starts from 1; for a
        larger one, set ``grad`` first (for instance to ones).

        Args:
            retain_grad (bool): keep the gradients of intermediate variables too.
            enable_double_backprop (bool): record the backward computation as a
                graph, so the gradients can be differentiated again.
            loss_scale (float): multiply the starting gradient by this factor (the
                optimizer divides it out before updating).

        A variable that no function made (a leaf, or the result of functions of
        inputs none of which requires a gradient) has nothing to backpropagate:
        the call does nothing, whatever its size, as in Chainer.
        """
        if self._node._creator_node is None:
            return
        _backprop.backward_from_outputs(
            (self,), None, retain_grad, enable_double_backprop, loss_scale)

    # -- array-like helpers ------------------------------------------------------

    def reshape(self, *shape: int | types.Shape) -> Variable:
        """A differentiable reshape: ``x.reshape(2, 3)`` or ``x.reshape((2, 3))``."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return chainer.functions.reshape(self, tuple(shape))

    def transpose(self, *axes: int | types.Shape) -> Variable:
        """A differentiable transpose: ``x.transpose()``, ``x.transpose(1, 0)``."""
        if len(axes) == 0:
            axes = None
        elif len(axes) == 1 and (isinstance(axes[0], (tuple, list)) or axes[0] is None):
            axes = axes[0]
        return chainer.functions.transpose(self, axes)

    def mean(self, axis: int | types.Shape | None = None, *,
             weights: Variable | types.NdArray | None = None,
             keepdims: bool = False) -> Variable:
        """Differentiable (weighted) mean over ``axis``."""
        if weights is not None:
            return chainer.functions.average(self, axis=axis, weights=weights,
                                             keepdims=keepdims)
        return chainer.functions.mean(self, axis=axis, keepdims=keepdims)

    def __getitem__(x, slices):
        return chainer.functions.get_item(x, slices)

    def __iter__(self):
        # Iterating a variable yields its rows, each a differentiable x[i].
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        raise TypeError(
            'The truth value of a Variable is ambiguous: test its array instead, for '
            'example bool(x.array) or (x.array > 0).any()')

    def __hash__(self):
        return object.__hash__(self)

    # Comparisons compare the arrays are not defined for Variables in Chainer;
    # == falls back to identity.
    def __eq__(self, other):
        raise NotImplementedError(
            'Variables cannot be compared with ==; compare their arrays '
            '(x.array == y.array) instead')

    def __ne__(self, other):
        raise NotImplementedError(
            'Variables cannot be compared with !=; compare their arrays '
            '(x.array != y.array) instead')

    def __lt__(self, other):
        raise NotImplementedError('Variables cannot be compared with <; compare '
                                  'their arrays instead')

    def __le__(self, other):
        raise NotImplementedError('Variables cannot be compared with <=; compare '
                                  'their arrays instead')

    def __gt__(self, other):
        raise NotImplementedError('Variables cannot be compared with >; compare '
                                  'their arrays instead')

    def __ge__(self, other):
        raise NotImplementedError('Variables cannot be compared with >=; compare '
                                  'their arrays instead')

    def __nonzero__(self):
        return self.__bool__()


class Parameter(Variable):
    """A Variable that a Link owns and an optimizer updates.

    Args:
        initializer: how to fill the array: an initializer (``chainer.initializers``),
            a scalar (a constant), an array (used as it is), or None (NaN filled).
        shape: the shape; if None and ``initializer`` is not an array, the parameter
            stays uninitialized until :meth:`initialize` is called with a shape
            (links do so at their first call).
        name (str): the name.

    A parameter filled by an initializer gets a gradient filled with NaN, so a
    gradient that was never computed cannot pass unnoticed; a parameter made
    from an array starts with no gradient (None), as in Chainer. ``update_rule`` is set by an
    optimizer; :meth:`update` applies it.
    """

    _initial_device_obj = None

    def __init__(self, initializer: types.InitializerSpec = None,
                 shape: types.ShapeSpec | None = None, name: str | None = None, *,
                 layout: types.Layout = None) -> None:
        if layout is not None:
            raise ValueError('Parameter: only the standard layout (None) is supported, '
                             'got layout={!r}'.format(layout))
        from chainer import initializers as _inits
        if initializer is None:
            initializer = _inits.NaN()
        elif numpy.isscalar(initializer) and not isinstance(initializer, (str, bytes)):
            initializer = _inits.Constant(initializer)
        self.update_rule = None
        self._initial_device_obj = None
        if isinstance(initializer, _ARRAY_TYPES):
            if shape is not None and tuple(numpy.atleast_1d(shape)) != initializer.shape \
                    and shape != initializer.shape:
                raise ValueError('Parameter: the initial array has shape {} but shape={} '
                                 'was given'.format(initializer.shape, shape))
            super().__init__(initializer, name=name)
            self.initializer = _inits.Constant(initializer)
            self._grad_initializer = None
            # As in Chainer: a parameter made from an array has no gradient
            # yet (None); one filled by an initializer gets a NaN gradient.
        elif shape is None:
            super().__init__(None, name=name)
            self.initializer = initializer
            dtype = getattr(initializer, 'dtype', None)
            self._grad_initializer = _inits.NaN(dtype)
        else:
            super().__init__(None, name=name)
            self.initializer = initializer
            self._grad_initializer = _inits.NaN()
            self.initialize(shape)

    def __reduce__(self):
        # Chainer 7.8.1's form: _recover_parameter(data, name, grad,
        # requires_grad, initializer, update_rule, device); an array given as
        # the initializer is stored as the array, as Chainer keeps it.
        initializer = self.initializer
        fill = getattr(initializer, 'fill_value', None)
        if type(initializer).__name__ == 'Constant' and isinstance(fill, _ARRAY_TYPES):
            initializer = fill
        initialized = self._data is not None
        grad = None if self._grad_var is None else self._grad_var._data
        return _recover_parameter, (self._data, self.name, grad,
                                    self._requires_grad if initialized else False,
                                    initializer, self.update_rule,
                                    _pickled_device(self._data))

    def __reduce_ex__(self, protocol):
        return self.__reduce__()

    @property
    def is_initialized(self) -> bool:
        """Whether the parameter has an array yet."""
        return self._data is not None

    @property
    def dtype(self) -> numpy.dtype:
        """The dtype of the array; for an uninitialized parameter, the one it will get."""
        if self._data is not None:
            return self._data.dtype
        return chainer.get_dtype(getattr(self.initializer, 'dtype', None))

    def initialize(self, shape: types.ShapeSpec) -> None:
        """Create the array of shape ``shape`` with the initializer, on the parameter's device.

        The gradient becomes NaN-filled (or zeros after :meth:`zerograd`, or None
        after :meth:`cleargrad`).
        """
        from chainer import initializers as _inits
        _check_param_shape(self.name, shape)
        device = self._initial_device_obj or backend.CpuDevice()
        xp = device.xp
        data = _inits.generate_array(self.initializer, shape, xp, device=device)
        ginit = self._grad_initializer
        if ginit is None:
            grad = None
        else:
            grad = _inits.generate_array(ginit, shape, xp, dtype=data.dtype,
                                         device=device)
        self.array = data
        if self._initial_device_obj is not None:
            self._device_obj = device   # made on the device it was sent to
        self._grad_var = None if grad is None else Variable._new(grad, True)
        self._grad_initializer = None

    def cleargrad(self) -> None:
        """Set the gradient to None (also the one an uninitialized parameter will get)."""
        super().cleargrad()
        if self._data is None:
            self._grad_initializer = None

    def zerograd(self) -> None:
        """Set the gradient to zeros (for an uninitialized one: zeros once initialized)."""
        from chainer import initializers as _inits
        if self._data is None:
            dtype = getattr(self.initializer, 'dtype', None)
            self._grad_initializer = _inits.Zero(dtype)
            return
        gv = self._grad_var
        if gv is None:
            self._grad_var = Variable._new(self.xp.zeros_like(self._data), True)
        else:
            gv.unchain()
            gv._data.fill(0)

    def _check_grad_available(self):
        # An uninitialized parameter has no gradient to show (it will get one,
        # NaN-filled, when it is initialized) unless cleargrad() made it None.
        if (self._data is None and self._grad_var is None and
                self._grad_initializer is not None):
            raise RuntimeError(
                'Cannot retrieve the gradient of the uninitialized parameter{}: it '
                'has no array yet. Initialize it (or run the link once), or call '
                'cleargrad() to make its gradient None.'.format(
                    ' "{}"'.format(self.name) if self.name else ''))

    @property
    def grad(self) -> types.NdArray | None:
        """The gradient array, or None.

        For an uninitialized parameter reading it raises RuntimeError, unless
        :meth:`cleargrad` was called (then it is None).
        """
        self._check_grad_available()
        gv = self._grad_var
        return None if gv is None else gv._data

    @grad.setter
    def grad(self, g: types.NdArray | None) -> None:
        Variable.grad.fset(self, g)

    @property
    def grad_var(self) -> Variable | None:
        """The gradient as a Variable, or None (see :attr:`grad`)."""
        self._check_grad_available()
        return self._grad_var

    @grad_var.setter
    def grad_var(self, g: Variable | None) -> None:
        Variable.grad_var.fset(self, g)

    def addgrad(self, var: Variable) -> None:
        """Add the gradient of ``var`` to this parameter's gradient.

        An uninitialized parameter is first initialized with the shape of
        ``var`` (when ``var`` has a gradient), and then gets a copy of it.
        """
        if self._data is None and var._grad_var is not None:
            self.initialize(var.shape)
            self._grad_var = None
        super().addgrad(var)

    def _to_device(self, device):
        self._initial_device_obj = device
        super()._to_device(device)
        for other in self._share_siblings():
            other._initial_device_obj = device
            if other._data is not self._data:
                Variable.array.fset(other, self._data)

    # -- parameters that share their array (Link.copy(mode='share')) -------------

    # A list of weak references to the parameters that share one array slot
    # with this one, itself included; None while it shares with nobody.
    _share_group = None

    @property
    def array(self) -> types.NdArray | None:
        """The underlying array (None while uninitialized).

        Parameters made by ``Link.copy(mode='share')`` share it with the
        original: assigning an array to one (also by :meth:`initialize` or by
        moving it to a device) assigns it to all of them.
        """
        return self._data

    @array.setter
    def array(self, d: types.NdArray | None) -> None:
        Variable.array.fset(self, d)
        for other in self._share_siblings():
            if other._data is not d:
                Variable.array.fset(other, d)

    data = array

    def __getstate__(self):
        state = super().__getstate__()
        state.pop('_share_group', None)   # a deep copy shares nothing
        return state

    def __copy__(self):
        """A shallow copy: it shares this parameter's array slot (assigning an
        array to either changes both) and, at first, its gradient."""
        new = super().__copy__()
        self._join_share_group(new)
        return new

    def _join_share_group(self, new):
        if self._share_group is None:
            self._share_group = [weakref.ref(self)]
        self._share_group.append(weakref.ref(new))
        new._share_group = self._share_group

    def _share_siblings(self):
        group = self._share_group
        if group is None:
            return ()
        alive = [ref for ref in group if ref() is not None]
        if len(alive) != len(group):
            group[:] = alive
        return [ref() for ref in alive if ref() is not self]

    def _copy_sharing_array(self):
        """A new Parameter that shares this one's array slot; its gradient is
        None (and stays None when an uninitialized one is initialized)."""
        new = _recover_parameter(self._data, self.name, None, self.initializer,
                                 self.update_rule, None)
        new._grad_initializer = None   # no gradient, also once initialized
        new._initial_device_obj = self._initial_device_obj
        self._join_share_group(new)
        return new

    @property
    def device(self) -> backend.Device:
        if self._data is None:
            return self._initial_device_obj or backend.CpuDevice()
        return Variable.device.fget(self)

    def update(self) -> None:
        """Update the array with the optimizer's rule (``update_rule``), if there is one."""
        if self.update_rule is not None:
            self.update_rule.update(self)


def _pickled_device(array):
    """The device object stored in a pickle (Chainer 7.8.1 stores one)."""
    from chainer import backend as _backend
    if array is None:
        from chainer.backends import _cpu
        return _cpu.CpuDevice()
    return _backend.get_device_from_array(array)


def _create_variable(data, name, grad, requires_grad, device=None):
    """Rebuild a pickled Variable (the form Chainer 7.8.1 also writes)."""
    v = Variable(data, name=name, requires_grad=requires_grad)
    if grad is not None:
        v.grad = grad
    return v


def _recover_parameter(data, name, grad, *args):
    """Rebuild a pickled Parameter.

    Chainer 7.8.1 (and this project) pickle ``(data, name, grad, requires_grad,
    initializer, update_rule, device)``; earlier versions of this project
    pickled ``(data, name, grad, initializer, update_rule, grad_initializer)``.
    """
    if len(args) == 4 and isinstance(args[0], (bool, numpy.bool_)):
        requires_grad, initializer, update_rule, _ = args
        grad_initializer = None
    else:
        requires_grad = True
        initializer, update_rule = args[0], args[1]
        grad_initializer = args[2] if len(args) > 2 else None
    if data is not None:
        p = Parameter(initializer=data, name=name)
        if initializer is not None and not isinstance(initializer, _ARRAY_TYPES):
            p.initializer = initializer
        p._grad_var = None if grad is None else Variable._new(grad, True)
        if not requires_grad:
            p._requires_grad = False
    else:
        p = Parameter(initializer=initializer, name=name)
        if grad_initializer is not None:
            p._grad_initializer = grad_initializer
    p.update_rule = update_rule
    return p


def _debug_device_name(data):
    # As Chainer's debug_print shows it: 'CPU' for NumPy arrays, the CuPy
    # device ('<CUDA Device 0>') for GPU arrays.
    if data is None or isinstance(data, numpy.ndarray):
        return 'CPU'
    device = getattr(data, 'device', None)
    return repr(device) if device is not None else 'CPU'


def as_variable(obj: Variable | types.NdArray) -> Variable:
    """Return ``obj`` if it is a Variable, else a Variable that does not require grad.

    Use it to accept arrays and Variables alike in functions of your own.
    """
    if isinstance(obj, Variable):
        return obj
    if isinstance(obj, numpy.generic):
        raise TypeError('as_variable: expected an array or a Variable, got {}'.format(
            _describe(obj)))
    return Variable(obj, requires_grad=False)


def as_array(obj: Variable | types.NdArray) -> types.NdArray:
    """The array of ``obj`` if it is a Variable, else ``obj`` itself."""
    if isinstance(obj, Variable):
        return obj._data
    return obj


# Operators are defined in chainer.functions.math.basic_math and installed here.
from chainer.initializers import constant  # NOQA  (re-exported, as in Chainer)
