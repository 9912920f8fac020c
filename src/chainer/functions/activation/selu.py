"""Scaled exponential linear unit."""
from chainer.functions.activation import _util
from chainer.functions.activation import elu


def selu(x, alpha=1.6732632423543772848170429916717,
         scale=1.0507009873554804934193349852946):
    """Scaled ELU: ``scale * elu(x, alpha)``.

    .. math:: f(x) = \\lambda x \\ (x > 0), \\quad
        \\lambda \\alpha (\\exp(x) - 1) \\ (x \\le 0).

    The default ``alpha`` and ``scale`` are those that make the activations
    self-normalizing (Klambauer et al., 2017).

    Args:
        x (Variable or array): a float input.
        alpha (float): the scale of the negative part inside the ELU.
        scale (float): the overall scale ``lambda``.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> y = F.selu(np.array([-1, 1], np.float32))
        >>> np.round(y.array, 4)
        array([-1.1113,  1.0507], dtype=float32)
    """
    scale = _util.check_real(scale, 'scale', 'selu')
    y = elu.elu(x, alpha)
    return y * y.dtype.type(scale)
