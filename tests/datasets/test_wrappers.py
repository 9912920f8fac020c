import numpy
import pytest

from chainer import datasets


class TestTupleDataset:

    def test_indexing(self):
        x = numpy.arange(10).reshape(5, 2)
        y = numpy.arange(5) * 10
        ds = datasets.TupleDataset(x, y)
        assert len(ds) == 5
        a, b = ds[3]
        numpy.testing.assert_array_equal(a, [6, 7])
        assert b == 30
        batch = ds[1:4]
        assert len(batch) == 3
        for i, (a, b) in zip(range(1, 4), batch):
            numpy.testing.assert_array_equal(a, x[i])
            assert b == y[i]

    def test_index_array_on_lists(self):
        ds = datasets.TupleDataset([1, 2, 3], ['a', 'b', 'c'])
        assert ds[[2, 0]] == [(3, 'c'), (1, 'a')]
        assert ds[numpy.array([1])] == [(2, 'b')]

    def test_errors(self):
        with pytest.raises(ValueError, match='no datasets'):
            datasets.TupleDataset()
        with pytest.raises(ValueError, match='index 1 has a wrong length'):
            datasets.TupleDataset([1, 2], [1])


class TestDictDataset:

    def test_indexing(self):
        ds = datasets.DictDataset(x=numpy.arange(4), y=[5, 6, 7, 8])
        assert len(ds) == 4
        assert ds[2] == {'x': 2, 'y': 7}
        assert ds[1:3] == [{'x': 1, 'y': 6}, {'x': 2, 'y': 7}]

    def test_errors(self):
        with pytest.raises(ValueError, match='no datasets'):
            datasets.DictDataset()
        with pytest.raises(ValueError, match="key 'y' has a wrong length"):
            datasets.DictDataset(x=[1, 2], y=[1])


class TestSubDataset:

    def test_range(self):
        base = list(range(10))
        sub = datasets.SubDataset(base, 3, 7)
        assert len(sub) == 4
        assert [sub[i] for i in range(4)] == [3, 4, 5, 6]
        assert sub[-1] == 6
        assert sub[1:3] == [4, 5]

    def test_order(self):
        base = list('abcdef')
        order = [5, 4, 3, 2, 1, 0]
        sub = datasets.SubDataset(base, 1, 4, order)
        assert [sub[i] for i in range(3)] == ['e', 'd', 'c']

    def test_errors(self):
        with pytest.raises(ValueError, match='overruns'):
            datasets.SubDataset([1, 2], 0, 3)
        with pytest.raises(ValueError, match='same length'):
            datasets.SubDataset([1, 2], 0, 1, order=[0])
        sub = datasets.SubDataset([1, 2, 3], 0, 2)
        with pytest.raises(IndexError, match='out of range'):
            sub.get_example(2)
        with pytest.raises(IndexError, match='out of range'):
            sub.get_example(-3)


class TestSplit:

    def test_split_dataset(self):
        a, b = datasets.split_dataset(list(range(5)), 2)
        assert list(a) == [0, 1] and list(b) == [2, 3, 4]

    def test_split_dataset_with_order(self):
        a, b = datasets.split_dataset(list('abcd'), 1, order=[3, 2, 1, 0])
        assert list(a) == ['d'] and list(b) == ['c', 'b', 'a']

    def test_split_dataset_errors(self):
        with pytest.raises(TypeError, match='split_at must be an int'):
            datasets.split_dataset([1, 2], 1.5)
        with pytest.raises(ValueError, match='non-negative'):
            datasets.split_dataset([1, 2], -1)
        with pytest.raises(ValueError, match='exceeds the dataset size'):
            datasets.split_dataset([1, 2], 3)

    def test_split_dataset_random_is_a_seeded_permutation(self):
        base = list(range(20))
        a, b = datasets.split_dataset_random(base, 8, seed=3)
        order = numpy.random.RandomState(3).permutation(20)
        assert list(a) == order[:8].tolist()
        assert list(b) == order[8:].tolist()
        c, _ = datasets.split_dataset_random(base, 8, seed=3)
        assert list(c) == list(a)

    def test_split_dataset_n(self):
        parts = datasets.split_dataset_n(list(range(11)), 3)
        assert [list(p) for p in parts] == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
        with pytest.raises(ValueError, match='positive'):
            datasets.split_dataset_n([1], 0)

    def test_split_dataset_n_random(self):
        parts = datasets.split_dataset_n_random(list(range(9)), 3, seed=0)
        order = numpy.random.RandomState(0).permutation(9)
        assert [list(p) for p in parts] == [order[0:3].tolist(), order[3:6].tolist(),
                                             order[6:9].tolist()]

    def test_cross_validation(self):
        base = list(range(10))
        splits = datasets.get_cross_validation_datasets(base, 3)
        assert len(splits) == 3
        tests = [sorted(test) for _, test in splits]
        assert [len(t) for t in tests] == [4, 3, 3]
        assert sorted(sum(tests, [])) == base
        for train, test in splits:
            assert sorted(list(train) + list(test)) == base
            assert not set(train) & set(test)

    def test_cross_validation_order_and_deprecated_name(self):
        order = list(range(5))[::-1]
        splits = datasets.get_cross_validation_datasets(list('abcde'), n_fold=5,
                                                        order=order)
        assert [list(test) for _, test in splits] == [['e'], ['d'], ['c'], ['b'],
                                                      ['a']]

    def test_cross_validation_random(self):
        splits = datasets.get_cross_validation_datasets_random(list(range(6)), 2,
                                                               seed=1)
        order = numpy.random.RandomState(1).permutation(6)
        assert sorted(splits[0][1]) == sorted(order[:3].tolist())

    def test_cross_validation_errors(self):
        with pytest.raises(ValueError, match='n_folds must be between'):
            datasets.get_cross_validation_datasets([1, 2], 3)
        with pytest.raises(TypeError, match='n_folds is required'):
            datasets.get_cross_validation_datasets([1, 2])


class TestTransformDataset:

    def test_transform(self):
        ds = datasets.TransformDataset(list(range(5)), lambda x: x * 10)
        assert len(ds) == 5
        assert ds[2] == 20
        assert ds[1:3] == [10, 20]

    def test_not_callable(self):
        with pytest.raises(TypeError, match='callable'):
            datasets.TransformDataset([1], 3)


class TestConcatenatedDataset:

    def test_concatenation(self):
        ds = datasets.ConcatenatedDataset([0, 1], [], [2, 3, 4])
        assert len(ds) == 5
        assert [ds[i] for i in range(5)] == [0, 1, 2, 3, 4]
        assert ds[-1] == 4
        assert ds[1:4] == [1, 2, 3]
        with pytest.raises(IndexError, match='out of range'):
            ds.get_example(5)
