"""The Iterator interface of dataset iterators."""


class Iterator(object):
    """Base class of dataset iterators.

    An iterator yields mini-batches (lists of examples) of a dataset, one per call
    of :meth:`next` (also ``next(iterator)``). Besides the Python iterator
    protocol, Chainer's iterators have ``epoch``, ``epoch_detail``,
    ``is_new_epoch`` and ``serialize`` so that training can report progress and be
    resumed. :meth:`finalize` releases resources (worker processes, threads);
    using the iterator in a ``with`` statement calls it at the end.
    """

    def __iter__(self):
        """Return the iterator itself."""
        return self

    def __next__(self):
        """Return the next mini-batch (a list of examples).

        Subclasses implement this method (or :meth:`next`; each calls the
        other by default).

        Raises:
            StopIteration: at the end of a non-repeating iteration.
        """
        if type(self).next is Iterator.next:
            raise NotImplementedError(
                '{} must implement __next__()'.format(type(self).__name__))
        return self.next()

    def next(self):
        """Return the next mini-batch; the Python 2 spelling of ``__next__``.

        Calls :meth:`__next__` by default.
        """
        if type(self).__next__ is Iterator.__next__:
            raise NotImplementedError(
                '{} must implement __next__()'.format(type(self).__name__))
        return self.__next__()

    def finalize(self):
        """Release the resources of the iterator (nothing by default)."""
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.finalize()

    def serialize(self, serializer):
        """Save or load the state of the iterator (nothing by default)."""
        pass
