"""Hierarchical softmax over a binary tree of words."""
import heapq

import numpy

import chainer
from chainer import device_resident
from chainer import initializers
from chainer import link
from chainer import variable


class _TreeParser(object):
    # Walks a binary tree given as nested pairs; the internal nodes are numbered
    # in pre-order, and each leaf gets the path of nodes from the root and the
    # codes of the turns (+1: first child, -1: second child).

    def __init__(self, tree):
        self.paths = {}
        self.codes = {}
        self._path = []
        self._code = []
        self.size = 0
        self._parse(tree)
        if not self.paths:
            raise ValueError('BinaryHierarchicalSoftmax: the tree has no leaf')

    def _parse(self, node):
        # An explicit stack instead of recursion: trees of large vocabularies can
        # be deeper than Python's recursion limit.
        stack = [('visit', node)]
        while stack:
            action, node = stack.pop()
            if action == 'pop':
                self._path.pop()
                self._code.pop()
            elif action == 'second':
                self._code[-1] = -1.0
                stack.append(('pop', None))
                stack.append(('visit', node))
            elif isinstance(node, tuple):
                if len(node) != 2:
                    raise ValueError(
                        'BinaryHierarchicalSoftmax: every internal node of the tree '
                        'must have exactly two children, got {}'.format(len(node)))
                self._path.append(self.size)
                self._code.append(1.0)
                self.size += 1
                stack.append(('second', node[1]))
                stack.append(('visit', node[0]))
            else:
                if node in self.paths:
                    raise ValueError('BinaryHierarchicalSoftmax: the leaf {!r} '
                                     'appears twice in the tree'.format(node))
                self.paths[node] = numpy.array(self._path, dtype=numpy.int32)
                self.codes[node] = numpy.array(self._code, dtype=numpy.float32)


class BinaryHierarchicalSoftmaxFunction(device_resident.DeviceResident):
    """The tree of a :class:`BinaryHierarchicalSoftmax`, as flat arrays.

    The leaves are numbered ``0 .. n - 1``; the path of leaf ``k`` (internal
    node indices, numbered in pre-order) is ``paths[begins[k]:begins[k + 1]]``
    and its turns (``+1``: first child, ``-1``: second) are the same slice of
    ``codes``. ``parser_size`` is the number of internal nodes. This is the
    layout (and the class name) of Chainer's pickles.

    Args:
        tree: the tree as nested pairs (see :class:`BinaryHierarchicalSoftmax`).
        leaves (list): the leaves in the order of their numbers.
    """

    def __init__(self, tree, leaves=None):
        super().__init__()
        parser = _TreeParser(tree)
        if leaves is None:
            leaves = sorted(parser.paths)
        lengths = numpy.array([len(parser.paths[leaf]) for leaf in leaves],
                              dtype=numpy.int32)
        self.begins = numpy.concatenate([[0], numpy.cumsum(lengths)]).astype(
            numpy.int32)
        total = int(lengths.sum())
        self.paths = numpy.concatenate(
            [parser.paths[leaf] for leaf in leaves]).astype(numpy.int32) \
            if total else numpy.zeros(0, numpy.int32)
        self.codes = numpy.concatenate(
            [parser.codes[leaf] for leaf in leaves]).astype(numpy.float32) \
            if total else numpy.zeros(0, numpy.float32)
        self.parser_size = parser.size

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.paths = visitor.visit_array(self.paths)
        self.codes = visitor.visit_array(self.codes)
        self.begins = visitor.visit_array(self.begins)


def _leaf_order(leaves):
    """The leaves in numbering order, and their numbers (None: the leaves are
    the integers 0 .. n - 1 themselves, as Chainer requires)."""
    if all(isinstance(leaf, (int, numpy.integer)) and not isinstance(leaf, bool)
           for leaf in leaves):
        ordered = sorted(leaves)
        if ordered == list(range(len(ordered))):
            return ordered, None
    else:
        ordered = sorted(leaves, key=repr)
    return ordered, {leaf: k for k, leaf in enumerate(ordered)}


