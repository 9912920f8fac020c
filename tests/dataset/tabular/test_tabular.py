import numpy
import pytest

from chainer import dataset
from chainer.dataset import tabular


class Table(dataset.TabularDataset):
    """a[i] = 3 i, b[i] = 3 i + 1, c[i] = 3 i + 2; records what was asked."""

    def __init__(self, n=4, mode=tuple):
        self.n = n
        self._mode = mode
        self.requests = []

    def __len__(self):
        return self.n

    @property
    def keys(self):
        return ('a', 'b', 'c')

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        self.requests.append((indices, key_indices))
        data = numpy.arange(self.n * 3).reshape((self.n, 3))
        if indices is not None:
            data = data[indices]
        if key_indices is not None:
            data = data[:, list(key_indices)]
        return tuple(data.transpose())


def column(key, indices):
    offset = {'a': 0, 'b': 1, 'c': 2}[key]
    return [3 * i + offset for i in indices]


class TestTabularDataset:

    def test_examples_in_each_mode(self):
        assert Table()[1] == (3, 4, 5)
        assert Table(mode=dict)[2] == {'a': 6, 'b': 7, 'c': 8}
        assert Table()[-1] == (9, 10, 11)

    def test_slice_index_returns_list(self):
        ds = Table()
        assert ds[1:3] == [(3, 4, 5), (6, 7, 8)]
        assert ds[[3, 0]] == [(9, 10, 11), (0, 1, 2)]

    def test_index_out_of_range(self):
        with pytest.raises(IndexError, match='out of range'):
            Table()[4]

    def test_iter(self):
        assert list(Table(2)) == [(0, 1, 2), (3, 4, 5)]

    def test_fetch(self):
        a, b, c = Table().fetch()
        numpy.testing.assert_array_equal(a, column('a', range(4)))
        fetched = Table(mode=dict).fetch()
        numpy.testing.assert_array_equal(fetched['c'], column('c', range(4)))

    def test_convert_makes_arrays(self):
        ds = tabular.from_data((('a', [1, 2]), ('b', [3, 4])))
        a, b = ds.convert(ds.fetch())
        assert isinstance(a, numpy.ndarray) and isinstance(b, numpy.ndarray)
        numpy.testing.assert_array_equal(b, [3, 4])

    def test_slice_keys_and_indices(self):
        ds = Table()
        view = ds.slice[[3, 2], ('c', 0)]
        assert view.keys == ('c', 'a')
        assert view.mode is tuple
        assert len(view) == 2
        assert view[1] == (8, 6)
        # Only the needed columns are read from the base dataset.
        assert ds.requests[-1][1] == (2, 0)

    def test_slice_single_key_gives_mode_none(self):
        view = Table().slice[:, 'b']
        assert view.mode is None
        assert view.keys == ('b',)
        assert view[2] == 7

    def test_slice_of_slice_composes(self):
        base = Table(10)
        view = base.slice[1:9:2].slice[::-1]
        indices = list(range(1, 9, 2))[::-1]
        assert [example[0] for example in view] == column('a', indices)

    def test_slice_with_bool_mask(self):
        mask = [True, False, False, True]
        view = Table().slice[mask]
        assert [example[0] for example in view] == [0, 9]
        with pytest.raises(ValueError, match='boolean index must have the length'):
            Table().slice[[True] * 5]
        # bools mixed with ints are ints
        mixed = Table(10).slice[[False, 3, 9, True]]
        assert [example[0] for example in mixed] == column('a', [0, 3, 9, 1])

    @pytest.mark.parametrize('outer,inner', [
        (slice(3, None, -2), None), (slice(None), slice(1, None, -1)),
        (slice(8, 1, -3), slice(None, None, -1)), (slice(1, 9, 2), slice(3, 0, -2)),
        (slice(None, None, -1), slice(2, 5)), (slice(5, 2), slice(None))])
    def test_slices_reach_the_dataset_as_slices(self, outer, inner):
        # a slice of any step stays a slice down to get_examples, composed with
        # the slice a view is made of (a negative step running to the first
        # example has the stop None)
        base = Table(10)
        view = base.slice[outer]
        expected = list(range(10))[outer]
        assert len(view) == len(expected)
        columns = view.get_examples(inner, None)
        asked = base.requests[-1][0]
        assert isinstance(asked, slice)
        if inner is not None:
            expected = expected[inner]
        assert list(range(10))[asked] == expected
        numpy.testing.assert_array_equal(columns[0], column('a', expected))

    def test_slice_bad_key(self):
        with pytest.raises(KeyError, match="'z' is not a key"):
            Table().slice[:, 'z']
        with pytest.raises(IndexError, match='out of range'):
            Table().slice[:, 5]

    def test_slice_integer_is_rejected(self):
        with pytest.raises(TypeError, match='not the integer'):
            Table().slice[1]

    def test_astuple_asdict(self):
        ds = Table()
        assert ds.asdict()[0] == {'a': 0, 'b': 1, 'c': 2}
        assert ds.asdict().astuple()[0] == (0, 1, 2)

    def test_concat(self):
        ds = Table(2).concat(Table(3))
        assert len(ds) == 5
        expected = [(0, 1, 2), (3, 4, 5), (0, 1, 2), (3, 4, 5), (6, 7, 8)]
        assert ds[:] == expected
        assert ds[[4, 0, 2]] == [expected[4], expected[0], expected[2]]

    def test_concat_key_mismatch(self):
        other = tabular.from_data(('a', [1, 2]))
        with pytest.raises(ValueError, match='same keys'):
            Table().concat(other)

    def test_join(self):
        other = tabular.from_data((('d', [10, 11, 12, 13]), ('e', list('wxyz'))))
        joined = Table().join(other)
        assert joined.keys == ('a', 'b', 'c', 'd', 'e')
        assert joined[2] == (6, 7, 8, 12, 'y')
        view = joined.slice[:, ('e', 'a')]
        assert view[3] == ('z', 9)

    def test_join_errors(self):
        with pytest.raises(ValueError, match='same length'):
            Table(4).join(tabular.from_data(('d', [1])))
        with pytest.raises(ValueError, match='duplicated'):
            Table().join(Table())

    def test_transform_tuple_mode(self):
        ds = Table().transform(('sum', 'prod'), lambda a, b, c: (a + b + c, a * b))
        assert ds.keys == ('sum', 'prod')
        assert ds.mode is tuple
        assert ds[1] == (12, 12)

    def test_transform_dict_in_and_out(self):
        ds = Table(mode=dict).transform(
            ('x', 'y'), lambda a, b, c: {'y': a, 'x': c})
        assert ds.mode is dict
        assert ds[1] == {'x': 5, 'y': 3}

    def test_transform_single_key(self):
        ds = Table().transform('s', lambda a, b, c: a + c)
        assert ds.mode is None
        assert ds[3] == 9 + 11

    def test_transform_one_key_tuple_plain_value(self):
        # keys given as a 1-tuple, the function returns a plain value: the
        # mode follows the value (None), as the documentation describes.
        ds = Table().transform(('s',), lambda a, b, c: a * 10)
        assert ds.mode is None
        assert ds[2] == 60
        numpy.testing.assert_array_equal(ds.fetch(),
                                         [10 * x for x in column('a', range(4))])
        tb = Table().transform_batch(('s',), lambda a, b, c: numpy.asarray(a) + 1)
        assert tb.mode is None
        numpy.testing.assert_array_equal(tb.fetch(),
                                         [x + 1 for x in column('a', range(4))])

    def test_transform_wrong_output(self):
        ds = Table().transform(('x', 'y'), lambda a, b, c: (a,))
        with pytest.raises(ValueError, match='length 1'):
            ds[0]

    def test_transform_batch(self):
        ds = Table().transform_batch(
            ('a2', 'bc'), lambda a, b, c: (numpy.asarray(a) * 2,
                                           numpy.asarray(b) + numpy.asarray(c)))
        a2, bc = ds.fetch()
        numpy.testing.assert_array_equal(a2, [2 * x for x in column('a', range(4))])
        numpy.testing.assert_array_equal(
            bc, [x + y for x, y in zip(column('b', range(4)), column('c', range(4)))])
        assert ds[2] == (12, 15)

    def test_transform_batch_wrong_length(self):
        ds = Table().transform_batch('x', lambda a, b, c: a[:1])
        with pytest.raises(ValueError, match='returned 1 values'):
            ds.fetch()

    def test_with_converter(self):
        ds = Table().with_converter(lambda a, b, c: numpy.asarray(a) + 100)
        numpy.testing.assert_array_equal(ds.convert(ds.fetch()),
                                         [100, 103, 106, 109])
        single = tabular.from_data([1, 2]).with_converter(lambda x: sum(x))
        assert single.convert(single.fetch()) == 3


