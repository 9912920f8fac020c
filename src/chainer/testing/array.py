"""Array comparison for tests."""
import numpy

from chainer import backend
from chainer.backends import cuda


def _as_numpy(x):
    if isinstance(x, numpy.ndarray):
        return x
    if cuda.available and isinstance(x, cuda.ndarray):
        return x.get()
    import chainer
    if isinstance(x, chainer.Variable):
        return _as_numpy(x.array)
    return numpy.asarray(x)


def assert_allclose(x, y, atol=1e-5, rtol=1e-4, verbose=True):
    """Assert that ``x`` and ``y`` are equal within ``atol + rtol * |y|`` elementwise.

    Arrays (NumPy or CuPy), Variables and scalars are accepted; shapes must be equal
    (or one of them a scalar, compared with every element of the other). On
    failure the AssertionError reports the shapes, the largest absolute and
    relative errors, and the indices and values where the tolerance is exceeded.
    """
    x = _as_numpy(x)
    y = _as_numpy(y)
    if y.shape != x.shape and y.ndim != 0 and x.ndim != 0:
        raise AssertionError(
            'assert_allclose: shapes differ: x {} vs y {}'.format(x.shape, y.shape))
    try:
        numpy.testing.assert_allclose(x, y, atol=atol, rtol=rtol, verbose=verbose)
    except AssertionError as e:
        if not verbose:
            raise
        lines = [str(e).strip(), '']
        shape = numpy.broadcast_shapes(x.shape, y.shape)
        xb = numpy.broadcast_to(x, shape)
        xf = xb.astype(numpy.float64) if x.dtype.kind != 'c' else xb
        yf = numpy.broadcast_to(y, shape)
        yf = yf.astype(numpy.float64) if yf.dtype.kind != 'c' else yf
        with numpy.errstate(invalid='ignore', divide='ignore'):
            err = numpy.abs(xf - yf)
            tol = atol + rtol * numpy.abs(yf)
            bad = ~(err <= tol)
            # NaNs in the same place are equal for numpy.testing.assert_allclose
            bad &= ~(numpy.isnan(xf) & numpy.isnan(yf))
        lines.append('assert_allclose failed:')
        lines.append('  shape: {} {}'.format(x.shape, y.shape))
        lines.append('  dtype: {} {}'.format(x.dtype, y.dtype))
        if xb.size:
            finite = numpy.isfinite(err)
            if finite.any():
                i = numpy.unravel_index(numpy.argmax(numpy.where(finite, err, -1)),
                                        shape)
                lines.append('  i: {}'.format(tuple(int(k) for k in i)))
                lines.append('  x[i]: {}'.format(xb[i]))
                lines.append('  y[i]: {}'.format(yf[i]))
                lines.append('  relative error[i]: {}'.format(
                    err[i] / abs(yf[i]) if yf[i] != 0 else numpy.inf))
                lines.append('  absolute error[i]: {}'.format(err[i]))
            indices = numpy.argwhere(bad)
            lines.append('  number of mismatches: {} / {}'.format(len(indices), xb.size))
            for idx in indices[:10]:
                idx = tuple(int(k) for k in idx)
                lines.append('    at {}: x={} y={}'.format(idx, xb[idx], yf[idx]))
            if len(indices) > 10:
                lines.append('    ...')
        opts = numpy.get_printoptions()
        try:
            numpy.set_printoptions(threshold=10000)
            lines.append('x: ' + numpy.array2string(x, prefix='x: '))
            lines.append('y: ' + numpy.array2string(numpy.asarray(y), prefix='y: '))
        finally:
            numpy.set_printoptions(**opts)
        raise AssertionError('\n'.join(lines)) from None


def _as_noncontiguous_array(array):
    """A copy of ``array`` (or of each array in a tuple/list; None stays None)
    that is not contiguous in memory, with the same shape, dtype and values.

    Arrays with no element or with no axis cannot be non-contiguous and are
    returned as copies. Used to check that functions do not assume contiguity.
    """
    if array is None:
        return None
    if isinstance(array, (list, tuple)):
        return type(array)(_as_noncontiguous_array(a) for a in array)
    xp = backend.get_array_module(array)
    if array.ndim == 0 or array.size == 0:
        return array.copy()
    # Every other element of a buffer twice as long along the last axis.
    buffer = xp.empty(array.shape[:-1] + (array.shape[-1] * 2,), dtype=array.dtype)
    view = buffer[..., ::2]
    view[...] = array
    if array.size > 1:
        assert not view.flags.c_contiguous
    return view
