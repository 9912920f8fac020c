"""Differentiable collective communication: bcast, gather, scatter, allgather,
alltoall. Every process must call the same function (and, for the backward
pass, backpropagate through it) in the same order."""
import chainer
from chainer import backend

from chainermn.functions.point_to_point_communication import _dummy_input
from chainermn.functions.point_to_point_communication import _spec
from chainermn.functions.point_to_point_communication import _to_xp
from chainermn.functions.point_to_point_communication import _zeros


def _grads(grad_outputs, specs):
    return [_zeros(spec) if gy is None else gy.array
            for gy, spec in zip(grad_outputs, specs)]


def _var(a, spec):
    shape, dtype, xp = spec
    return chainer.Variable(_to_xp(a, xp).astype(dtype, copy=False))


class AllGather(chainer.FunctionNode):
    """``allgather``: every process gets the arrays of all processes."""

    def __init__(self, comm):
        self.comm = comm

    def forward(self, inputs):
        x, = inputs
        self._in_spec = _spec(x)
        ys = self.comm.allgather(x)
        self._out_specs = [_spec(y) for y in ys]
        return tuple(ys)

    def backward(self, indexes, grad_outputs):
        gys = _grads(grad_outputs, self._out_specs)
        # gys[j] belongs to the array of process j: send it back there and sum
        # what every process sends for our own array.
        received = self.comm.alltoall(tuple(gys))
        gx = received[0]
        for g in received[1:]:
            gx = gx + g
        return _var(gx, self._in_spec),


class AllToAll(chainer.FunctionNode):
    """``alltoall``: process i's ``xs[j]`` goes to process j."""

    def __init__(self, comm):
        self.comm = comm

    def forward(self, inputs):
        self._in_specs = [_spec(x) for x in inputs]
        ys = self.comm.alltoall(tuple(inputs))
        self._out_specs = [_spec(y) for y in ys]
        return tuple(ys)

    def backward(self, indexes, grad_outputs):
        gys = _grads(grad_outputs, self._out_specs)
        gxs = self.comm.alltoall(tuple(gys))
        return tuple(_var(gxs[i], self._in_specs[i]) for i in indexes)


class _Rooted(chainer.FunctionNode):
    """A collective operation with a root process."""

    def __init__(self, comm, root):
        self.comm = comm
        self.root = root

    def _from_root(self, operation, value):
        """``operation(value, root=root)`` (``comm.bcast`` or ``comm.scatter``),
        ``value`` given by the root process only (None elsewhere)."""
        return operation(value if self.comm.rank == self.root else None,
                         root=self.root)


class Bcast(_Rooted):
    """``bcast``: the array of ``root`` on every process; the gradients of all
    processes are summed into ``root``'s input."""

    def forward(self, inputs):
        x, = inputs
        self._in_spec = _spec(x)
        y = self._from_root(self.comm.bcast, x)
        self._out_spec = _spec(y)
        return y,

    def backward(self, indexes, grad_outputs):
        gy, = _grads(grad_outputs, [self._out_spec])
        gys = self.comm.gather(gy, root=self.root)
        if self.comm.rank == self.root:
            gx = gys[0]
            for g in gys[1:]:
                gx = gx + g
            return _var(gx, self._in_spec),
        return chainer.Variable(_zeros(self._in_spec)),


class Gather(_Rooted):
    """``gather``: the arrays of all processes on ``root``; the others get a
    delegate variable whose backward receives their gradient."""

    def forward(self, inputs):
        x, = inputs
        self._in_spec = _spec(x)
        ys = self.comm.gather(x, root=self.root)
        if self.comm.rank == self.root:
            self._out_specs = [_spec(y) for y in ys]
            return tuple(ys)
        xp = backend.get_array_module(x)
        return xp.zeros((), dtype=x.dtype),

    def backward(self, indexes, grad_outputs):
        gys = None
        if self.comm.rank == self.root:
            gys = tuple(_grads(grad_outputs, self._out_specs))
        gx = self._from_root(self.comm.scatter, gys)
        return _var(gx, self._in_spec),


