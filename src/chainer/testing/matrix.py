"""Random matrices with chosen singular values, for testing linear algebra."""
import numpy


def _random_orthonormal(shape, dtype, rng):
    """A batch of matrices of ``shape`` (..., m, k), m >= k, with orthonormal
    columns, drawn uniformly (QR of a Gaussian matrix with signs fixed)."""
    complex_ = numpy.dtype(dtype).kind == 'c'
    a = rng.standard_normal(shape)
    if complex_:
        a = a + 1j * rng.standard_normal(shape)
    q, r = numpy.linalg.qr(a)
    diagonal = numpy.diagonal(r, axis1=-2, axis2=-1)
    phase = numpy.where(diagonal == 0, 1, diagonal / numpy.abs(diagonal))
    return q * phase[..., None, :]


def generate_matrix(shape, dtype=float, **kwargs):
    """A random matrix (or batch of matrices) with given singular values.

    Args:
        shape (tuple of ints): ``(..., M, N)``, at least two dimensions.
        dtype: a float or complex dtype.
        singular_values (array-like): required keyword argument: the singular
            values, broadcastable to ``shape[:-2] + (min(M, N),)``; they must be
            real and non-negative.
    Returns:
        numpy.ndarray: ``U diag(s) V^H`` with random ``U`` and ``V`` whose columns
        are orthonormal.

    Example::

        a = generate_matrix((3, 3), numpy.float32, singular_values=[1, 2, 3])
        # numpy.linalg.svd(a)[1] is close to [3, 2, 1]
    """
    unknown = set(kwargs) - {'singular_values'}
    if unknown:
        raise TypeError('generate_matrix got unexpected keyword argument(s): {}'.format(
            ', '.join(sorted(unknown))))
    if 'singular_values' not in kwargs:
        raise TypeError('generate_matrix: the singular_values keyword argument is '
                        'required')
    shape = tuple(shape)
    if len(shape) < 2:
        raise ValueError('generate_matrix: shape must have at least two dimensions, '
                         'got {}'.format(shape))
    dtype = numpy.dtype(dtype)
    if dtype.kind not in 'fc':
        raise TypeError('generate_matrix: dtype must be a float or complex dtype, got '
                        '{}'.format(dtype))
    singular_values = numpy.asarray(kwargs['singular_values'])
    if singular_values.dtype.kind == 'c':
        raise TypeError('generate_matrix: singular_values must be real')
    if (singular_values < 0).any():
        raise ValueError('generate_matrix: singular_values must be non-negative')
    *batch, m, n = shape
    k = min(m, n)
    try:
        s = numpy.broadcast_to(singular_values, tuple(batch) + (k,))
    except ValueError:
        raise ValueError('generate_matrix: singular_values of shape {} cannot be '
                         'broadcast to {}'.format(singular_values.shape,
                                                  tuple(batch) + (k,))) from None
    rng = numpy.random
    u = _random_orthonormal(tuple(batch) + (m, k), dtype, rng)
    v = _random_orthonormal(tuple(batch) + (n, k), dtype, rng)
    a = numpy.einsum('...ik,...k,...jk->...ij', u, s, v.conj())
    return a.astype(dtype)
