"""Batch conversion: from a list of examples to arrays on a device.

:func:`concat_examples` is the default converter of the updaters and the
evaluator: it stacks the corresponding arrays of the examples of a mini-batch
along a new first axis (padding them to a common shape if asked), and sends the
results to a device.
"""
import collections
import functools

import numpy

import chainer  # NOQA
from chainer import backend
from chainer.backends import cuda


def _get_device(device_spec):
    """A Device for ``device_spec`` (None stays None)."""
    if device_spec is None:
        return None
    return backend.get_device(device_spec)


def to_device(device, x):
    """Send an array (or nested tuples/lists/dicts of arrays) to a device.

    Args:
        device: None to leave ``x`` where it is, or any device specifier that
            :func:`chainer.get_device` accepts: a :class:`~chainer.backend.Device`,
            ``'@numpy'``, ``'@cupy:N'``, a negative integer for the CPU or a
            non-negative integer for that GPU.
        x: a NumPy or CuPy array (or nested tuples, lists, dicts of them); None
            stays None.

    Returns:
        ``x`` on the device; arrays already there are returned without a copy.
    """
    device = _get_device(device)
    if device is None:
        return x
    return device.send(x)


class Converter(object):
    """Base class of converters.

    A converter receives a mini-batch from an iterator and returns it converted
    (typically as arrays) and sent to a device. Subclasses override
    :meth:`__call__`. See also :func:`converter`, which turns a function into a
    Converter.
    """

    def __call__(self, batch, device):
        """Convert ``batch`` and send it to ``device``.

        Args:
            batch: a mini-batch; its type depends on the use.
            device (chainer.backend.Device): the destination device (or None to
                leave arrays where they are).
        """
        raise NotImplementedError(
            '{} must implement __call__(batch, device)'.format(type(self).__name__))


class _ArbitraryCallableConverter(Converter):
    """Converter wrapping a function; accepts arbitrary arguments and passes them
    through, turning the device argument (second positional or ``device=``) into
    a :class:`~chainer.backend.Device`."""

    def __init__(self, base_callable):
        if not callable(base_callable):
            raise TypeError('converter: expected a callable, got {}'.format(
                type(base_callable).__name__))
        self.base_callable = base_callable
        functools.update_wrapper(self, base_callable)

    def __call__(self, *args, **kwargs):
        if len(args) >= 2:
            args = (args[0], _get_device(args[1])) + tuple(args[2:])
        elif 'device' in kwargs:
            kwargs['device'] = _get_device(kwargs['device'])
        return self.base_callable(*args, **kwargs)

    def __repr__(self):
        return '<converter {}>'.format(
            getattr(self.base_callable, '__qualname__', repr(self.base_callable)))


def converter():
    """Decorator that turns a converter function into a :class:`Converter`.

    The function must accept a batch and a device as its first two positional
    arguments and return the converted batch. The device it receives is a
    :class:`~chainer.backend.Device` (or None): an integer or string device given
    by the caller is converted first, so old code passing ``-1`` or ``0`` works.

    Example::

        @chainer.dataset.converter()
        def my_converter(batch, device):
            return device.send(numpy.stack(batch))
    """
    def wrap(func):
        return _ArbitraryCallableConverter(func)
    return wrap


def _call_converter(converter, batch, device):
    """Call ``converter`` with ``device`` in the form it understands.

    A :class:`Converter` gets a Device (or None). A plain function, written for
    old Chainer, gets an integer: -1 for the CPU, the id of a GPU, or None.
    """
    if converter is None:
        converter = concat_examples
    if isinstance(converter, Converter):
        return converter(batch, device)
    if device is None:
        return converter(batch, None)
    device = _get_device(device)
    if isinstance(device, backend.CpuDevice) or isinstance(
            device, backend.Intel64Device):
        return converter(batch, -1)
    if isinstance(device, backend.GpuDevice):
        return converter(batch, device.device.id)
    raise RuntimeError(
        'The converter {!r} is a plain function, which can only receive an integer '
        'device id; it cannot send a batch to {}. Decorate it with '
        '@chainer.dataset.converter().'.format(converter, device))


