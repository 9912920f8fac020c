"""The orthogonal initializer (Saxe et al. 2014)."""
import numpy

from chainer import backend
from chainer import initializer
from chainer.initializers import normal
from chainer import utils

_MODES = ('auto', 'projection', 'basis', 'embedding')


class Orthogonal(initializer.Initializer):
    """Fills with a scaled (semi-)orthogonal matrix.

    The array is viewed as a matrix of shape ``(shape[0], prod(shape[1:]))``
    (``(n, 1)`` for a 1-D array), filled with a random orthogonal matrix drawn
    uniformly (the Q factor of a Gaussian matrix, with the signs fixed) and
    multiplied by ``scale``.

    Args:
        scale (float): the multiplier.
        dtype: dtype of the array.
        mode (str): which rows/columns are orthonormal:

            * ``'projection'``: the rows (needs rows <= columns);
            * ``'embedding'``: the columns (needs rows >= columns);
            * ``'basis'``: both (needs a square matrix);
            * ``'auto'`` (default): ``'projection'`` if rows < columns,
              ``'embedding'`` if rows > columns, else ``'basis'``.
        rng: a random generator with a ``normal`` method (default
            ``numpy.random``).
    """

    def __init__(self, scale=1.1, dtype=None, mode='auto', **kwargs):
        self.rng = kwargs.pop('rng', None)
        if kwargs:
            raise TypeError('Orthogonal got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        if mode not in _MODES:
            raise ValueError('Orthogonal: mode must be one of {}, got {!r}'.format(
                ', '.join(repr(m) for m in _MODES), mode))
        self.scale = scale
        self.mode = mode
        super().__init__(dtype)

    def __call__(self, array):
        if self.dtype is not None and array.dtype != numpy.dtype(self.dtype):
            raise ValueError('Orthogonal: the array has dtype {} but the initializer '
                             'makes {}'.format(array.dtype, numpy.dtype(self.dtype)))
        normal._check_float(self, array)
        if array.ndim == 0:
            raise ValueError('Orthogonal: the array must have at least one dimension, '
                             'got a 0-dimensional array')
        if array.size == 0:
            return
        rows = array.shape[0]
        cols = utils.size_of_shape(array.shape[1:])
        mode = self.mode
        if mode == 'auto':
            mode = 'projection' if rows < cols else \
                'embedding' if rows > cols else 'basis'
        if mode == 'projection' and rows > cols:
            raise ValueError(
                'Orthogonal: mode "projection" needs rows <= columns, but the array '
                'is viewed as a {}x{} matrix'.format(rows, cols))
        if mode == 'embedding' and rows < cols:
            raise ValueError(
                'Orthogonal: mode "embedding" needs rows >= columns, but the array '
                'is viewed as a {}x{} matrix'.format(rows, cols))
        if mode == 'basis' and rows != cols:
            raise ValueError(
                'Orthogonal: mode "basis" needs a square matrix, but the array is '
                'viewed as a {}x{} matrix'.format(rows, cols))
        rng = numpy.random if self.rng is None else self.rng
        big, small = max(rows, cols), min(rows, cols)
        a = numpy.asarray(rng.normal(size=(big, small)), dtype=numpy.float64)
        q, r = numpy.linalg.qr(a)          # q: big x small, orthonormal columns
        signs = numpy.sign(numpy.diag(r))
        signs[signs == 0] = 1
        q = q * signs                     # makes the distribution uniform
        if rows < cols:
            q = q.T
        q = (q * self.scale).reshape(array.shape)
        device = backend.get_device_from_array(array)
        array[...] = device.send(q.astype(array.dtype))
