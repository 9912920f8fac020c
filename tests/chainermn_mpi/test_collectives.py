"""Array and object collectives of the MPI communicators, on every rank."""
import warnings

import numpy
import pytest

import chainer
import chainer.links as L

import chainermn
from chainermn.communicators import _communication_utility


DTYPES = [numpy.float16, numpy.float32, numpy.float64, numpy.int32, numpy.int64]


def _data(rank, shape, dtype):
    # Different on every rank, known to every rank.
    n = int(numpy.prod(shape))
    return (numpy.arange(n) % 7 + 10 * rank).reshape(shape).astype(dtype)


def test_layout(comm):
    from mpi4py import MPI
    world = MPI.COMM_WORLD
    assert comm.rank == world.rank and comm.size == world.size
    # One machine: a single node holding every process.
    assert comm.inter_size == 1 and comm.inter_rank == 0
    assert comm.intra_size == comm.size and comm.intra_rank == comm.rank
    ranks = world.allgather(comm.rank)
    assert ranks == list(range(comm.size))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape', [(), (5,), (3, 4)])
def test_send_recv_ring(comm, dtype, shape):
    nxt, prev = (comm.rank + 1) % comm.size, (comm.rank - 1) % comm.size
    x = _data(comm.rank, shape, dtype)
    if comm.rank % 2 == 0:
        comm.send(x, nxt, 3)
        y = comm.recv(prev, 3)
    else:
        y = comm.recv(prev, 3)
        comm.send(x, nxt, 3)
    expected = _data(prev, shape, dtype)
    assert y.dtype == numpy.dtype(dtype) and y.shape == shape
    numpy.testing.assert_array_equal(y, expected)


def test_send_recv_tuple_and_non_contiguous(comm):
    base = numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4) + comm.rank
    xs = (base[:, 1, :], base.T, numpy.zeros((0, 2), numpy.int8))
    nxt, prev = (comm.rank + 1) % comm.size, (comm.rank - 1) % comm.size
    if comm.rank % 2 == 0:
        comm.send(xs, nxt, 0)
        ys = comm.recv(prev, 0)
    else:
        ys = comm.recv(prev, 0)
        comm.send(list(xs), nxt, 0)
    other = numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4) + prev
    assert isinstance(ys, tuple) and len(ys) == 3
    numpy.testing.assert_array_equal(ys[0], other[:, 1, :])
    numpy.testing.assert_array_equal(ys[1], other.T)
    assert ys[2].shape == (0, 2) and ys[2].dtype == numpy.int8


@pytest.mark.parametrize('root', [0, 1])
@pytest.mark.parametrize('dtype', DTYPES)
def test_bcast(comm, root, dtype):
    x = _data(root, (4, 3), dtype)
    y = comm.bcast(x if comm.rank == root else None, root=root)
    numpy.testing.assert_array_equal(y, _data(root, (4, 3), dtype))
    assert y.dtype == numpy.dtype(dtype)
    # In small pieces.
    y = comm.bcast(x if comm.rank == root else None, max_buf_len=5, root=root)
    numpy.testing.assert_array_equal(y, _data(root, (4, 3), dtype))


@pytest.mark.parametrize('dtype', DTYPES)
def test_gather_allgather_with_different_shapes(comm, dtype):
    x = _data(comm.rank, (comm.rank + 1, 2), dtype)
    ys = comm.gather(x, root=1)
    if comm.rank == 1:
        assert len(ys) == comm.size
        for r, y in enumerate(ys):
            numpy.testing.assert_array_equal(y, _data(r, (r + 1, 2), dtype))
    else:
        assert ys is None
    ys = comm.allgather(x)
    assert len(ys) == comm.size
    for r, y in enumerate(ys):
        numpy.testing.assert_array_equal(y, _data(r, (r + 1, 2), dtype))


def test_scatter(comm):
    xs = [_data(r, (r + 2,), numpy.float32) for r in range(comm.size)]
    y = comm.scatter(xs if comm.rank == 0 else None, root=0)
    numpy.testing.assert_array_equal(y, _data(comm.rank, (comm.rank + 2,),
                                              numpy.float32))
    if comm.rank == 0:
        with pytest.raises(ValueError, match='one per process'):
            comm.scatter(xs[:1], root=0)


def test_alltoall(comm):
    # Process i sends to process j an array of shape (i, j) filled with 10i + j.
    xs = [numpy.full((comm.rank, j), 10 * comm.rank + j, numpy.float64)
          for j in range(comm.size)]
    ys = comm.alltoall(xs)
    assert len(ys) == comm.size
    for i, y in enumerate(ys):
        assert y.shape == (i, comm.rank)
        numpy.testing.assert_array_equal(y, numpy.full((i, comm.rank),
                                                       10 * i + comm.rank))
    with pytest.raises(ValueError, match='one per process'):
        comm.alltoall(xs[:-1] if comm.size > 1 else xs + xs)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape', [(), (7,), (2, 3)])
