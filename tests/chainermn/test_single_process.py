"""Parts of chainermn that need no MPI job: run in the normal test process."""
import os
import subprocess
import sys

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check

import chainermn
import chainermn.functions as MF
from chainermn import nccl
from chainermn.extensions import _multi_node_snapshot
from chainermn.extensions.checkpoint import _CheckpointStats
from chainermn.extensions.checkpoint import create_multi_node_checkpointer
from chainermn.functions.batch_normalization import \
    MultiNodeBatchNormalizationFunction
from chainermn.iterators.multi_node_iterator import _build_ctrl_msg
from chainermn.iterators.multi_node_iterator import _parse_ctrl_msg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class _OneProcessComm(object):
    """The little of a communicator that a single process needs."""
    rank = 0
    size = 1

    def allreduce(self, x):
        return x.copy()


def test_import_without_mpi4py_and_the_error_on_use():
    # mpi4py made unimportable: chainermn imports, communicators say what to do.
    code = ('import sys; sys.modules["mpi4py"] = None\n'
            'import chainermn\n'
            'try:\n'
            '    chainermn.create_communicator("naive")\n'
            'except ImportError as e:\n'
            '    print("ERROR:", e)\n')
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'src'))
    out = subprocess.run([sys.executable, '-c', code], env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=120).stdout
    assert 'ERROR:' in out and 'pip install' in out and 'mpiexec' in out, out


def test_import_does_not_start_mpi():
    code = 'import sys, chainermn; print("mpi4py.MPI" in sys.modules)'
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'src'))
    out = subprocess.run([sys.executable, '-c', code], env=env, text=True,
                         stdout=subprocess.PIPE, timeout=120).stdout
    assert out.strip() == 'False'


@pytest.mark.parametrize('name,message', [
    ('no_such', 'Unrecognized communicator'),
    ('hierarchical', 'removed'),
    ('single_node', 'removed'),
])
def test_create_communicator_rejects_bad_names(name, message):
    with pytest.raises(ValueError, match=message):
        chainermn.create_communicator(name)


def test_create_communicator_rejects_unknown_options():
    with pytest.raises(TypeError, match='unexpected keyword'):
        chainermn.create_communicator('naive', no_such_option=1)
    with pytest.raises(ValueError, match='only available'):
        chainermn.create_communicator('flat', allreduce_grad_dtype=numpy.float16)


@pytest.mark.skipif(chainer.backends.cuda.available, reason='checks the CPU-only error')
@pytest.mark.parametrize('name', ['flat', 'non_cuda_aware', 'pure_nccl'])
def test_cuda_communicators_say_they_need_cuda(name):
    with pytest.raises(RuntimeError, match="needs CUDA.*naive"):
        chainermn.create_communicator(name)


@pytest.mark.skipif(nccl.available, reason='checks the error without NCCL')
def test_nccl_without_cupy():
    assert nccl.get_build_version() == 0 and nccl.get_version() == 0
    with pytest.raises(RuntimeError, match='NCCL is not available'):
        nccl.get_unique_id()
    with pytest.raises(RuntimeError, match='NCCL is not available'):
        nccl.NCCL_FLOAT32


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shapes,delegate_shape', [
    ([(4, 5), (3, 2)], (3, 2)), ([()], ()), ([(2,)], (4, 1))])
def test_pseudo_connect(dtype, shapes, delegate_shape):
    rng = numpy.random.RandomState(0)
    delegate = rng.uniform(-1, 1, delegate_shape).astype(dtype)
    xs = tuple(rng.uniform(-1, 1, s).astype(dtype) for s in shapes)
    gys = tuple(rng.uniform(-1, 1, s).astype(dtype) for s in shapes)
    d = chainer.Variable(delegate)
    ys = MF.pseudo_connect(d, *[chainer.Variable(x) for x in xs])
    assert isinstance(ys, tuple) and len(ys) == len(xs)
    for x, y in zip(xs, ys):
        assert y.dtype == dtype
        numpy.testing.assert_array_equal(y.array, x)
    # The delegate gets a zero gradient, the others pass theirs through.
    loss = sum(F.sum(y * gy) for y, gy in zip(ys, gys))
    loss.backward()
    numpy.testing.assert_array_equal(d.grad, numpy.zeros(delegate_shape))
    gradient_check.check_backward(MF.pseudo_connect, (delegate,) + xs, gys,
                                  dtype=numpy.float64)


def test_pseudo_connect_without_delegate():
    x = numpy.ones(3, numpy.float32)
    y, = MF.pseudo_connect(None, x)
    assert isinstance(y, chainer.Variable)
    numpy.testing.assert_array_equal(y.array, x)


def _bn_reference(x, gamma, beta, eps):
    axes = (0,) + tuple(range(2, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return gamma.reshape(shape) * (x - mean) / numpy.sqrt(var + eps) + \
        beta.reshape(shape), mean.reshape(-1), var.reshape(-1)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(5, 3), (4, 3, 2, 2)])
