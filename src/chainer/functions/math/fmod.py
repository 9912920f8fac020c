"""Elementwise remainder of division, with the sign of the dividend."""
from chainer.functions import _rules


# fmod(x, d) = x - d * fix(x / d), and fix(x / d) is locally constant.
Fmod = _rules.binary(
    'Fmod', 'fmod', label='fmod', names=('x', 'divisor'), keep='x divisor',
    grads=(lambda F, gy, x, d: gy,
           lambda F, gy, x, d: F.scale(-gy, F.xp.trunc(F.data(x) / F.data(d)))))


def fmod(x, divisor):
    """Elementwise remainder of ``x / divisor``, with the sign of ``x``.

    .. math:: y_i = x_i - d_i \\, \\mathrm{fix}(x_i / d_i)

    where :math:`\\mathrm{fix}` rounds towards zero (C's ``fmod``; NumPy's ``fmod``).
    The gradients are 1 for ``x`` and :math:`-\\mathrm{fix}(x / d)` for ``divisor``.

    Args:
        x (Variable or array): dividend, of a float dtype.
        divisor (Variable or array): divisor, of the dtype of ``x``; the shapes
            broadcast together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Fmod().apply((x, divisor))[0]
