"""Make an arbitrary Python function appear in the graph as one function node.

The exporter converts the function nodes it finds in the computational graph.
Code that leaves the graph (computes on ``.array``, calls NumPy) or that should
become one custom ONNX operator is wrapped with :func:`fake_as_funcnode` (or the
decorator :func:`as_funcnode`): each call then creates a
:class:`WrappedFunctionNode` named as asked, whose inputs are the Variables among
the arguments and whose other arguments become attributes of the node, for the
converter registered under that name.
"""
import inspect

import chainer
from chainer import utils


def _is_var(value):
    return isinstance(value, chainer.Variable)


def _map_leaves(value, is_leaf, fn):
    """``value`` with each leaf (``is_leaf``) replaced by ``fn(leaf)``, through
    lists, tuples (other tuple types become lists) and dicts."""
    if is_leaf(value):
        return fn(value)
    if isinstance(value, (list, tuple)):
        items = [_map_leaves(v, is_leaf, fn) for v in value]
        return type(value)(items) if type(value) in (list, tuple) else items
    if isinstance(value, dict):
        return type(value)((k, _map_leaves(v, is_leaf, fn)) for k, v in value.items())
    return value


def _slot_in(out):
    """A function that appends a leaf to ``out`` and returns its slot."""
    def slot(leaf):
        out.append(leaf)
        return _Slot(len(out) - 1)
    return slot


def _flatten_vars(value, out):
    """Append the Variables inside ``value`` (lists, tuples, dicts) to ``out``; return
    its skeleton with each Variable replaced by its index in ``out``."""
    return _map_leaves(value, _is_var, _slot_in(out))


def _contains_var(value):
    if _is_var(value):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_var(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_var(v) for v in value.values())
    return False


class _Slot(object):
    """Placeholder for the ``index``-th Variable in a flattened structure."""

    __slots__ = ('index',)

    def __init__(self, index):
        self.index = index

    def __repr__(self):
        return '<input {}>'.format(self.index)


def _fill(skeleton, values):
    """Rebuild a structure from its skeleton, slot ``i`` becoming ``values[i]``."""
    return _map_leaves(skeleton, lambda v: isinstance(v, _Slot),
                       lambda slot: values[slot.index])


def _flatten_results(value, out):
    """Like :func:`_flatten_vars` for return values: everything but lists,
    tuples and dicts (Variables, arrays, other values) is a leaf."""
    return _map_leaves(value, lambda v: not isinstance(v, (list, tuple, dict)),
                       _slot_in(out))


def _unwrap(value):
    return value.array if _is_var(value) else value


class WrappedFunctionNode(chainer.FunctionNode):
    """A function node that runs an arbitrary function ``func``.

    Its inputs are the Variables found in ``args`` and ``kwargs`` (``arg_vars``, in
    order, looking into lists, tuples and dicts); its outputs are the arrays and
    Variables ``func`` returns, flattened (:meth:`reconstruct_return_value` puts
    them back in the returned structure). The function runs on fresh Variables
    holding the input arrays, so when it returns Variables computed from them,
    :meth:`backward` differentiates through its internal graph, which stops at
    this node's inputs.

    Args:
        name (str): the name of the node (the key of its converter).
        func: the function.
        args (tuple), kwargs (dict): its arguments.
        arg_vars (list of Variable): the Variables in ``args`` and ``kwargs``.
        attributes (dict): attributes set on the node (the other arguments).
    """

    def __init__(self, name, func, args, kwargs, arg_vars, attributes=None):
        self.custom_function_node_name = name
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.arg_vars = arg_vars
        self.internal_results = None
        self._skeleton = None
        self._leaves = None
        if attributes is not None:
            reserved = set(self.__dict__)
            for key, value in attributes.items():
                # Keep the node's own attributes (inputs, label, func, ...).
                if key in reserved or hasattr(type(self), key):
                    continue
                setattr(self, key, value)

    @property
    def label(self):
        return self.custom_function_node_name

    def forward(self, xs):
        if len(xs) != len(self.arg_vars):
            raise ValueError('{}: expected {} input arrays, got {}'.format(
                self.label, len(self.arg_vars), len(xs)))
        leaves = [chainer.Variable(x, requires_grad=v.requires_grad)
                  for x, v in zip(xs, self.arg_vars)]
        # The Variables of args and kwargs, in the order of arg_vars.
        found = []
        args = _fill(_flatten_vars(self.args, found), leaves)
        kwargs = _fill(_flatten_vars(self.kwargs, found), leaves)
        results = self.func(*args, **kwargs)
        flat = []
        self._skeleton = _flatten_results(results, flat)
        for value in flat:
            if not (_is_var(value) or isinstance(value, chainer.get_array_types())):
                raise ValueError(
                    'the function wrapped as the node {!r} must return arrays or '
                    'Variables (alone, or in lists, tuples or dicts), but returned '
                    'a {}'.format(self.label, type(value).__name__))
        if flat and all(_is_var(v) for v in flat):
            self.internal_results = tuple(flat)
            self._leaves = leaves
        else:
            self.internal_results = None
            self._leaves = None
        arrays = tuple(utils.force_array(_unwrap(v)) for v in flat)
        if not chainer.is_arrays_compatible(arrays):
            raise ValueError('the function wrapped as the node {!r} returned arrays '
                             'of different devices'.format(self.label))
        return arrays

    def backward(self, target_input_indexes, grad_outputs):
        if self.internal_results is None:
            raise ValueError(
                'the node {!r} cannot be differentiated: the function it wraps '
                'returned arrays, not Variables computed from its inputs'.format(
                    self.label))
        outputs, grads = [], []
        for y, gy in zip(self.internal_results, grad_outputs):
            if gy is not None and y.creator_node is not None:
                outputs.append(y)
                grads.append(gy)
        targets = [self._leaves[i] for i in target_input_indexes]
        if not outputs:
            return (None,) * len(targets)
        gxs = chainer.grad(outputs, targets, grads,
                           enable_double_backprop=chainer.config.enable_backprop)
        return tuple(gxs)

    def reconstruct_return_value(self, outputs):
        """Put ``outputs`` (one per flattened result) back in the returned structure."""
        if self._skeleton is None:
            return outputs
        return _fill(self._skeleton, list(outputs))


