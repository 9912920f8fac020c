"""Differentiable send and receive between two processes."""
import numpy

import chainer
from chainer import backend


def _zeros(spec):
    shape, dtype, xp = spec
    return xp.zeros(shape, dtype=dtype)


def _spec(a):
    return (a.shape, a.dtype, backend.get_array_module(a))


def _to_xp(a, xp):
    """``a`` moved to the array module ``xp`` (NumPy or CuPy) if it is not there."""
    if backend.get_array_module(a) is xp:
        return a
    if xp is numpy:
        return a.get()
    from chainer.backends import cuda
    return cuda.to_gpu(a)


def _dummy_input():
    # A 0-d input that requires a gradient, so that the backward pass reaches
    # a communication node that has no real input.
    return chainer.Variable(numpy.zeros((), dtype=numpy.float32), requires_grad=True)


def _as_grad_inputs(xs):
    """Variables that require gradients (arrays are wrapped), so that the
    backward pass reaches the communication node even from plain arrays."""
    out = []
    for x in xs:
        if isinstance(x, chainer.Variable):
            if not x.requires_grad and x.creator_node is None:
                x = chainer.Variable(x.array, requires_grad=True)
        else:
            x = chainer.Variable(x, requires_grad=True)
        out.append(x)
    return out


class Send(chainer.FunctionNode):
    """Send arrays to ``peer_rank``; its backward receives their gradients."""

    def __init__(self, comm, peer_rank, peer_tag, as_tuple):
        self.comm = comm
        self.peer_rank = peer_rank
        self.peer_tag = peer_tag
        self.as_tuple = as_tuple

    @property
    def label(self):
        return 'Send(to={})'.format(self.peer_rank)

    def forward(self, inputs):
        self._in_specs = [_spec(x) for x in inputs]
        data = tuple(inputs) if self.as_tuple else inputs[0]
        self.comm.send(data, self.peer_rank, self.peer_tag)
        # A 0-d "delegate" output: calling backward() on it receives the
        # gradients of what was sent.
        xp = backend.get_array_module(*inputs)
        return xp.zeros((), dtype=inputs[0].dtype),

    def backward(self, indexes, grad_outputs):
        gxs = self.comm.recv(self.peer_rank, self.peer_tag)
        if not isinstance(gxs, tuple):
            gxs = (gxs,)
        if len(gxs) != len(self._in_specs):
            raise RuntimeError(
                'send: expected {} gradients back from rank {}, received {}'.format(
                    len(self._in_specs), self.peer_rank, len(gxs)))
        out = []
        for g, (shape, dtype, xp) in zip(gxs, self._in_specs):
            g = _to_xp(g, xp)
            out.append(chainer.Variable(g.astype(dtype, copy=False)))
        return tuple(out[i] for i in indexes)


class Recv(chainer.FunctionNode):
    """Receive arrays from ``peer_rank``; its backward sends their gradients."""

    def __init__(self, comm, peer_rank, peer_tag):
        self.comm = comm
        self.peer_rank = peer_rank
        self.peer_tag = peer_tag

    @property
    def label(self):
        return 'Recv(from={})'.format(self.peer_rank)

    def forward(self, inputs):
        self._delegate_spec = _spec(inputs[0])
        data = self.comm.recv(self.peer_rank, self.peer_tag)
        self.is_tuple = isinstance(data, tuple)
        outputs = data if self.is_tuple else (data,)
        self._out_specs = [_spec(y) for y in outputs]
        return tuple(outputs)

    def backward(self, indexes, grad_outputs):
        gys = tuple(_zeros(spec) if gy is None else gy.array
                    for gy, spec in zip(grad_outputs, self._out_specs))
        self.comm.send(gys if self.is_tuple else gys[0], self.peer_rank,
                       self.peer_tag)
        # The delegate input gets a zero gradient, so that the backward pass
        # goes on to the communication that produced it.
        return chainer.Variable(_zeros(self._delegate_spec)),


def send(x, communicator, rank, tag=0):
    """Send a variable (or a tuple/list of them) to another process.

    Returns a "delegate" variable of shape ``()``. Calling ``backward()`` on it
    (or on anything it is connected to with :func:`pseudo_connect`) receives
    the gradients from ``rank`` and backpropagates them into ``x``. Arrays are
    accepted too; they are treated as variables that require gradients, so the
    gradient exchange still happens.

    Args:
        x: a Variable or array, or a tuple/list of them.
        communicator: the ChainerMN communicator.
        rank (int): the destination (not this process).
        tag (int): the MPI tag.

    Returns:
        ~chainer.Variable: the delegate variable.
    """
    if rank == communicator.rank:
        raise ValueError('send: rank must differ from the rank of this process '
                         '({}); sending to itself would deadlock'.format(rank))
    as_tuple = isinstance(x, (list, tuple))
    xs = list(x) if as_tuple else [x]
    if not xs:
        raise ValueError('send: nothing to send (an empty {})'.format(
            type(x).__name__))
    return Send(communicator, rank, tag, as_tuple).apply(_as_grad_inputs(xs))[0]


def recv(communicator, rank, delegate_variable=None, tag=0, force_tuple=False):
    """Receive variables sent by :func:`send` from another process.

    Calling ``backward()`` on what is computed from the result sends the
    gradients back to ``rank``.

    Args:
        communicator: the ChainerMN communicator.
        rank (int): the sender (not this process).
        delegate_variable (~chainer.Variable): the delegate returned by an
            earlier :func:`send` of this process; the backward pass then goes on
            from this receive into that send. Without it, a graph that is not
            otherwise connected would stop here.
        tag (int): the MPI tag.
        force_tuple (bool): return a tuple even for a single variable.

    Returns:
        ~chainer.Variable or tuple: the received variable(s) (a tuple if a
        tuple or list was sent, or ``force_tuple``).
    """
    if rank == communicator.rank:
        raise ValueError('recv: rank must differ from the rank of this process '
                         '({}); receiving from itself would deadlock'.format(rank))
    if delegate_variable is None:
        delegate_variable = _dummy_input()
    node = Recv(communicator, rank, tag)
    ys = node.apply((delegate_variable,))
    if node.is_tuple or force_tuple:
        return tuple(ys)
    return ys[0]