def test_allreduce_sums(comm, dtype, shape):
    y = comm.allreduce(_data(comm.rank, shape, dtype))
    expected = sum(_data(r, shape, numpy.float64) for r in range(comm.size))
    assert y.shape == shape and y.dtype == numpy.dtype(dtype)
    numpy.testing.assert_allclose(y, expected)


def test_objects(comm):
    from mpi4py import MPI
    nxt, prev = (comm.rank + 1) % comm.size, (comm.rank - 1) % comm.size
    status = MPI.Status()
    if comm.rank % 2 == 0:
        comm.send_obj({'from': comm.rank}, nxt, tag=5)
        got = comm.recv_obj(prev, status=status)
    else:
        got = comm.recv_obj(prev, status=status, tag=5)
        comm.send_obj({'from': comm.rank}, nxt, tag=5)
    assert got == {'from': prev}
    assert status.Get_source() == prev and status.Get_tag() == 5
    assert comm.bcast_obj(['x', comm.rank] if comm.rank == 1 else None,
                          root=1) == ['x', 1]
    big = list(range(1000)) if comm.rank == 0 else None
    assert comm.bcast_obj(big, max_buf_len=37) == list(range(1000))
    gathered = comm.gather_obj(comm.rank * 2, root=0)
    assert gathered == ([2 * r for r in range(comm.size)] if comm.rank == 0 else None)
    assert comm.allreduce_obj(comm.rank + 1) == comm.size * (comm.size + 1) // 2


def test_chunked_bcast_obj_checks_the_chunk_size(comm):
    with pytest.raises(AssertionError):
        _communication_utility.chunked_bcast_obj(1, comm.mpi_comm, 0)
    with pytest.raises(AssertionError):
        _communication_utility.chunked_bcast_obj(
            1, comm.mpi_comm, _communication_utility.INT_MAX)


def test_split(comm):
    sub = comm.split(comm.rank % 2, comm.rank)
    members = [r for r in range(comm.size) if r % 2 == comm.rank % 2]
    assert sub.size == len(members) and sub.rank == members.index(comm.rank)
    assert type(sub) is type(comm)
    assert sub.allreduce_obj(comm.rank) == sum(members)
    sub.finalize()


def test_config(comm):
    assert comm.get_config('batched_copy') is True and comm.batched_copy
    comm.set_config('batched_copy', False)
    assert comm.get_config() == {'batched_copy': False}
    comm.set_config('batched_copy')
    assert comm.batched_copy is True
    with pytest.raises(ValueError, match='no configuration'):
        comm.set_config('no_such_option', 1)
    with pytest.raises(ValueError, match='no configuration'):
        comm.get_config('no_such_option')


class _Model(chainer.Chain):
    def __init__(self, dtype=numpy.float32):
        super().__init__()
        with self.init_scope():
            self.a = L.Linear(3, 2, initialW=chainer.initializers.Normal(dtype=dtype),
                              initial_bias=chainer.initializers.Zero(dtype=dtype))
            self.b = L.Linear(2, 4, initialW=chainer.initializers.Normal(dtype=dtype),
                              initial_bias=chainer.initializers.Zero(dtype=dtype))
            self.c = L.Linear(None, 2)


@pytest.mark.parametrize('batched_copy', [True, False])
def test_bcast_data_copies_rank0_in_place(comm, batched_copy):
    comm.set_config('batched_copy', batched_copy)
    model = _Model()
    model.a.W.array[...] = comm.rank + 1
    model.b.b.array[...] = -comm.rank
    w = model.a.W.array
    comm.bcast_data(model)
    assert model.a.W.array is w          # updated in place
    numpy.testing.assert_array_equal(model.a.W.array, numpy.ones((2, 3)))
    numpy.testing.assert_array_equal(model.b.b.array, numpy.zeros(4))
    assert model.c.W.array is None       # uninitialized: skipped


def _set_grads(model, rank):
    model.a.W.grad = numpy.full((2, 3), rank, model.a.W.dtype)
    model.a.b.grad = numpy.arange(2).astype(model.a.b.dtype) * (rank + 1)
    model.b.W.grad = numpy.full((4, 2), 2 * rank + 1, model.b.W.dtype)
    model.b.b.grad = numpy.full(4, -rank, model.b.b.dtype)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('batched_copy', [True, False])
