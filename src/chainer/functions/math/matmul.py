"""Matrix products: ``matmul`` (NumPy's matmul semantics, with transposes) and the
deprecated ``batch_matmul``."""
import warnings

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


def _swap(x):
    return x.swapaxes(-1, -2)


class MatMul(function_node.FunctionNode):
    """Batched matrix product of two arrays of two or more dimensions.

    The last two axes are matrices (optionally transposed); the leading axes
    broadcast.
    """

    def __init__(self, transa=False, transb=False, dtype=None):
        self.transa = transa
        self.transb = transb
        self.dtype = dtype

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a', 'b'))
        a_type, b_type = in_types
        type_check.expect(
            a_type.dtype.kind == 'f',
            b_type.dtype.kind == 'f',
            a_type.ndim >= 2,
            b_type.ndim >= 2,
        )
        a_idx = -2 if self.transa else -1
        b_idx = -1 if self.transb else -2
        type_check.expect(a_type.shape[a_idx] == b_type.shape[b_idx])
        a_shape = type_check.eval(a_type.shape)[:-2]
        b_shape = type_check.eval(b_type.shape)[:-2]
        if a_shape != b_shape:
            type_check.expect_broadcast_shapes(a_shape, b_shape)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        xp = backend.get_array_module(a)
        if self.transa:
            a = _swap(a)
        if self.transb:
            b = _swap(b)
        if a.ndim == 2 and b.ndim == 2:
            y = a.dot(b)
        else:
            y = xp.matmul(a, b)
        return utils.force_array(y, self.dtype),

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        ta, tb = self.transa, self.transb
        for i in indexes:
            if i == 0:
                if not ta:
                    ga = MatMul(False, not tb, a.dtype).apply((gy, b))[0]
                else:
                    ga = MatMul(tb, True, a.dtype).apply((b, gy))[0]
                if ga.shape != a.shape:
                    ga = chainer.functions.sum_to(ga, a.shape)
                ret.append(ga)
            else:
                if not tb:
                    gb = MatMul(not ta, False, b.dtype).apply((a, gy))[0]
                else:
                    gb = MatMul(True, ta, b.dtype).apply((gy, a))[0]
                if gb.shape != b.shape:
                    gb = chainer.functions.sum_to(gb, b.shape)
                ret.append(gb)
        return tuple(ret)


def matmul(a, b, transa=False, transb=False):
    """Matrix product of ``a`` and ``b``, following ``numpy.matmul``.

    Two 1-D arrays give their dot product; 2-D arrays their matrix product; for more
    dimensions the last two axes are matrices and the leading axes broadcast.

    Args:
        a, b (Variable or array): operands of a float dtype.
        transa (bool): use the transpose of ``a`` (its last two axes swapped).
        transb (bool): use the transpose of ``b``.

    .. admonition:: Example

        >>> a = np.array([[1, 2], [3, 4]], np.float32)
        >>> b = np.array([[0, 1], [1, 0]], np.float32)  # swaps the columns
        >>> F.matmul(a, b).array
        array([[2., 1.],
               [4., 3.]], dtype=float32)
        >>> F.matmul(a, b, transa=True).array  # a.T @ b
        array([[3., 1.],
               [4., 2.]], dtype=float32)
        >>> F.matmul(np.ones((5, 2, 3), np.float32), np.ones((5, 3, 4), np.float32)).shape
        (5, 2, 4)
    """
    a = chainer.as_variable(a)
    b = chainer.as_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError('matmul: the operands must have at least one dimension, got '
                         'shapes {} and {}'.format(a.shape, b.shape))
    squeeze_a = squeeze_b = False
    if a.ndim == 1:
        a = chainer.functions.reshape(a, (1, a.shape[0]))
        transa = False
        squeeze_a = True
    if b.ndim == 1:
        b = chainer.functions.reshape(b, (b.shape[0], 1))
        transb = False
        squeeze_b = True
    y = MatMul(transa, transb).apply((a, b))[0]
    if squeeze_a or squeeze_b:
        shape = y.shape
        if squeeze_a and squeeze_b:
            shape = shape[:-2]
        elif squeeze_a:
            shape = shape[:-2] + shape[-1:]
        else:
            shape = shape[:-1]
        y = chainer.functions.reshape(y, shape)
    return y


def batch_matmul(a, b, transa=False, transb=False):
    """Matrix product of each pair of matrices of two batches (deprecated).

    Use :func:`matmul`, which broadcasts batch axes. Here a 2-D operand of shape
    ``(b, n)`` stands for ``b`` column vectors (matrices of shape ``(n, 1)``), and
    the result always has three dimensions.

    Args:
        a (Variable or array): left batch, of shape ``(b, m, k)`` (or ``(b, m)``).
        b (Variable or array): right batch, of shape ``(b, k, n)`` (or ``(b, k)``).
        transa (bool): transpose each matrix of ``a`` first.
        transb (bool): transpose each matrix of ``b`` first.
    Returns:
        Variable of shape ``(b, m, n)``.
    """
    warnings.warn('batch_matmul is deprecated; use matmul instead',
                  DeprecationWarning, stacklevel=2)
    a = chainer.as_variable(a)
    b = chainer.as_variable(b)
    operands = []
    for name, x in (('a', a), ('b', b)):
        if x.ndim == 2:
            x = chainer.functions.reshape(x, x.shape + (1,))
        elif x.ndim != 3:
            raise ValueError('batch_matmul: {} must have 2 or 3 dimensions, got shape '
                             '{}'.format(name, x.shape))
        operands.append(x)
    return MatMul(transa, transb).apply(tuple(operands))[0]
