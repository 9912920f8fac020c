import numpy
import pytest

import chainer


class Squares(chainer.dataset.DatasetMixin):

    def __init__(self, n):
        self.n = n
        self.calls = []

    def __len__(self):
        return self.n

    def get_example(self, i):
        self.calls.append(i)
        return i * i


class TestDatasetMixin:

    def test_int_and_negative_int(self):
        ds = Squares(5)
        assert ds[3] == 9
        assert ds[-1] == 16
        assert ds[numpy.int64(2)] == 4

    def test_negative_out_of_range(self):
        with pytest.raises(IndexError, match='out of range'):
            Squares(3)[-4]

    def test_slices_against_python_list(self):
        ds = Squares(10)
        reference = [i * i for i in range(10)]
        for s in (slice(2, 7), slice(None, None, 3), slice(-3, None),
                  slice(8, 2, -2), slice(20, 30)):
            assert ds[s] == reference[s]

    def test_index_list_and_array(self):
        ds = Squares(6)
        assert ds[[5, 0, 2]] == [25, 0, 4]
        assert ds[numpy.array([1, 1])] == [1, 1]
        assert ds[numpy.array([True, False, True, False, False, True])] == [0, 4, 25]

    def test_bad_index_type(self):
        with pytest.raises(TypeError, match='Dataset indices'):
            Squares(3)['a']

    def test_bad_index_array(self):
        with pytest.raises(IndexError, match='one-dimensional'):
            Squares(3)[numpy.zeros((2, 2), dtype=numpy.int64)]

    def test_abstract_methods(self):
        ds = chainer.dataset.DatasetMixin()
        with pytest.raises(NotImplementedError):
            len(ds)
        with pytest.raises(NotImplementedError):
            ds.get_example(0)


class TestIterator:

    def test_protocol(self):
        class Counter(chainer.dataset.Iterator):
            def __init__(self):
                self.i = 0
                self.finalized = False

            def next(self):
                self.i += 1
                if self.i > 3:
                    raise StopIteration
                return self.i

            def finalize(self):
                self.finalized = True

        with Counter() as it:
            assert list(it) == [1, 2, 3]
        assert it.finalized

    def test_next_is_abstract(self):
        with pytest.raises(NotImplementedError):
            next(chainer.dataset.Iterator())