def test_multi_node_mean_grad(comm, dtype, batched_copy):
    comm.set_config('batched_copy', batched_copy)
    model = _Model(dtype)
    size = comm.size
    mean_rank = (size - 1) / 2.
    for step in range(3):   # buffers are reused from the second call on
        model.cleargrads() if step == 2 else None
        _set_grads(model, comm.rank + step)
        before = model.a.W.grad, model.b.b.grad
        comm.multi_node_mean_grad(model)
        m = mean_rank + step
        # averaged in place, as Chainer's communicators do
        assert model.a.W.grad is before[0] and model.b.b.grad is before[1]
        assert model.a.W.grad.dtype == dtype
        numpy.testing.assert_allclose(model.a.W.grad, numpy.full((2, 3), m))
        numpy.testing.assert_allclose(model.a.b.grad, numpy.arange(2) * (m + 1))
        numpy.testing.assert_allclose(model.b.W.grad, numpy.full((4, 2), 2 * m + 1))
        numpy.testing.assert_allclose(model.b.b.grad, numpy.full(4, -m))
        # an uninitialized parameter is left alone: still no array, and no
        # gradient made up for it (None once cleargrads() has run)
        assert model.c.W.array is None
        if step == 2:
            assert model.c.W.grad is None


def test_multi_node_mean_grad_in_place_accumulation(comm):
    # Gradients that are the communicator's own buffers (after a first call)
    # are averaged correctly when they are accumulated in place.
    model = _Model()
    _set_grads(model, comm.rank)
    comm.multi_node_mean_grad(model)
    model.a.W.grad += 1
    comm.multi_node_mean_grad(model)
    numpy.testing.assert_allclose(model.a.W.grad,
                                  numpy.full((2, 3), (comm.size - 1) / 2. + 1))


class _BigModel(chainer.Chain):
    # Weights of 2 MiB (float32 and float64) and more: each is averaged where it
    # lies, by an allreduce of its own; the biases are packed together.
    def __init__(self, dtype):
        super().__init__()
        n = 2 * 1024 * 1024 // numpy.dtype(dtype).itemsize // 512
        with self.init_scope():
            self.big = L.Linear(512, n, initialW=chainer.initializers.Zero(dtype=dtype),
                                initial_bias=chainer.initializers.Zero(dtype=dtype))
            self.bigger = L.Linear(512, n + 7,
                                   initialW=chainer.initializers.Zero(dtype=dtype),
                                   initial_bias=chainer.initializers.Zero(dtype=dtype))
            self.small = L.Linear(3, 5, initialW=chainer.initializers.Zero(dtype=dtype),
                                  initial_bias=chainer.initializers.Zero(dtype=dtype))


def _rank_grad(shape, dtype, rank, k):
    # A different gradient on every rank and parameter, known everywhere.
    n = int(numpy.prod(shape))
    return ((numpy.arange(n) % 13) * (rank + 1) + k - 3 * rank).reshape(shape).astype(dtype)


def _expected_mean(shape, dtype, size, k):
    total = sum(_rank_grad(shape, numpy.float64, r, k) for r in range(size))
    return total / size


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_multi_node_mean_grad_large_gradients(comm, dtype):
    model = _BigModel(dtype)
    params = sorted(model.namedparams())
    tol = {numpy.float16: {'rtol': 2e-3, 'atol': 2e-2}, numpy.float32: {'rtol': 1e-6},
           numpy.float64: {'rtol': 1e-12}}[dtype]
    for step in range(2):       # the second call reuses what the first set up
        grads = []
        for k, (name, p) in enumerate(params):
            p.grad = _rank_grad(p.shape, dtype, comm.rank, k + step)
            grads.append(p.grad)
        comm.multi_node_mean_grad(model)
        for k, ((name, p), g) in enumerate(zip(params, grads)):
            assert p.grad is g, name          # in place, no copy handed out
            assert p.grad.dtype == dtype
            numpy.testing.assert_allclose(
                p.grad, _expected_mean(p.shape, dtype, comm.size, k + step),
                err_msg=name, **tol)