class BinaryHierarchicalSoftmax(link.Link):
    """Hierarchical softmax layer over a binary tree (Morin and Bengio, 2005).

    The words are the leaves of a binary tree. Each internal node ``n`` has a
    weight vector ``W[n]``; from an input ``x`` the probability of going to the
    first child is ``sigmoid(W[n] . x)``, so the probability of a word is the
    product along its path, and the loss of an example is::

        -log p(t | x) = sum_{n on the path of t} softplus(-code_n W[n] . x)

    with ``code_n = +1`` at a turn to the first child and ``-1`` to the second.
    The cost is proportional to the depth of the tree instead of the vocabulary
    size; a Huffman tree (:meth:`create_huffman_tree`) makes frequent words
    cheap.

    Args:
        in_size (int): input size.
        tree: the binary tree: nested pairs ``(left, right)`` whose leaves are
            the word ids, usually the integers ``0 .. n - 1`` (other hashable
            leaves work here, but such a link does not load in Chainer); for
            example ``((0, 1), ((2, 3), 4))``.
        dtype: dtype of ``W`` (default ``config.dtype``).

    Attributes:
        W (Parameter): ``(number of internal nodes, in_size)``, drawn uniformly
            from ``[-1, 1]``.
    """

    _leaves = None  # leaf -> number, when the leaves are not 0 .. n - 1

    def __init__(self, in_size, tree, dtype=None):
        super().__init__()
        leaves, numbers = _leaf_order(list(_TreeParser(tree).paths))
        self._func = BinaryHierarchicalSoftmaxFunction(tree, leaves)
        if numbers is not None:
            self._leaves = numbers
        dtype = chainer.get_dtype(dtype)
        with self.init_scope():
            self.W = variable.Parameter(initializers.Uniform(1, dtype=dtype),
                                        (self._func.parser_size, in_size))

    @property
    def in_size(self):
        """The input size (derived from ``W``)."""
        return self.W.shape[1]

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self._func.device_resident_accept(visitor)

    @staticmethod
    def create_huffman_tree(word_counts):
        """Build a Huffman tree (nested pairs) from ``{word: count}``.

        The two least frequent subtrees are merged repeatedly (ties broken by
        their order of creation, words first in the dictionary's order), so
        frequent words get short paths.
        """
        if len(word_counts) == 0:
            raise ValueError('create_huffman_tree: word_counts is empty')
        heap = [(count, uid, word)
                for uid, (word, count) in enumerate(word_counts.items())]
        heapq.heapify(heap)
        uid = len(heap)
        while len(heap) >= 2:
            count1, _, node1 = heapq.heappop(heap)
            count2, _, node2 = heapq.heappop(heap)
            heapq.heappush(heap, (count1 + count2, uid, (node1, node2)))
            uid += 1
        return heap[0][2]

    def _leaf_indices(self, t):
        t = numpy.asarray(chainer.backends.cuda.to_cpu(
            t.array if isinstance(t, variable.Variable) else t))
        if t.ndim != 1:
            raise ValueError('BinaryHierarchicalSoftmax: t must be 1-dimensional, '
                             'got shape {}'.format(t.shape))
        if self._leaves is None:
            n = len(self._func.begins) - 1
            bad = (t < 0) | (t >= n) if t.dtype.kind in 'iu' else numpy.ones(
                t.shape, bool)
            if bad.any():
                raise ValueError('BinaryHierarchicalSoftmax: the label {!r} is not a '
                                 'leaf of the tree'.format(t[bad][0].item()))
            return t.astype(numpy.intp)
        try:
            return numpy.array([self._leaves[v.item()] for v in t], dtype=numpy.intp)
        except KeyError as e:
            raise ValueError('BinaryHierarchicalSoftmax: the label {!r} is not a '
                             'leaf of the tree'.format(e.args[0])) from None

    def forward(self, x, t):
        """The loss summed over the batch.

        Args:
            x (Variable or array): inputs ``(batch, in_size)``.
            t (Variable or array): word ids ``(batch,)``.
        Returns:
            Variable: a scalar, ``sum_b -log p(t_b | x_b)``.
        """
        F = chainer.functions
        if x.ndim != 2 or x.shape[1] != self.in_size:
            raise ValueError('BinaryHierarchicalSoftmax: x must have shape (batch, '
                             '{}), got {}'.format(self.in_size, x.shape))
        leaves = self._leaf_indices(t)
        if len(leaves) != x.shape[0]:
            raise ValueError('BinaryHierarchicalSoftmax: x has {} rows but t has {} '
                             'labels'.format(x.shape[0], len(leaves)))
        func = self._func
        begins = chainer.backends.cuda.to_cpu(func.begins)
        lengths = begins[leaves + 1] - begins[leaves]
        # One row per (example, node on its path).
        rows = numpy.repeat(numpy.arange(len(leaves)), lengths)
        offsets = numpy.arange(lengths.sum()) - numpy.repeat(
            numpy.cumsum(lengths) - lengths, lengths)
        positions = numpy.repeat(begins[leaves], lengths) + offsets
        xp = self.xp
        paths = func.paths[xp.asarray(positions)]
        codes = func.codes[xp.asarray(positions)]
        if len(rows) == 0:
            return F.sum(x[:0, 0])
        wx = F.sum(F.get_item(self.W, paths) * F.get_item(x, xp.asarray(rows)),
                   axis=1)
        return F.sum(F.softplus(-codes.astype(wx.dtype) * wx))