def _is_array(x):
    return isinstance(x, backend.get_array_types())


def _concat_arrays(arrays, padding, argname='batch'):
    """Stack ``arrays`` along a new first axis, padding to a common shape if asked."""
    first = arrays[0]
    if not _is_array(first):
        if padding is None:
            # Python or NumPy scalars, lists: one NumPy array of the whole batch.
            return numpy.asarray(arrays)
        arrays = [numpy.asarray(a) for a in arrays]
        first = arrays[0]
    xp = backend.get_array_module(first)
    if padding is not None:
        return _concat_arrays_with_padding(arrays, padding, xp)
    shape = first.shape
    for a in arrays:
        if getattr(a, 'shape', None) != shape:
            raise ValueError(
                'concat_examples: the arrays of {} have different shapes ({} and '
                '{}) and cannot be stacked; pass padding=<value> to pad them to a '
                'common shape'.format(argname, shape, getattr(a, 'shape', None)))
    with chainer.using_device(backend.get_device_from_array(first)):
        return xp.stack(arrays)


def _concat_arrays_with_padding(arrays, padding, xp):
    ndims = {a.ndim for a in arrays}
    if len(ndims) != 1:
        raise ValueError(
            'concat_examples: cannot pad arrays with different numbers of dimensions '
            '({}) to one shape'.format(sorted(ndims)))
    shapes = numpy.array([a.shape for a in arrays], dtype=numpy.int64).reshape(
        len(arrays), -1)
    max_shape = tuple(int(s) for s in shapes.max(axis=0)) if shapes.size else ()
    dtype = arrays[0].dtype
    with chainer.using_device(backend.get_device_from_array(arrays[0])):
        result = xp.full((len(arrays),) + max_shape, padding, dtype=dtype)
        if not max_shape:
            result[...] = xp.stack(arrays)
            return result
        # The region of example i is the box [0, shape_i) of each axis; in C order
        # its elements come in the order of arrays[i].ravel(), so one boolean mask
        # and one concatenation fill all of them at once.
        mask = numpy.ones((len(arrays),) + max_shape, dtype=bool)
        for axis, size in enumerate(max_shape):
            view = [1] * (len(max_shape) + 1)
            view[0] = len(arrays)
            view[axis + 1] = size
            inside = (numpy.arange(size)[None, :] < shapes[:, axis:axis + 1])
            mask &= inside.reshape(view)
        values = xp.concatenate([a.ravel() for a in arrays])
        if xp is not numpy:
            mask = xp.asarray(mask)
        result[mask] = values.astype(dtype, copy=False)
    return result


def concat_examples_func(batch, device=None, padding=None):
    """Concatenate a list of examples into arrays (the function behind
    :data:`concat_examples`).

    Args:
        batch (list): the examples. Each is an array (or scalar), a tuple of
            arrays, or a dict of arrays, all examples alike.
        device: where to send the result (see :func:`to_device`); None leaves the
            arrays where they are.
        padding: None to require equal shapes, or the value that fills the
            missing elements when arrays of different shapes are padded to their
            common (elementwise maximum) shape. For tuple examples it may be a
            tuple with one padding per position, for dict examples a dict with
            one per key.

    Returns:
        An array of shape ``(len(batch),) + example shape``; or a tuple (dict) of
        such arrays, one per position (key) of the examples.

    Raises:
        ValueError: if ``batch`` is empty, or shapes differ and ``padding`` is None.
    """
    if len(batch) == 0:
        raise ValueError('concat_examples: batch is empty (got a batch of length 0)')
    first = batch[0]
    if isinstance(first, tuple):
        n = len(first)
        if not isinstance(padding, tuple):
            padding = (padding,) * n
        elif len(padding) != n:
            raise ValueError(
                'concat_examples: padding has {} entries but the examples are '
                'tuples of length {}'.format(len(padding), n))
        for example in batch:
            if not isinstance(example, tuple) or len(example) != n:
                raise ValueError(
                    'concat_examples: every example must be a tuple of length {} '
                    'like the first; got {!r}'.format(n, type(example).__name__))
        columns = list(zip(*batch))
        return tuple(
            to_device(device, _concat_arrays(list(column), pad,
                                             'position {}'.format(i)))
            for i, (column, pad) in enumerate(zip(columns, padding)))
    if isinstance(first, dict):
        keys = list(first.keys())
        if not isinstance(padding, dict):
            padding = {key: padding for key in keys}
        result = {}
        for key in keys:
            column = [example[key] for example in batch]
            result[key] = to_device(
                device, _concat_arrays(column, padding.get(key),
                                       'key {!r}'.format(key)))
        return result
    return to_device(device, _concat_arrays(list(batch), padding))


