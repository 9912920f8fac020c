"""The gradients collected during one backward pass: :class:`GradTable`.

The engine (:mod:`chainer._backprop`) walks the graph; the table does the
bookkeeping of what reaches each variable node:

* the sum of every gradient that reached a node so far, kept as one Variable;
* which of those sums the pass made itself (``_owned``): nobody else holds them,
  so a further gradient is added to them in place; any other gradient may be
  shared (an addition's backward hands one array to both its inputs) and is
  never modified;
* deferred sums (:class:`DeferredGrad`): in a plain pass on NumPy arrays, a
  backward may hand over the factors of a gradient instead of the gradient, and
  the table merges those of all steps and computes the sum once, when it is
  needed (see ``may_defer`` in :mod:`chainer._backprop`);
* the nodes whose gradients stay in the table when read (the targets of
  :func:`chainer.grad`).
"""
import numpy

import chainer
from chainer import configuration
from chainer.utils import _scatter


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
        """The whole gradient, as an array that nobody else holds."""
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
        out = numpy.zeros(self.shape, self.dtype) if partial is None else partial
        if len(parts) == 1:
            ids, rows = parts[0]
        else:
            ids = numpy.concatenate([p[0] for p in parts])
            rows = numpy.concatenate([p[1] for p in parts])
        _scatter.scatter_add(out, ids, rows)
        return out


def as_grad_variable(g):
    """A gradient as a Variable that does not require one (None stays None)."""
    if g is None or isinstance(g, chainer.Variable):
        return g
    return chainer.Variable._new(g, False)


def add(a, b):
    """The sum of two gradient Variables, as a new Variable.

    Under ``enable_backprop`` (double backprop) the addition is recorded in the
    graph; otherwise the arrays are added.
    """
    if configuration.config.enable_backprop:
        return a + b
    # (0-d arrays add up to a NumPy scalar: keep an array.)
    return chainer.Variable._new(chainer.utils.force_array(a._data + b._data), False)


def raise_grad_mismatch(func, index, node, data):
    """ValueError: the gradient ``data`` of input ``index`` of ``func`` does not have
    the shape or dtype of the input ``node``."""
    if data.dtype != node.dtype:
        raise ValueError(
            'dtype of gradients returned from backward is incorrect: the gradient '
            'computed by {0}.backward for input {1} has dtype {2}, but the input has '
            'dtype {3}'.format(func.label, index, data.dtype, node.dtype))
    raise ValueError(
        'shape of gradients returned from backward is incorrect: the gradient '
        'computed by {0}.backward for input {1} has shape {2}, but the input has '
        'shape {3}'.format(func.label, index, data.shape, node.shape))


class GradTable:
    """The gradient of each variable node reached so far in one backward pass.

    Args:
        double_backprop (bool): whether the pass records a graph; sums are then
            recorded additions, never in-place ones.
        keep (iterable of VariableNode): nodes whose gradients stay in the table
            when a backward method reads them (the targets of ``chainer.grad``).
    """

    keep = frozenset()
    _deferred = False

    def __init__(self, double_backprop, keep=None):
        self._grads = {}
        # Sums this pass made itself (id -> Variable): nobody else holds them.
        self._owned = {}
        self._double = double_backprop
        if keep:
            self.keep = frozenset(keep)

    def seed(self, node, g):
        """Start ``node`` with the gradient ``g`` (a Variable), added to any it has."""
        grads = self._grads
        grads[node] = add(grads[node], g) if node in grads else g

    def add(self, func, i, gx):
        """Accumulate ``gx``, the gradient of input ``i`` of ``func`` (a Variable, an
        array or a DeferredGrad), after checking its shape and dtype; return the
        input node."""
        node = func.inputs[i]
        try:
            data = gx._data
        except AttributeError:   # not a Variable
            if isinstance(gx, DeferredGrad):
                if gx.shape != node.shape or gx.dtype != node.dtype:
                    raise_grad_mismatch(func, i, node, gx)
                self._add_deferred(node, gx)
                return node
            gx = as_grad_variable(gx)
            data = gx._data
        if data is not None and (data.shape != node.shape or data.dtype != node.dtype):
            raise_grad_mismatch(func, i, node, data)
        grads = self._grads
        prev = grads.get(node)
        if prev is None:
            grads[node] = gx
        elif self._double:
            grads[node] = prev + gx
        elif id(prev) in self._owned:
            prev._data += data   # a sum this pass made: nobody else holds it
        elif isinstance(prev, DeferredGrad):
            prev.extra.append(data)
        else:
            total = add(prev, gx)
            self._owned[id(total)] = total
            grads[node] = total
        return node

    def _add_deferred(self, node, gx):
        self._deferred = True
        grads = self._grads
        prev = grads.get(node)
        if prev is None:
            grads[node] = gx
        elif isinstance(prev, DeferredGrad):
            if not prev.absorb(gx):
                prev.extra.append(gx.materialize())
        else:
            self._owned.pop(id(prev), None)
            gx.extra.append(prev._data)
            grads[node] = gx

    def take(self, node):
        """The gradient of ``node`` for a backward method, out of the table (unless
        kept), or None.

        From now on it may be shared (a backward may pass it on to several inputs,
        or, for a target, to the caller): it is never added to in place again.
        """
        g = self._grads.get(node) if node in self.keep else self._grads.pop(node, None)
        if g is None:
            return None
        if isinstance(g, DeferredGrad):
            g = self._materialize(g)
            if node in self.keep:
                self._grads[node] = g
        if self._owned:
            self._owned.pop(id(g), None)
        return g

    def take_outputs(self, func):
        """The gradients of the outputs of ``func``, as :meth:`take` gives them (None
        where none reached an output, or where the output is gone); None if no
        gradient reached any of them."""
        grads = []
        reached = False
        for ref in func.outputs:
            node = ref()
            if node is None:
                g = None
            elif self.keep or self._deferred:
                g = self.take(node)
            else:
                g = self._grads.pop(node, None)   # what take() does, here
                if g is not None and self._owned:
                    self._owned.pop(id(g), None)
            if g is not None:
                reached = True
            grads.append(g)
        return tuple(grads) if reached else None

    def take_total(self, node):
        """The gradient of ``node`` so far, out of the table, for a backward that
        adds it into its own result (``backward_accumulate``)."""
        g = self._grads.pop(node, None)
        if isinstance(g, DeferredGrad):
            g = chainer.Variable._new(g.materialize(), False)
        return g

    def _materialize(self, d):
        v = chainer.Variable._new(d.materialize(), False)
        self._owned[id(v)] = v
        return v

    def finish(self):
        """The table, node to gradient Variable, with every deferred sum computed."""
        grads = self._grads
        if self._deferred:
            for node, g in grads.items():
                if isinstance(g, DeferredGrad):
                    grads[node] = self._materialize(g)
        return grads
