import os
import subprocess
import sys
import time
import warnings

import numpy
import pytest

from chainer import iterators
from chainer.dataset import DatasetMixin


class ArrayExamples(DatasetMixin):
    """Examples (image-like array, label), built from the index."""

    def __init__(self, n, shape=(3, 4)):
        self.n = n
        self.shape = shape

    def __len__(self):
        return self.n

    def get_example(self, i):
        return (numpy.full(self.shape, i, dtype=numpy.float32),
                numpy.int32(i), {'pid': os.getpid()})


class SlowDataset(DatasetMixin):

    def __len__(self):
        return 2

    def get_example(self, i):
        time.sleep(0.3)
        return i


def _serial_batches(dataset, batch_size, n_batches, seed, repeat=True):
    it = iterators.SerialIterator(
        dataset, batch_size, repeat=repeat,
        order_sampler=iterators.ShuffleOrderSampler(numpy.random.RandomState(seed)))
    out = []
    for _ in range(n_batches):
        try:
            out.append(([int(e[1]) for e in it.next()], it.is_new_epoch,
                        it.epoch, it.epoch_detail))
        except StopIteration:
            break
    return out


def _check_same_as_serial(it, dataset, batch_size, n_batches, seed):
    expected = _serial_batches(dataset, batch_size, n_batches, seed)
    for indices, new_epoch, epoch, epoch_detail in expected:
        batch = it.next()
        assert [int(e[1]) for e in batch] == indices
        for example in batch:
            numpy.testing.assert_array_equal(example[0],
                                             numpy.full((3, 4), example[1]))
        assert it.is_new_epoch == new_epoch
        assert it.epoch == epoch
        assert it.epoch_detail == pytest.approx(epoch_detail)