class TestFromData:

    def test_list(self):
        ds = tabular.from_data([0, 1, 2])
        assert ds.mode is None
        assert ds[0] == 0 and len(ds) == 3

    def test_tuple_of_lists(self):
        ds = tabular.from_data(([0, 1, 2], [3, 4, 5]))
        assert ds[0] == (0, 3)
        assert len(ds.keys) == 2 and all(k.startswith('_') for k in ds.keys)
        # generated keys never repeat, so separately made datasets can be joined
        other = tabular.from_data(([6, 7, 8],))
        assert not set(other.keys) & set(ds.keys)
        assert tabular.from_data([1]).keys != tabular.from_data([1]).keys
        joined = ds.join(other)
        assert joined[1] == (1, 4, 7)

    def test_named_columns(self):
        ds = tabular.from_data((('a', [0, 1, 2]), ('b', numpy.array([3, 4, 5]))))
        assert ds.keys == ('a', 'b')
        assert ds[2] == (2, 5)

    def test_dict(self):
        ds = tabular.from_data({'a': [0, 1, 2], 'b': [3, 4, 5]})
        assert ds.mode is dict
        assert ds[0] == {'a': 0, 'b': 3}

    def test_callable_needs_size(self):
        ds = tabular.from_data(('a', lambda i: i * i), size=10)
        assert ds[5] == 25
        with pytest.raises(ValueError, match='size must be given'):
            tabular.from_data(('a', lambda i: i))

    def test_multi_key_callable(self):
        ds = tabular.from_data((('a', [0, 1, 2]),
                                (('d', 'e'), lambda i: {'d': -i, 'e': 'e%d' % i})))
        assert ds.keys == ('a', 'd', 'e')
        assert ds[2] == (2, -2, 'e2')
        ds2 = tabular.from_data((('x', 'y'), lambda i: (i, i + 1)), size=3)
        assert ds2[1] == (1, 2)
        assert ds2.mode is tuple

    def test_multi_key_callable_returning_dicts_makes_dict_examples(self):
        ds = tabular.from_data((('a', 'b'), lambda i: {'a': i * i, 'b': -i}), size=10)
        assert ds.mode is dict and ds.keys == ('a', 'b')
        assert ds[3] == {'a': 9, 'b': -3}
        assert ds.slice[[1, 3]].fetch() == {'a': [1, 9], 'b': [-1, -3]}

    def test_callable_without_key(self):
        with pytest.raises(ValueError, match='a callable needs a key'):
            tabular.from_data(lambda i: i * i, size=10)
        with pytest.raises(ValueError, match='a callable needs a key'):
            tabular.from_data(([0, 1], lambda i: i))

    def test_length_mismatch(self):
        with pytest.raises(ValueError, match='different lengths'):
            tabular.from_data(([0, 1], [0, 1, 2]))

    def test_bad_data(self):
        with pytest.raises(TypeError, match='cannot make a column'):
            tabular.from_data(42)


class TestDelegateDataset:

    def test_documented_example(self):
        class MyDataset(tabular.DelegateDataset):
            def __init__(self):
                super().__init__(tabular.from_data((
                    ('a', numpy.arange(10)),
                    ('b', self.get_b),
                    ('c', [3, 1, 4, 5, 9, 2, 6, 8, 7, 0]),
                    (('d', 'e'), self.get_de))))

            def get_b(self, i):
                return 'b[{}]'.format(i)

            def get_de(self, i):
                return {'d': 'd[{}]'.format(i), 'e': 'e[{}]'.format(i)}

        ds = MyDataset()
        assert len(ds) == 10
        assert ds.keys == ('a', 'b', 'c', 'd', 'e')
        assert ds[0] == (0, 'b[0]', 3, 'd[0]', 'e[0]')

    def test_requires_tabular_dataset(self):
        with pytest.raises(TypeError, match='TabularDataset'):
            tabular.DelegateDataset([1, 2])
