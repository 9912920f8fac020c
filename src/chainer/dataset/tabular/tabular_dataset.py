"""TabularDataset: the abstract base class of tabular datasets."""
import numbers

import numpy

import chainer
from chainer.dataset import dataset_mixin
from chainer.dataset.tabular import _util


def _as_array(column):
    if isinstance(column, chainer.get_array_types()):
        return column
    return numpy.asarray(column)


class TabularDataset(dataset_mixin.DatasetMixin):
    """A dataset whose examples all have the same columns.

    Think of a table: each row is an example, each column has a name (a *key*).
    An example can be given as a tuple ``(a[i], b[i], c[i])`` or as a dict
    ``{'a': a[i], 'b': b[i], 'c': c[i]}``; :attr:`mode` says which (``tuple`` or
    ``dict``), or is None for a dataset of one column whose examples are the bare
    values ``a[i]``.

    A subclass implements ``__len__``, :attr:`keys`, :attr:`mode` and
    :meth:`get_examples`, which reads many examples (and only the columns asked
    for) at once. Everything else is built on those: indexing, :attr:`slice`,
    :meth:`fetch`, :meth:`transform`, :meth:`concat`, :meth:`join`, ... all of
    which return lazy views.
    """

    def __len__(self):
        raise NotImplementedError(
            '{} must implement __len__'.format(type(self).__name__))

    @property
    def keys(self):
        """The names of the columns (a tuple of str)."""
        raise NotImplementedError(
            '{} must implement the keys property'.format(type(self).__name__))

    @property
    def mode(self):
        """How an example is represented: ``tuple``, ``dict`` or None (one column)."""
        raise NotImplementedError(
            '{} must implement the mode property'.format(type(self).__name__))

    def get_examples(self, indices, key_indices):
        """Return a part of the data, column by column.

        Args:
            indices: the examples to read: None (all), a slice, or a list of ints.
            key_indices: the columns to read: None (all) or a tuple of ints
                (positions in :attr:`keys`).

        Returns:
            tuple: one list or array per column asked for, each holding the
            values of the selected examples in order.
        """
        raise NotImplementedError(
            '{} must implement get_examples'.format(type(self).__name__))

    # -- examples -----------------------------------------------------------

    def _pack(self, values):
        """Turn a tuple of column values into an example of this dataset's mode."""
        mode = self.mode
        if mode is tuple:
            return tuple(values)
        if mode is dict:
            return dict(zip(self.keys, values))
        if mode is None:
            return values[0]
        raise ValueError('Unknown mode {!r}: expected tuple, dict or None'.format(mode))

    def get_example(self, i):
        """The ``i``-th example, in the representation :attr:`mode` says."""
        columns = self.get_examples([i], None)
        return self._pack(tuple(column[0] for column in columns))

    def __getitem__(self, index):
        """An example (integer index) or a list of examples (slice, list, array)."""
        if isinstance(index, numbers.Integral) and not isinstance(index, bool):
            n = len(self)
            if not -n <= index < n:
                raise IndexError('index {} is out of range for a dataset of length '
                                 '{}'.format(index, n))
            return self.get_example(int(index) % n)
        if isinstance(index, (slice, list, numpy.ndarray)):
            indices = _util.normalize_indices(index, len(self))
            columns = self.get_examples(indices, None)
            return [self._pack(values) for values in zip(*columns)]
        raise TypeError('Dataset indices must be integers, slices, lists or NumPy '
                        'arrays, got {}'.format(type(index).__name__))

    def __iter__(self):
        """Iterate over the examples."""
        return (self.get_example(i) for i in range(len(self)))

    # -- whole columns ------------------------------------------------------

    def fetch(self):
        """Read all the data, column by column.

        Returns:
            A tuple of columns (mode ``tuple``), a dict from keys to columns (mode
            ``dict``) or the one column (mode None); each column is a list or an
            array.
        """
        columns = self.get_examples(None, None)
        mode = self.mode
        if mode is tuple:
            return tuple(columns)
        if mode is dict:
            return dict(zip(self.keys, columns))
        return columns[0]

    def convert(self, data):
        """Convert data returned by :meth:`fetch` into what a model takes.

        By default each column becomes an array; :meth:`with_converter` replaces
        this with a function of the columns.
        """
        if isinstance(data, tuple):
            return tuple(_as_array(column) for column in data)
        if isinstance(data, dict):
            return {key: _as_array(column) for key, column in data.items()}
        return _as_array(data)

    # -- views --------------------------------------------------------------

    @property
    def slice(self):
        """A helper to select examples and columns: ``dataset.slice[indices, keys]``.

        ``indices`` is a slice, a list or array of ints, or a list or array of
        bools; ``keys`` (optional) is a key (name or position), giving a dataset
        of mode None, or a tuple of keys. The result is a lazy view.

        Example: ``dataset.slice[[3, 2], ('c', 0)]`` has the keys ``('c', 'a')``
        (if ``a`` is the first key) and the examples 3 and 2.
        """
        from chainer.dataset.tabular import _slice
        return _slice.SliceHelper(self)

    def astuple(self):
        """A view of this dataset whose examples are tuples."""
        from chainer.dataset.tabular import _asmode
        return _asmode.AsMode(self, tuple)

    def asdict(self):
        """A view of this dataset whose examples are dicts."""
        from chainer.dataset.tabular import _asmode
        return _asmode.AsMode(self, dict)

    def concat(self, *datasets):
        """A dataset with the examples of this dataset followed by those of
        ``datasets`` (which must have the same keys)."""
        from chainer.dataset.tabular import _concat
        return _concat.Concat(self, *datasets)

    def join(self, *datasets):
        """A dataset with the columns of this dataset and of ``datasets`` side by
        side (all must have the same length and no key in common)."""
        from chainer.dataset.tabular import _join
        return _join.Join(self, *datasets)

    def transform(self, keys, transform):
        """A dataset whose examples are ``transform`` applied to this one's.

        Args:
            keys (str or tuple of str): the keys of the result. A single str gives
                a dataset of mode None.
            transform (callable): receives an example (unpacked: ``*example`` for
                tuple mode, ``**example`` for dict mode, the value for mode None)
                and returns the new example: a tuple (mode tuple), a dict (mode
                dict) or, for a single key, the value.
        """
        from chainer.dataset.tabular import _transform
        return _transform.Transform(self, keys, transform)

    def transform_batch(self, keys, transform_batch):
        """Like :meth:`transform`, but ``transform_batch`` receives and returns
        whole columns of many examples at once (faster for array operations)."""
        from chainer.dataset.tabular import _transform
        return _transform.TransformBatch(self, keys, transform_batch)

    def with_converter(self, converter):
        """A view of this dataset whose :meth:`convert` calls ``converter``.

        The converter receives the fetched columns (``*columns`` for tuple mode,
        ``**columns`` for dict mode, the column for mode None).
        """
        from chainer.dataset.tabular import _with_converter
        return _with_converter.WithConverter(self, converter)

    def __repr__(self):
        try:
            return '<{} len={} keys={} mode={}>'.format(
                type(self).__name__, len(self), self.keys,
                getattr(self.mode, '__name__', self.mode))
        except Exception:
            return object.__repr__(self)