concat_examples = _ArbitraryCallableConverter(concat_examples_func)
concat_examples.__doc__ = concat_examples_func.__doc__


class ConcatWithAsyncTransfer(object):
    """Converter like :func:`concat_examples` that overlaps the host-to-GPU copy
    with computation.

    On a GPU, each batch is concatenated on the host and copied with an
    asynchronous transfer on ``stream``; the copy of the next batch runs while the
    current one is being computed on ``compute_stream``. Batches for the CPU (or
    ``device=None``) are converted exactly as :func:`concat_examples` does.

    Args:
        stream (cupy.cuda.Stream): the stream for the transfers (a new
            non-blocking stream if None).
        compute_stream (cupy.cuda.Stream): the stream the computation runs on; the
            transfer waits until the previous batch's computation is done.
    """

    def __init__(self, stream=None, compute_stream=None):
        self._stream = stream
        self.compute_stream = compute_stream

    @property
    def stream(self):
        if self._stream is None and cuda.available:
            self._stream = cuda.cupy.cuda.Stream(non_blocking=True)
        return self._stream

    def __call__(self, batch, device=None, padding=None):
        """Concatenate ``batch`` (see :func:`concat_examples`) and send it to
        ``device``, asynchronously when that is a GPU."""
        device = _get_device(device)
        if device is None or not isinstance(device, backend.GpuDevice):
            return concat_examples_func(batch, device, padding)
        host = concat_examples_func(batch, None, padding)
        stream = self.stream
        if self.compute_stream is not None:
            stream.wait_event(self.compute_stream.record())
        with device.create_context():
            result = _send_nested(host, lambda a: cuda.to_gpu(
                a, device.device, stream=stream))
        stream.synchronize()
        return result


def _send_nested(obj, send):
    if isinstance(obj, tuple):
        return tuple(_send_nested(o, send) for o in obj)
    if isinstance(obj, dict):
        return {k: _send_nested(v, send) for k, v in obj.items()}
    return send(obj)


class Conveyor(object):
    """A queue that sends arrays to a device, asynchronously on a GPU.

    :meth:`put` starts the transfer of an array; :meth:`get` returns the arrays
    in the order they were put, once transferred.

    Args:
        device: the destination (any specifier :func:`chainer.get_device`
            accepts; None for the CPU).
        stream (cupy.cuda.Stream): the stream of the asynchronous copies.
    """

    def __init__(self, device=None, stream=None):
        self.device = _get_device(device) if device is not None else \
            backend.CpuDevice()
        self.stream = stream
        self._queue = collections.deque()

    def put(self, array):
        """Start sending ``array`` to the device."""
        if isinstance(self.device, backend.GpuDevice):
            sent = cuda.to_gpu(array, self.device.device, stream=self.stream)
        else:
            sent = self.device.send(array)
        self._queue.append(sent)

    def get(self, sync=True):
        """Return the oldest array put, on the device.

        Args:
            sync (bool): wait for the transfer to finish (on a GPU).
        Raises:
            IndexError: if nothing was put.
        """
        if not self._queue:
            raise IndexError('Conveyor.get: nothing was put')
        array = self._queue.popleft()
        if sync and self.stream is not None:
            self.stream.synchronize()
        return array


