"""DatasetMixin: indexing by integer, slice and index arrays from ``get_example``."""
import numbers

import numpy


class DatasetMixin(object):
    """Default implementation of dataset indexing.

    A subclass defines ``__len__`` and ``get_example(i)``; this mixin gives it
    ``dataset[i]`` (negative ``i`` counts from the end), ``dataset[start:stop:step]``
    and ``dataset[[i, j, ...]]`` / ``dataset[numpy_index_array]``, the last two
    returning lists of examples.

    Example::

        class Squares(chainer.dataset.DatasetMixin):
            def __len__(self):
                return 10
            def get_example(self, i):
                return i * i

        Squares()[2:5]   # [4, 9, 16]
    """

    def __getitem__(self, index):
        """Return an example (integer index) or a list of examples.

        Args:
            index (int, slice, list or numpy.ndarray): an integer, a slice, or a
                one-dimensional sequence of integers.
        """
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return [self.get_example(i) for i in range(start, stop, step)]
        if isinstance(index, (list, numpy.ndarray)):
            index = numpy.asarray(index)
            if index.dtype == numpy.bool_:
                if index.shape != (len(self),):
                    raise IndexError(
                        'A boolean index must have the length of the dataset ({}), '
                        'got shape {}'.format(len(self), index.shape))
                index = numpy.flatnonzero(index)
            if index.ndim != 1 or (index.size and index.dtype.kind not in 'iu'):
                raise IndexError(
                    'An index array must be one-dimensional and of integers, got '
                    'shape {} and dtype {}'.format(index.shape, index.dtype))
            return [self.get_example(int(i)) for i in index]
        if isinstance(index, numbers.Integral):
            index = int(index)
            if index < 0:
                index += len(self)
                if index < 0:
                    raise IndexError('dataset index {} is out of range for a dataset '
                                     'of length {}'.format(index - len(self), len(self)))
            return self.get_example(index)
        raise TypeError('Dataset indices must be integers, slices, lists or NumPy '
                        'arrays of integers, got {}'.format(type(index).__name__))

    def __len__(self):
        """The number of examples in the dataset."""
        raise NotImplementedError(
            '{} must implement __len__'.format(type(self).__name__))

    def get_example(self, i):
        """Return the ``i``-th example (0 <= i < len(self)).

        Implementations override this; the mixin's indexing calls it.
        """
        raise NotImplementedError(
            '{} must implement get_example(i)'.format(type(self).__name__))