@pytest.mark.parametrize('batched_copy', [True, False])
def test_multi_node_mean_grad_gradients_not_reducible_in_place(
        comm, monkeypatch, batched_copy):
    # Every float32 gradient is given its own allreduce; on some ranks some of
    # them cannot be reduced where they lie (not C-contiguous, read-only,
    # sharing memory with another gradient, None with zero_fill). The ranks
    # still make the same MPI calls, and every gradient gets the mean.
    from chainermn.communicators import naive_communicator
    monkeypatch.setattr(naive_communicator, '_IN_PLACE_MIN_BYTES', 1)
    comm.set_config('batched_copy', batched_copy)
    model = _Model()
    model.c(numpy.zeros((1, 5), numpy.float32))
    names = ['/a/W', '/a/b', '/b/W', '/b/b', '/c/W', '/c/b']
    params = dict(model.namedparams())
    size, rank = comm.size, comm.rank
    for step in range(2):
        grads = {name: _rank_grad(params[name].shape, numpy.float32, rank, k + step)
                 for k, name in enumerate(names)}
        if rank == 0:
            # Fortran order: not C-contiguous
            grads['/a/W'] = numpy.asfortranarray(grads['/a/W'])
            # /b/b and /a/b: two views of one array
            shared = numpy.concatenate([grads['/b/b'], grads['/a/b']])
            grads['/b/b'], grads['/a/b'] = shared[:4], shared[4:]
        if rank == size - 1:
            grads['/b/W'].flags.writeable = False
        zero_rank = 1 % size
        if rank == zero_rank:
            grads['/c/W'] = None
        for name in names:
            params[name].grad = grads[name]
        comm.multi_node_mean_grad(model, zero_fill=True)
        for k, name in enumerate(names):
            p = params[name]
            shape = p.shape
            total = sum(_rank_grad(shape, numpy.float64, r, k + step)
                        for r in range(size) if not (name == '/c/W' and r == zero_rank))
            numpy.testing.assert_allclose(p.grad, total / size, rtol=1e-6,
                                          err_msg='{} step {}'.format(name, step))
            g = grads[name]
            if g is not None and g.flags.writeable:
                assert p.grad is g, name      # updated in place
            assert p.grad.flags.writeable
        if rank == 0:
            numpy.testing.assert_allclose(shared[:4], params['/b/b'].grad)
            numpy.testing.assert_allclose(shared[4:], params['/a/b'].grad)


def test_multi_node_mean_grad_of_one_process_keeps_the_gradients(comm):
    sub = comm.split(comm.rank, 0)      # a communicator of one process each
    try:
        model = _BigModel(numpy.float32)
        params = sorted(model.namedparams())
        for k, (name, p) in enumerate(params):
            p.grad = _rank_grad(p.shape, numpy.float32, comm.rank, k)
        sub.multi_node_mean_grad(model)
        for k, (name, p) in enumerate(params):
            numpy.testing.assert_array_equal(
                p.grad, _rank_grad(p.shape, numpy.float32, comm.rank, k))
    finally:
        sub.finalize()


@pytest.mark.parametrize('zero_fill', [True, False])
def test_multi_node_mean_grad_missing_gradients(comm, zero_fill):
    model = _Model()
    _set_grads(model, comm.rank)
    model.c(numpy.zeros((1, 5), numpy.float32))   # initializes c, grads None
    model.c.cleargrads()
    if comm.rank % 2 == 0:
        model.c.b.grad = numpy.full(2, comm.rank + 2, numpy.float32)
    elif not zero_fill:
        model.c.b.grad = None
    if zero_fill:
        comm.multi_node_mean_grad(model, zero_fill=True)
        expected = sum(r + 2 for r in range(0, comm.size, 2)) / comm.size
        numpy.testing.assert_allclose(model.c.b.grad, numpy.full(2, expected))
        numpy.testing.assert_allclose(model.c.W.grad, numpy.zeros((2, 5)))
    else:
        model.c.b.grad = None   # None everywhere: skipped everywhere
        comm.multi_node_mean_grad(model, zero_fill=False)
        assert model.c.b.grad is None and model.c.W.grad is None
    numpy.testing.assert_allclose(model.a.W.grad,
                                  numpy.full((2, 3), (comm.size - 1) / 2.))


def test_debug_mode_reports_nan(comm):
    model = _Model()
    _set_grads(model, comm.rank)
    model.b.b.grad[...] = numpy.nan
    with chainer.using_config('debug', True):
        with pytest.raises(ValueError, match=' diverged '):
            comm.multi_node_mean_grad(model)


def test_allreduce_grad_is_the_deprecated_name(comm):
    model = _Model()
    _set_grads(model, comm.rank)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        comm.allreduce_grad(model)
    assert any(issubclass(x.category, DeprecationWarning) for x in w)
    numpy.testing.assert_allclose(model.b.b.grad,
                                  numpy.full(4, -(comm.size - 1) / 2.))


def test_create_communicator_variants(comm):
    c = chainermn.create_communicator('naive', batched_copy=False)
    assert c.get_config('batched_copy') is False
    assert c.allreduce_obj(1) == comm.size
    c.finalize()
    with pytest.raises(ValueError, match='only available'):
        chainermn.create_communicator('naive', allreduce_grad_dtype=numpy.float16)