class Scatter(_Rooted):
    """``scatter``: process i gets ``xs[i]`` of ``root``; the gradients are
    gathered back into ``root``'s inputs."""

    def forward(self, inputs):
        self._in_specs = [_spec(x) for x in inputs]
        y = self._from_root(self.comm.scatter, tuple(inputs))
        self._out_spec = _spec(y)
        return y,

    def backward(self, indexes, grad_outputs):
        gy, = _grads(grad_outputs, [self._out_spec])
        gxs = self.comm.gather(gy, root=self.root)
        if self.comm.rank == self.root:
            return tuple(_var(gxs[i], self._in_specs[i]) for i in indexes)
        return tuple(chainer.Variable(_zeros(self._in_specs[i])) for i in indexes)


def _as_variable(x):
    if isinstance(x, chainer.Variable):
        if not x.requires_grad and x.creator_node is None:
            return chainer.Variable(x.array, requires_grad=True)
        return x
    return chainer.Variable(x, requires_grad=True)


def allgather(comm, x):
    """Gather the variable ``x`` of every process, on every process.

    Args:
        comm: the ChainerMN communicator.
        x (~chainer.Variable): this process's variable (shapes may differ).

    Returns:
        tuple of ~chainer.Variable: the variables of processes 0, 1, ...; the
        gradient of ``x`` is the sum of the gradients all processes give to it.
    """
    return AllGather(comm).apply((_as_variable(x),))


def alltoall(comm, xs):
    """Send ``xs[i]`` to process ``i`` and receive one variable from each.

    Args:
        comm: the ChainerMN communicator.
        xs (tuple of ~chainer.Variable): one variable per process.

    Returns:
        tuple of ~chainer.Variable: the variables received from processes
        0, 1, ...
    """
    if not isinstance(xs, (list, tuple)) or len(xs) != comm.size:
        raise ValueError('alltoall: xs must be a list or tuple of {} variables (one '
                         'per process), got {}'.format(
                             comm.size, len(xs) if isinstance(xs, (list, tuple))
                             else type(xs).__name__))
    return AllToAll(comm).apply(tuple(_as_variable(x) for x in xs))


def bcast(comm, x, root=0):
    """The variable ``x`` of ``root``, on every process.

    Args:
        comm: the ChainerMN communicator.
        x (~chainer.Variable): the variable on ``root`` (ignored elsewhere;
            pass None).
        root (int): the sending process.

    Returns:
        ~chainer.Variable: the broadcast variable. Backpropagation sums the
        gradients of all processes into ``x`` on ``root``.
    """
    if comm.rank == root:
        if x is None:
            raise ValueError('bcast: the root process must give x, got None')
        x = _as_variable(x)
    else:
        x = _dummy_input()
    y, = Bcast(comm, root).apply((x,))
    return y


def gather(comm, x, root=0):
    """Gather the variable ``x`` of every process on ``root``.

    Returns:
        On ``root``, a tuple of the variables of processes 0, 1, ...; on the
        other processes a delegate variable of shape ``()``: call its
        ``backward()`` (or :func:`pseudo_connect` it into a loss) so that the
        gradient of ``x`` comes back from ``root``.
    """
    ys = Gather(comm, root).apply((_as_variable(x),))
    if comm.rank == root:
        return ys
    return ys[0]


def scatter(comm, xs, root=0):
    """Process ``i`` gets ``xs[i]`` of ``root``.

    Args:
        comm: the ChainerMN communicator.
        xs (tuple of ~chainer.Variable): on ``root``, one variable per process
            (ignored elsewhere; pass None).
        root (int): the sending process.

    Returns:
        ~chainer.Variable: this process's variable.
    """
    if comm.rank == root:
        if not isinstance(xs, (list, tuple)) or len(xs) != comm.size:
            raise ValueError('scatter: xs must be a list or tuple of {} variables on '
                             'the root process'.format(comm.size))
        inputs = tuple(_as_variable(x) for x in xs)
    else:
        inputs = (_dummy_input(),)
    y, = Scatter(comm, root).apply(inputs)
    return y
