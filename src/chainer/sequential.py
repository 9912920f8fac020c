"""Sequential: a model that applies its layers one after another."""
import inspect

from chainer import link as _link


def _layer_type_name(layer):
    if inspect.isfunction(layer) or inspect.isbuiltin(layer) or inspect.ismethod(layer):
        return layer.__name__
    return type(layer).__name__


class SequentialOperandError(TypeError, ValueError):
    """``+`` of a Sequential and something else (a TypeError; a ValueError too,
    as in Chainer)."""


class Sequential(_link.ChainList):
    """A model whose forward pass calls its layers in order.

    Args:
        *layers: callables: links (their parameters become part of the model) or
            functions such as ``F.relu``.

    ``Sequential(L.Linear(784, 100), F.relu, L.Linear(100, 10))(x)`` computes
    ``l2(relu(l1(x)))``. A layer that returns a tuple passes its elements as the
    positional arguments of the next layer.

    It is also a list of layers: ``len``, indexing and slicing (a slice is a new
    Sequential sharing the layers), iteration, ``append``, ``insert``, ``extend``,
    ``pop``, ``remove``, ``clear``, ``index``, ``count``, ``del``, and ``+`` to
    concatenate two Sequentials. The links among the layers are its children,
    named ``'0'``, ``'1'``, ... (functions take no name), which is how their
    parameters are saved.

    The children are numbered as Chainer 7.8.1 numbers them, so that files move
    between the two: a link inserted at position 0 becomes child 0; a link
    inserted at a later position ``i`` is placed in the list of children just
    after the first link found among the layers before ``i`` (at the start when
    there is none), and the children are renumbered. So
    ``Sequential(l0, l1, l2, l3)`` names ``l0``, ``l3``, ``l2``, ``l1`` as
    ``'0'``, ``'1'``, ``'2'``, ``'3'``; the order of the layers, which is the
    order of computation, is not affected.
    """

    def __init__(self, *layers):
        super().__init__()
        self._layers = []
        for layer in layers:
            self.append(layer)

    # -- list interface -----------------------------------------------------------

    def __len__(self):
        return len(self._layers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Sequential(*self._layers[i])
        return self._layers[i]

    def __setitem__(self, i, layer):
        if isinstance(i, slice):
            layers = list(layer)
            for item in layers:
                self._check_layer(item)
            start, stop, step = i.indices(len(self._layers))
            if step == 1:
                del self[i]
                for offset, item in enumerate(layers):
                    self.insert(start + offset, item)
                return
            positions = list(range(start, stop, step))
            if len(positions) != len(layers):
                raise ValueError('attempt to assign a sequence of size {} to an extended '
                                 'slice of size {}'.format(len(layers), len(positions)))
            for position, item in zip(positions, layers):
                self[position] = item
            return
        self._check_layer(layer)
        n = len(self._layers)
        if not -n <= i < n:
            raise IndexError('Sequential index {} is out of range: it has {} '
                             'layer(s)'.format(i, n))
        i %= n
        del self[i]
        self.insert(i, layer)

    def __delitem__(self, i):
        removed = self._layers[i] if isinstance(i, slice) else [self._layers[i]]
        del self._layers[i]
        for layer in removed:
            self._unregister(layer)

    def _register(self, i, layer):
        """Make ``layer``, just inserted at position ``i``, a child (if a link),
        at the place Chainer 7.8.1 gives it in the list of children."""
        if not isinstance(layer, _link.Link):
            return
        if any(child is layer for child in self._children):
            return  # the same link twice: one child
        position = 0
        if i > 0:
            position = 1
            for j in range(i):
                if isinstance(self._layers[j], _link.Link):
                    position = j + 1
                    break
        self._children.insert(position, layer)
        self._rename_children()

    def _unregister(self, layer):
        if not isinstance(layer, _link.Link):
            return
        if any(item is layer for item in self._layers):
            return  # still among the layers
        self._children = [child for child in self._children if child is not layer]
        self._rename_children()

    def __iter__(self):
        return iter(self._layers)

    def __reversed__(self):
        return reversed(self._layers)

    def __contains__(self, layer):
        return any(item is layer or item == layer for item in self._layers)

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise SequentialOperandError(
                'can only concatenate a Sequential (not {}) to a Sequential'.format(
                    type(other).__name__))
        return Sequential(*(self._layers + other._layers))

    def __iadd__(self, other):
        if isinstance(other, Sequential):
            self.extend(other)
            return self
        raise SequentialOperandError(
            'can only add a Sequential (not {}) to a Sequential'.format(
                type(other).__name__))

    def __getstate__(self):
        for index, layer in enumerate(self._layers):
            if getattr(layer, '__name__', None) == '<lambda>':
                raise ValueError(
                    'Sequential: layer {} is a lambda, which cannot be pickled; '
                    'define it with def at module level (or use functools.partial) '
                    'to save the model'.format(index))
        return super().__getstate__()

    @staticmethod
    def _check_layer(layer):
        if not callable(layer):
            raise ValueError('Sequential: every layer must be callable, but {!r} (of '
                             'type {}) is not'.format(layer, type(layer).__name__))

    def insert(self, i, layer):
        """Insert ``layer`` before position ``i`` (``-len(self) <= i <= len(self)``;
        IndexError otherwise, where a list would clamp ``i``)."""
        n = len(self._layers)
        if not -n <= i <= n:
            raise IndexError('Sequential.insert: index {} is out of range for {} '
                             'layer(s)'.format(i, n))
        self._check_layer(layer)
        n = len(self._layers)
        if i < 0:
            i = max(i + n, 0)
        i = min(i, n)
        self._layers.insert(i, layer)
        self._register(i, layer)

    def append(self, layer):
        """Add ``layer`` at the end."""
        self.insert(len(self._layers), layer)

    def add_link(self, link):
        """Append ``link`` as the last layer."""
        self.append(link)

    def extend(self, sequential):
        """Append every layer of ``sequential`` (any iterable of layers)."""
        for layer in list(sequential):
            self.append(layer)

    def pop(self, i=-1):
        """Remove the layer at ``i`` (the last by default) and return it."""
        layer = self._layers.pop(i)
        self._unregister(layer)
        return layer

    def remove(self, layer):
        """Remove the first occurrence of ``layer``."""
        del self[self.index(layer)]

    def clear(self):
        """Remove all layers."""
        self._layers = []
        self._children = []

    def index(self, layer, start=None, end=None):
        """The position of the first occurrence of ``layer`` (ValueError if absent)."""
        n = len(self._layers)
        start = 0 if start is None else start
        end = n if end is None else end
        for i in range(*slice(start, end).indices(n)):
            item = self._layers[i]
            if item is layer or item == layer:
                return i
        raise ValueError('{!r} is not in this Sequential'.format(layer))

    def count(self, layer):
        """How many times ``layer`` occurs."""
        return sum(1 for item in self._layers if item is layer or item == layer)

    def count_by_layer_type(self, type_name):
        """How many layers have the type (or, for functions, the name) ``type_name``."""
        return sum(1 for layer in self._layers if _layer_type_name(layer) == type_name)

    def remove_by_layer_type(self, type_name):
        """Remove every layer of the type (or function name) ``type_name``."""
        for i in reversed(range(len(self._layers))):
            if _layer_type_name(self._layers[i]) == type_name:
                del self[i]

    def flatten(self):
        """A new Sequential in which nested Sequentials are replaced by their layers."""
        ret = Sequential()
        for layer in self._layers:
            if isinstance(layer, Sequential):
                ret.extend(layer.flatten())
            else:
                ret.append(layer)
        return ret

    # -- computation ----------------------------------------------------------------

    def forward(self, *x):
        """Apply the layers in order to the inputs ``x`` and return the result."""
        if not self._layers:
            raise RuntimeError('Sequential does not have any layer to call')
        for layer in self._layers:
            if isinstance(x, tuple):
                x = layer(*x)
            else:
                x = layer(x)
        return x

    # -- copying ----------------------------------------------------------------------

    def copy(self, mode='share'):
        """A copy of the model (see :meth:`chainer.Link.copy` for ``mode``)."""
        if mode != 'share':
            return super().copy(mode)
        ret = super().copy('share')
        mapping = {id(old): new for old, new in zip(self._children, ret._children)}
        ret._layers = [mapping.get(id(layer), layer) for layer in self._layers]
        return ret

    def copyparams(self, link, copy_persistent=True):
        """Copy the parameters (and persistent values) of ``link``, a Sequential of
        the same structure."""
        super().copyparams(link, copy_persistent)

    def __str__(self):
        lines = []
        for index, layer in enumerate(self._layers):
            if getattr(layer, '__name__', None) == '<lambda>':
                try:
                    rep = inspect.getsource(layer).strip().rstrip(',')
                except (OSError, TypeError):
                    rep = repr(layer)
            else:
                rep = str(layer)
            rep = '({}): {},'.format(index, rep)
            for line in rep.splitlines():
                lines.append('  ' + line + '\n')
        body = ''.join(lines)
        if body:
            body = '\n' + body
        return '{}({})'.format(type(self).__name__, body)