def _bound_arguments(func, args, kwargs):
    """``[(name, value, position)]`` for every argument of the call (with defaults).

    ``position`` is the index among the positional parameters (None for
    keyword-only ones and ``**kwargs`` entries). Falls back to ``argN`` / keyword
    names when the signature cannot be read or bound.
    """
    try:
        signature = inspect.signature(func)
        bound = signature.bind(*args, **kwargs)
    except (TypeError, ValueError):
        return ([('arg{}'.format(i), v, i) for i, v in enumerate(args)] +
                [(k, v, None) for k, v in kwargs.items()])
    bound.apply_defaults()
    out = []
    position = 0
    for name, value in bound.arguments.items():
        kind = signature.parameters[name].kind
        if kind == inspect.Parameter.VAR_POSITIONAL:
            for v in value:
                out.append(('arg{}'.format(position), v, position))
                position += 1
        elif kind == inspect.Parameter.VAR_KEYWORD:
            for k, v in value.items():
                out.append((k, v, None))
        elif kind == inspect.Parameter.KEYWORD_ONLY:
            out.append((name, value, None))
        else:
            out.append((name, value, position))
            position += 1
    return out


def _make_attributes(func, args, kwargs, rename_attributes):
    renames = {}
    for item in rename_attributes or ():
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ValueError('rename_attributes must hold (index or name, new name) '
                             'pairs, got {!r}'.format(item))
        renames[item[0]] = item[1]
    attributes = {}
    structure = {}
    found = []
    for name, value, position in _bound_arguments(func, args, kwargs):
        if _contains_var(value):
            structure[name] = _flatten_vars(value, found)
            continue
        new_name = renames.get(position, renames.get(name, name))
        attributes[new_name] = value
        if position is not None and new_name == name and not name.startswith('arg'):
            attributes.setdefault('arg{}'.format(position), value)
    return attributes, structure


def _collect_inputs(args, kwargs):
    found = []
    _flatten_vars(args, found)
    _flatten_vars(kwargs, found)
    return found


def fake_as_funcnode(alt_func, name, rename_attributes=None,
                     experimental_warning=True):
    """Wrap ``alt_func`` so that each call is one function node named ``name``.

    The returned function calls ``alt_func`` with the same arguments. The
    Variables among them (also inside lists, tuples and dicts) become the inputs
    of a :class:`WrappedFunctionNode` named ``name``; the other arguments (and the
    defaults of those not given) become its attributes, named after the
    parameters of ``alt_func`` (positional ones also as ``arg<N>``). The node's
    outputs are what ``alt_func`` returns, arrays turned into Variables, in the
    same structure (lists, tuples, dicts). A converter registered under ``name``
    (``external_converters={name: converter}`` of :func:`~onnx_chainer.export`)
    then turns the node into ONNX operators.

    When ``alt_func`` returns Variables computed from its inputs, gradients flow
    through the node; when it returns arrays, backpropagating through it raises
    ValueError.

    Example:

        >>> def func(x, a, b, c=1, d=2): pass
        >>> func = fake_as_funcnode(func, 'CustomNode',
        ...     rename_attributes=[(1, 'value'), ('c', 'y')])

        ``func(x, a, b)`` then creates a node ``CustomNode`` with attributes
        ``value`` (``a``), ``b``, ``y`` (``c``) and ``d``.

    Args:
        alt_func: the function to wrap; at least one argument must be a Variable.
        name (str): the name of the function node (the key of its converter).
        rename_attributes (list of tuples): ``(index of a positional argument,
            new name)`` or ``(parameter name, new name)`` pairs renaming
            attributes.
        experimental_warning (bool): warn that this API is experimental.

    Returns:
        The wrapping function.
    """
    if experimental_warning:
        utils.experimental('onnx_chainer.replace_func.fake_as_funcnode')
    if not isinstance(name, str):
        raise TypeError('fake_as_funcnode: name must be a str, got {!r}'.format(name))

    def wrapper(*args, **kwargs):
        inputs = _collect_inputs(args, kwargs)
        if not inputs:
            # Nothing to trace: there is no graph to connect the node to.
            return alt_func(*args, **kwargs)
        attributes, structure = _make_attributes(alt_func, args, kwargs,
                                                 rename_attributes)
        node = WrappedFunctionNode(name, alt_func, args, kwargs, inputs,
                                   attributes=attributes)
        node.input_structure = structure
        outputs = node.apply(inputs)
        return node.reconstruct_return_value(outputs)

    wrapper.__wrapped__ = alt_func
    wrapper.__name__ = getattr(alt_func, '__name__', name)
    wrapper.__doc__ = getattr(alt_func, '__doc__', None)
    return wrapper


def as_funcnode(name, rename_attributes=None):
    """Decorator form of :func:`fake_as_funcnode`.

    Example:

        >>> @as_funcnode('CustomNode', rename_attributes=[(1, 'value')])
        ... def func(x, a, b, c=1, d=2): pass

    Args:
        name (str): the name of the function node (the key of its converter).
        rename_attributes (list of tuples): see :func:`fake_as_funcnode`.
    """
    def decorator(func):
        return fake_as_funcnode(func, name, rename_attributes=rename_attributes,
                                experimental_warning=False)
    return decorator
