"""Bilinear function, ``bilinear``."""
import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


class BilinearFunction(function_node.FunctionNode):
    """``y[n, l] = sum_{j, k} e1[n, j] e2[n, k] W[j, k, l]`` (+ ``e1 V1 + e2 V2 +
    b`` when those are given)."""

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        if n_in != 3 and n_in != 6:
            raise type_check.InvalidType(
                'in_types.size() == 3 or in_types.size() == 6',
                'in_types.size() == {}'.format(n_in))
        type_check._argname(in_types, ('e1', 'e2', 'W', 'V1', 'V2', 'b')[:n_in])
        e1_type, e2_type, W_type = in_types[:3]
        type_check.expect(
            e1_type.dtype.kind == 'f',
            e1_type.ndim == 2,
            e2_type.dtype == e1_type.dtype,
            e2_type.ndim == 2,
            e1_type.shape[0] == e2_type.shape[0],
            W_type.dtype == e1_type.dtype,
            W_type.ndim == 3,
            e1_type.shape[1] == W_type.shape[0],
            e2_type.shape[1] == W_type.shape[1],
        )
        if n_in == 6:
            out_size = W_type.shape[2]
            V1_type, V2_type, b_type = in_types[3:]
            type_check.expect(
                V1_type.dtype == e1_type.dtype,
                V1_type.ndim == 2,
                V1_type.shape[0] == W_type.shape[0],
                V1_type.shape[1] == out_size,
                V2_type.dtype == e1_type.dtype,
                V2_type.ndim == 2,
                V2_type.shape[0] == W_type.shape[1],
                V2_type.shape[1] == out_size,
                b_type.dtype == e1_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == out_size,
            )

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        e1, e2, W = inputs[:3]
        xp = backend.get_array_module(e1)
        # (N, J) x (J, K, L) -> (N, K, L), then contract K with e2.
        t = xp.tensordot(e1, W, axes=1)
        y = xp.matmul(e2[:, None, :], t)[:, 0, :]
        if len(inputs) == 6:
            V1, V2, b = inputs[3:]
            y = y + e1.dot(V1) + e2.dot(V2) + b
        return xp.ascontiguousarray(y, dtype=e1.dtype),

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        e1, e2, W = inputs[:3]
        gy, = grad_outputs
        F = chainer.functions
        n, j = e1.shape
        k = e2.shape[1]
        out = W.shape[2]
        ret = []
        for i in indexes:
            if i == 0:
                # ge1[n, j] = sum_{k, l} W[j, k, l] e2[n, k] gy[n, l]
                outer = F.reshape(e2, (n, k, 1)) * F.reshape(gy, (n, 1, out))
                g = F.matmul(F.reshape(outer, (n, k * out)),
                             F.reshape(W, (j, k * out)), transb=True)
                if len(inputs) == 6:
                    g = g + F.matmul(gy, inputs[3], transb=True)
            elif i == 1:
                outer = F.reshape(e1, (n, j, 1)) * F.reshape(gy, (n, 1, out))
                Wt = F.reshape(F.transpose(W, (1, 0, 2)), (k, j * out))
                g = F.matmul(F.reshape(outer, (n, j * out)), Wt, transb=True)
                if len(inputs) == 6:
                    g = g + F.matmul(gy, inputs[4], transb=True)
            elif i == 2:
                e1e2 = F.reshape(e1, (n, j, 1)) * F.reshape(e2, (n, 1, k))
                g = F.reshape(F.matmul(F.reshape(e1e2, (n, j * k)), gy, transa=True),
                              (j, k, out))
            elif i == 3:
                g = F.matmul(e1, gy, transa=True)
            elif i == 4:
                g = F.matmul(e2, gy, transa=True)
            else:
                g = F.sum(gy, axis=0)
            ret.append(g)
        return tuple(ret)


def bilinear(e1, e2, W, V1=None, V2=None, b=None):
    """Bilinear function, ``y = e1^T W e2 + V1^T e1 + V2^T e2 + b`` per example.

    With ``e1`` of shape ``(N, J)``, ``e2`` of shape ``(N, K)`` and ``W`` of shape
    ``(J, K, L)``::

        y[n, l] = sum_{j, k} e1[n, j] e2[n, k] W[j, k, l]
                  + sum_j e1[n, j] V1[j, l] + sum_k e2[n, k] V2[k, l] + b[l]

    The linear terms are used only when ``V1``, ``V2`` and ``b`` are all given.
    Inputs with more than two axes are flattened to ``(N, -1)``.

    Args:
        e1 (Variable or array): left input of shape ``(N, J)``.
        e2 (Variable or array): right input of shape ``(N, K)``.
        W (Variable or array): quadratic coefficients of shape ``(J, K, L)``.
        V1 (Variable or array): left linear coefficients of shape ``(J, L)``.
        V2 (Variable or array): right linear coefficients of shape ``(K, L)``.
        b (Variable or array): bias of shape ``(L,)``.
    Returns:
        Variable of shape ``(N, L)``.
    """
    F = chainer.functions
    # explicit sizes: -1 is ambiguous when the batch is empty
    if len(e1.shape) > 2:
        e1 = F.reshape(e1, (e1.shape[0], utils.size_of_shape(e1.shape[1:])))
    if len(e2.shape) > 2:
        e2 = F.reshape(e2, (e2.shape[0], utils.size_of_shape(e2.shape[1:])))
    given = [v is not None for v in (V1, V2, b)]
    if any(given) and not all(given):
        raise ValueError('bilinear: V1, V2 and b must be given all together or not at '
                         'all (got V1 {}, V2 {}, b {})'.format(
                             *['given' if g else 'None' for g in given]))
    if all(given):
        y, = BilinearFunction().apply((e1, e2, W, V1, V2, b))
    else:
        y, = BilinearFunction().apply((e1, e2, W))
    return y