class TestMultiprocessIterator:

    @pytest.mark.parametrize('shared_mem', [None, 1000, 8])
    def test_same_batches_as_serial(self, shared_mem):
        dataset = ArrayExamples(7)
        it = iterators.MultiprocessIterator(
            dataset, 3, n_processes=2, n_prefetch=2, shared_mem=shared_mem,
            order_sampler=iterators.ShuffleOrderSampler(numpy.random.RandomState(4)))
        try:
            _check_same_as_serial(it, dataset, 3, 6, 4)
            pids = {e[2]['pid'] for e in it.next()}
            assert os.getpid() not in pids
        finally:
            it.finalize()

    def test_no_repeat(self):
        it = iterators.MultiprocessIterator(list(range(5)), 2, repeat=False,
                                            shuffle=False, n_processes=2)
        try:
            assert list(it) == [[0, 1], [2, 3], [4]]
            assert it.epoch == 1
            with pytest.raises(StopIteration):
                it.next()
            it.reset()
            assert it.next() == [0, 1]
        finally:
            it.finalize()

    def test_finalize_stops_workers_and_can_restart(self):
        it = iterators.MultiprocessIterator(ArrayExamples(4), 2, n_processes=2,
                                            shuffle=False)
        it.next()
        workers = list(it._pool._pool)
        it.finalize()
        for worker in workers:
            worker.join(timeout=10)
            assert not worker.is_alive()
        assert [int(e[1]) for e in it.next()] == [2, 3]
        it.finalize()

    def test_reset_after_finalize_is_not_supported(self):
        it = iterators.MultiprocessIterator([1, 2, 3, 4], 2, repeat=False,
                                            n_processes=1)
        it.next()
        it.finalize()
        with pytest.raises(NotImplementedError, match='finalize'):
            it.reset()

    def test_pickle_keeps_the_position(self):
        import pickle
        dataset = list(range(6))
        it = iterators.MultiprocessIterator(dataset, 2, n_processes=2,
                                            n_prefetch=2, shuffle=False)
        fresh = pickle.loads(pickle.dumps(it))
        assert fresh.epoch == 0 and fresh.previous_epoch_detail is None
        try:
            first = it.next()
            second = it.next()
            clone = pickle.loads(pickle.dumps(it))
            assert clone._pool is None and not clone._pending
            assert clone.epoch_detail == pytest.approx(4 / 6)
            assert clone.previous_epoch_detail == pytest.approx(2 / 6)
            third = clone.next()
            assert clone.is_new_epoch
            assert sorted(first + second + third) == dataset
            assert it.next() == third     # the original goes on as well
            assert fresh.next() == first
        finally:
            it.finalize()
            fresh.finalize()
            if 'clone' in locals():
                clone.finalize()

    def test_maxtasksperchild_replaces_workers(self):
        it = iterators.MultiprocessIterator(ArrayExamples(8), 4, n_processes=1,
                                            shuffle=False, maxtasksperchild=1)
        try:
            pids = set()
            for _ in range(3):
                pids |= {e[2]['pid'] for e in it.next()}
            assert len(pids) >= 2
        finally:
            it.finalize()

    def test_timeout_warning(self):
        it = iterators.MultiprocessIterator(SlowDataset(), 1, n_processes=1,
                                            shuffle=False, dataset_timeout=0.05)
        try:
            with pytest.warns(iterators.MultiprocessIterator.TimeoutWarning):
                assert it.next() == [0]
        finally:
            it.finalize()

    def test_with_statement(self):
        with iterators.MultiprocessIterator(ArrayExamples(3), 3, n_processes=1) as it:
            it.next()
            pool = it._pool
        assert it._pool is None
        assert pool is not None

    def test_argument_errors(self):
        with pytest.raises(ValueError, match='n_processes'):
            iterators.MultiprocessIterator([1], 1, n_processes=0)
        with pytest.raises(ValueError, match='n_prefetch'):
            iterators.MultiprocessIterator([1], 1, n_prefetch=0)
        with pytest.raises(ValueError, match='shared_mem'):
            iterators.MultiprocessIterator([1], 1, shared_mem=-1)
        with pytest.raises(ValueError, match='maxtasksperchild'):
            iterators.MultiprocessIterator([1], 1, maxtasksperchild=0)

    def test_clean_exit_without_finalize(self, tmp_path):
        """An interpreter that exits with live workers does not hang or leak them."""
        script = tmp_path / 'script.py'
        pid_file = tmp_path / 'pids.txt'
        script.write_text(
            'import numpy\n'
            'from chainer import iterators\n'
            'it = iterators.MultiprocessIterator(list(range(100)), 10, '
            'n_processes=2, n_prefetch=3)\n'
            'it.next()\n'
            'pids = [p.pid for p in it._pool._pool]\n'
            'open(%r, "w").write(" ".join(map(str, pids)))\n'
            'print("done")\n' % str(pid_file))
        env = dict(os.environ)
        src = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                           'src'))
        env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
        result = subprocess.run([sys.executable, str(script)], env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == 'done'
        assert 'Traceback' not in result.stderr
        for pid in map(int, pid_file.read_text().split()):
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                pytest.fail('worker process {} outlived the interpreter'.format(pid))

    def test_copy_has_own_workers(self):
        import copy
        it = iterators.MultiprocessIterator(list(range(4)), 2, n_processes=1,
                                            shuffle=False)
        try:
            it.next()
            other = copy.copy(it)
            assert other._pool is None
            assert other.next() == [2, 3]
        finally:
            it.finalize()
            other.finalize()


class TestMultithreadIterator:

    def test_same_batches_as_serial(self):
        dataset = ArrayExamples(7)
        it = iterators.MultithreadIterator(
            dataset, 3, n_threads=3,
            order_sampler=iterators.ShuffleOrderSampler(numpy.random.RandomState(2)))
        try:
            _check_same_as_serial(it, dataset, 3, 6, 2)
        finally:
            it.finalize()

    def test_no_repeat_and_reset(self):
        it = iterators.MultithreadIterator(list(range(5)), 2, repeat=False,
                                           shuffle=False, n_threads=2)
        assert list(it) == [[0, 1], [2, 3], [4]]
        assert it.repeat is False
        it.reset()
        assert it.next() == [0, 1]
        assert it.previous_epoch_detail == 0
        it.finalize()

    def test_bad_n_threads(self):
        with pytest.raises(ValueError, match='n_threads'):
            iterators.MultithreadIterator([1], 1, n_threads=0)


def test_warnings_are_not_errors():
    # pytest -W error would turn the fork warnings of some Pythons into errors.
    with warnings.catch_warnings():
        warnings.simplefilter('error', DeprecationWarning)
        it = iterators.MultiprocessIterator([1, 2], 1, n_processes=1, shuffle=False)
        try:
            assert it.next() == [1]
        finally:
            it.finalize()


def test_shared_memory_packing_roundtrip():
    from chainer.iterators import multiprocess_iterator as mpi
    buffer = numpy.zeros(200, dtype=numpy.uint8)
    example = (numpy.arange(6, dtype=numpy.float32).reshape(2, 3),
               [numpy.int64(3), numpy.ones(100, dtype=numpy.float64)],
               {'k': numpy.array([1, 2], dtype=numpy.int16)})
    packed = mpi._pack(example, buffer, [0], 200)
    assert isinstance(packed[0], mpi._SharedArray)
    # The 800-byte array does not fit and travels as it is.
    assert isinstance(packed[1][1], numpy.ndarray)
    assert isinstance(packed[2]['k'], mpi._SharedArray)
    unpacked = mpi._unpack(packed, buffer)
    numpy.testing.assert_array_equal(unpacked[0], example[0])
    assert unpacked[0].dtype == numpy.float32
    numpy.testing.assert_array_equal(unpacked[2]['k'], [1, 2])
    assert unpacked[2]['k'].dtype == numpy.int16


class FailingDataset(DatasetMixin):

    def __len__(self):
        return 4

    def get_example(self, i):
        if i == 2:
            raise KeyError('example 2 is broken')
        return i


def test_worker_errors_reach_the_caller():
    it = iterators.MultiprocessIterator(FailingDataset(), 2, n_processes=1,
                                        shuffle=False)
    try:
        assert it.next() == [0, 1]
        with pytest.raises(KeyError, match='example 2 is broken'):
            it.next()
    finally:
        it.finalize()
    it = iterators.MultithreadIterator(FailingDataset(), 4, shuffle=False)
    with pytest.raises(KeyError, match='example 2 is broken'):
        it.next()
    it.finalize()