def test_multi_node_batch_normalization_function_one_process(dtype, shape):
    rng = numpy.random.RandomState(1)
    x = rng.uniform(-1, 1, shape).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, 3).astype(dtype)
    beta = rng.uniform(-1, 1, 3).astype(dtype)
    mean = numpy.zeros(3, dtype)
    var = numpy.ones(3, dtype)
    func = MultiNodeBatchNormalizationFunction(_OneProcessComm(), 2e-5, mean, var,
                                               0.9)
    y, = func.apply((x, gamma, beta))
    x64 = x.astype(numpy.float64)
    y_ref, m_ref, v_ref = _bn_reference(x64, gamma.astype(numpy.float64),
                                        beta.astype(numpy.float64), 2e-5)
    tol = dict(atol=2e-2, rtol=2e-2) if dtype == numpy.float16 else \
        dict(atol=1e-5, rtol=1e-5)
    assert y.dtype == dtype
    numpy.testing.assert_allclose(y.array, y_ref, **tol)
    m = x.size // 3
    numpy.testing.assert_allclose(mean, 0.1 * m_ref, **tol)
    numpy.testing.assert_allclose(var, 0.9 + 0.1 * v_ref * m / (m - 1), **tol)

    def f(x, gamma, beta):
        return MultiNodeBatchNormalizationFunction(
            _OneProcessComm(), 2e-5).apply((x, gamma, beta))
    gy = rng.uniform(-1, 1, shape).astype(dtype)
    if dtype != numpy.float16:
        gradient_check.check_backward(f, (x, gamma, beta), gy, dtype=numpy.float64,
                                      atol=1e-4, rtol=1e-4)


def test_ctrl_msg_round_trip():
    msg = _build_ctrl_msg(True, False, True, False, 17, 3, True)
    assert _parse_ctrl_msg(msg) == (True, False, True, False, 17, 3, True)
    numpy.testing.assert_array_equal(msg, _build_ctrl_msg(*_parse_ctrl_msg(msg)))
    with pytest.raises(ValueError, match='fields'):
        _parse_ctrl_msg(numpy.zeros(3))


@pytest.mark.parametrize('rs,size,expected', [
    ([0], 4, [{0}, {1, 2, 3}]),
    ([[0, 1], [2, 3]], 4, [{0, 1}, {2, 3}]),
    ([], 3, [{0, 1, 2}]),
    ([range(0, 6, 2)], 6, [{0, 2, 4}, {1, 3, 5}]),
])
def test_parse_replica_sets(rs, size, expected):
    assert _multi_node_snapshot._parse_replica_sets(rs, size) == expected


def test_parse_replica_sets_errors():
    with pytest.raises(ValueError, match='not in'):
        _multi_node_snapshot._parse_replica_sets([5], 4)
    with pytest.raises(ValueError, match='two sets'):
        _multi_node_snapshot._parse_replica_sets([[0, 1], [1, 2]], 4)


def test_checkpoint_stats_and_names():
    stats = _CheckpointStats()
    assert 'No checkpoint' in stats.report()
    for _ in range(3):
        stats.start()
        stats.end()
    assert stats.report().startswith('3 checkpoints')
    cp = create_multi_node_checkpointer('a.b', _OneProcessComm(), cp_interval=3)
    names = cp._filenames([5, 12])
    assert names == ['a.b.0.5', 'a.b.0.12']
    assert list(cp._parse_filenames(names + ['other', 'x.y.z'])) == [
        ('a.b', 0, 5), ('a.b', 0, 12)]


class _RecordingComm(object):
    """A one-process communicator that records the model-level calls."""
    rank = 0
    size = 1

    def __init__(self):
        self.calls = []

    def allreduce_obj(self, obj):
        return obj

    def bcast_data(self, model):
        self.calls.append('bcast_data')

    def multi_node_mean_grad(self, model, zero_fill=False):
        self.calls.append(('mean', zero_fill))


def test_multi_node_optimizer_wrapper_with_one_process():
    import copy
    comm = _RecordingComm()
    model = chainer.links.Linear(2, 1)
    opt = chainermn.create_multi_node_optimizer(chainer.optimizers.SGD(lr=0.5), comm)
    with pytest.raises(RuntimeError, match='setup'):
        opt.update()
    assert opt.setup(model) is opt and opt.target is model
    opt.lr = 0.25
    assert opt.actual_optimizer.lr == 0.25
    model.W.grad = numpy.ones((1, 2), numpy.float32)
    model.b.grad = numpy.ones(1, numpy.float32)
    w = model.W.array.copy()
    opt.update()
    assert comm.calls == ['bcast_data'] and opt.t == 0
    opt.update()
    assert comm.calls == ['bcast_data', ('mean', True)] and opt.t == 1
    numpy.testing.assert_allclose(model.W.array, w - 0.25)
    # New parameters (a lazily initialized link) are synchronized again.
    with model.init_scope():
        model.extra = chainer.Parameter(numpy.zeros(3, numpy.float32))
    opt.update()
    assert comm.calls[-1] == 'bcast_data' and opt.t == 1
    assert copy.copy(opt).lr == 0.25
