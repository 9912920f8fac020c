"""Differentiable communication: values and gradients on every rank."""
import numpy
import pytest

import chainer
import chainer.functions as F

import chainermn.functions as MF


def _x(rank, shape, dtype=numpy.float32):
    n = int(numpy.prod(shape))
    return ((numpy.arange(n) + 1.) * (rank + 1) / n).reshape(shape).astype(dtype)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_pipeline_send_recv_gradients(comm, dtype):
    # Rank r computes h = tanh(w_r * h_prev); the last rank computes
    # loss = sum(h ** 2). Gradients flow back through every send/recv.
    ws = [1.0 + 0.1 * r for r in range(comm.size)]
    x0 = _x(0, (2, 3), dtype)
    w = chainer.Variable(numpy.asarray(ws[comm.rank], dtype=dtype))
    if comm.rank == 0:
        h_in = chainer.Variable(x0)
    else:
        h_in = MF.recv(comm, comm.rank - 1)
    h = F.tanh(F.broadcast_to(w, h_in.shape) * h_in)
    if comm.rank < comm.size - 1:
        MF.send(h, comm, comm.rank + 1).backward()
    else:
        F.sum(h * h).backward()
    # Reference, computed on every rank in float64.
    hs = [x0.astype(numpy.float64)]
    for r in range(comm.size):
        hs.append(numpy.tanh(ws[r] * hs[-1]))
    g = 2 * hs[-1]
    grads_w = [None] * comm.size
    for r in reversed(range(comm.size)):
        pre = g * (1 - hs[r + 1] ** 2)
        grads_w[r] = (pre * hs[r]).sum()
        g = pre * ws[r]
    tol = dict(rtol=5e-2, atol=5e-2) if dtype == numpy.float16 else dict(rtol=1e-5)
    numpy.testing.assert_allclose(float(w.grad), grads_w[comm.rank], **tol)
    if comm.rank == 0:
        numpy.testing.assert_allclose(h_in.grad, g, **tol)
    numpy.testing.assert_allclose(h.array, hs[comm.rank + 1], **tol)


def test_send_tuple_and_recv_force_tuple(comm):
    nxt, prev = (comm.rank + 1) % comm.size, (comm.rank - 1) % comm.size
    a = chainer.Variable(_x(comm.rank, (2,)))
    b = chainer.Variable(_x(comm.rank, (3, 1)))
    if comm.rank == 0:
        phi = MF.send((a, b), comm, nxt)
        ys = MF.recv(comm, prev, delegate_variable=phi, force_tuple=True)
    else:
        ys = MF.recv(comm, prev, force_tuple=True)
    assert isinstance(ys, tuple) and len(ys) == 2
    # Rank 0's pair travels around the ring unchanged.
    numpy.testing.assert_array_equal(ys[0].array, _x(0, (2,)))
    numpy.testing.assert_array_equal(ys[1].array, _x(0, (3, 1)))
    loss = F.sum(ys[0]) * 2 + F.sum(ys[1]) * 3
    if comm.rank != 0:
        phi = MF.send((ys[0] * 1, ys[1] * 1), comm, nxt)
        loss, = MF.pseudo_connect(phi, loss)
    loss.backward()
    # Every rank's a and b get the gradient of the next rank: 2 and 3 from the
    # direct loss of the next rank, plus what it passed on.
    if comm.rank == 0:
        # Rank 0's values travel the whole ring; each rank adds 2 (resp. 3).
        numpy.testing.assert_allclose(a.grad, numpy.full(2, 2. * comm.size))
        numpy.testing.assert_allclose(b.grad, numpy.full((3, 1), 3. * comm.size))


def test_send_to_self_is_rejected(comm):
    with pytest.raises(ValueError, match='deadlock'):
        MF.send(chainer.Variable(numpy.zeros(1, numpy.float32)), comm, comm.rank)
    with pytest.raises(ValueError, match='deadlock'):
        MF.recv(comm, comm.rank)


def test_allgather(comm):
    x = chainer.Variable(_x(comm.rank, (comm.rank + 1, 2)))
    ys = MF.allgather(comm, x)
    assert len(ys) == comm.size
    for r, y in enumerate(ys):
        numpy.testing.assert_array_equal(y.array, _x(r, (r + 1, 2)))
    # loss_k = sum_r (k + 1) * sum(ys[r]) on rank k: d/dx_r = sum_k (k + 1).
    loss = sum(F.sum(y) for y in ys) * (comm.rank + 1)
    loss.backward()
    total = comm.size * (comm.size + 1) / 2
    numpy.testing.assert_allclose(x.grad, numpy.full(x.shape, total))


def test_alltoall(comm):
    xs = [chainer.Variable(numpy.full((comm.rank + 1, j + 1), 10. * comm.rank + j,
                                      numpy.float32)) for j in range(comm.size)]
    ys = MF.alltoall(comm, xs)
    for i, y in enumerate(ys):
        numpy.testing.assert_array_equal(
            y.array, numpy.full((i + 1, comm.rank + 1), 10. * i + comm.rank))
    # Rank k weighs what it received from i by (k + 1) * (i + 1).
    loss = sum(F.sum(y) * ((comm.rank + 1) * (i + 1)) for i, y in enumerate(ys))
    loss.backward()
    for j, x in enumerate(xs):
        # x_j of this rank went to rank j, which weighs it by (j + 1)(rank + 1).
        numpy.testing.assert_allclose(
            x.grad, numpy.full(x.shape, (j + 1) * (comm.rank + 1)))
    with pytest.raises(ValueError, match='one\\s+per process'):
        MF.alltoall(comm, xs[:1] + xs if comm.size else xs)


@pytest.mark.parametrize('root', [0, 1])
def test_bcast(comm, root):
    x = chainer.Variable(_x(7, (3, 2)))
    y = MF.bcast(comm, x if comm.rank == root else None, root=root)
    numpy.testing.assert_array_equal(y.array, _x(7, (3, 2)))
    (F.sum(y) * (comm.rank + 1)).backward()
    if comm.rank == root:
        numpy.testing.assert_allclose(
            x.grad, numpy.full((3, 2), comm.size * (comm.size + 1) / 2))
    else:
        assert x.grad is None


@pytest.mark.parametrize('root', [0, 1])
def test_gather(comm, root):
    x = chainer.Variable(_x(comm.rank, (comm.rank + 1,)))
    out = MF.gather(comm, x, root=root)
    if comm.rank == root:
        assert len(out) == comm.size
        for r, y in enumerate(out):
            numpy.testing.assert_array_equal(y.array, _x(r, (r + 1,)))
        sum(F.sum(y) * (r + 1) for r, y in enumerate(out)).backward()
    else:
        assert out.shape == ()
        out.backward()
    numpy.testing.assert_allclose(x.grad, numpy.full(x.shape, comm.rank + 1.))


@pytest.mark.parametrize('root', [0, 1])
def test_scatter(comm, root):
    xs = [chainer.Variable(_x(r, (2, r + 1))) for r in range(comm.size)]
    y = MF.scatter(comm, xs if comm.rank == root else None, root=root)
    numpy.testing.assert_array_equal(y.array, _x(comm.rank, (2, comm.rank + 1)))
    (F.sum(y) * (comm.rank + 1)).backward()
    if comm.rank == root:
        for r, x in enumerate(xs):
            numpy.testing.assert_allclose(x.grad, numpy.full(x.shape, r + 1.))
    else:
        assert all(x.grad is None for x in xs)
