"""Losses of variational auto-encoders: Gaussian KL divergence and likelihoods."""
import math

import chainer
from chainer.functions.loss import _util


def _reduce(loss, reduce):
    if reduce == 'sum':
        return chainer.functions.sum(loss)
    if reduce == 'mean':
        return chainer.functions.sum(loss) * (1.0 / max(loss.size, 1))
    return loss


def _inputs(func_name, reduce, **arrays):
    # The arrays as Variables, after checking the reduce argument and that they
    # have the float dtype and the shape of the first one.
    _util.check_reduce(reduce, func_name, ('sum', 'mean', 'no'))
    names = list(arrays)
    first = arrays[names[0]] = chainer.as_variable(arrays[names[0]])
    if first.dtype.kind != 'f':
        raise TypeError('{}: {} must be a float array, got dtype {}'.format(
            func_name, names[0], first.dtype))
    for name in names[1:]:
        arrays[name] = chainer.as_variable(arrays[name])
        if arrays[name].shape != first.shape:
            raise ValueError('{}: {} and {} must have the same shape, got {} and {}'
                             .format(func_name, names[0], name, first.shape,
                                     arrays[name].shape))
        if arrays[name].dtype != first.dtype:
            raise TypeError('{}: {} and {} must have the same dtype, got {} and {}'
                            .format(func_name, names[0], name, first.dtype,
                                    arrays[name].dtype))
    return [arrays[name] for name in names]


def gaussian_kl_divergence(mean, ln_var, reduce='sum'):
    """KL divergence of ``N(mean, exp(ln_var))`` from the standard normal.

    Elementwise ``(mean^2 + exp(ln_var) - ln_var - 1) / 2``.

    Args:
        mean (Variable or array): means.
        ln_var (Variable or array): log variances, of the shape of ``mean``.
        reduce (str): ``'sum'`` (the default), ``'mean'`` or ``'no'``.
    Returns:
        Variable: a scalar, or the elementwise divergences.
    """
    mean, ln_var = _inputs('gaussian_kl_divergence', reduce, mean=mean, ln_var=ln_var)
    loss = (mean * mean + chainer.functions.exp(ln_var) - ln_var - 1) * 0.5
    return _reduce(loss, reduce)


def bernoulli_nll(x, y, reduce='sum'):
    """Negative log-likelihood of ``x`` under Bernoulli distributions with logits ``y``.

    Elementwise ``softplus(y) - x y``, i.e. ``-x log p - (1 - x) log(1 - p)``
    with ``p = sigmoid(y)``.

    Args:
        x (Variable or array): the data, typically in [0, 1].
        y (Variable or array): the logits (pre-sigmoid), of the shape of ``x``.
        reduce (str): ``'sum'`` (the default), ``'mean'`` or ``'no'``.
    Returns:
        Variable: a scalar, or the elementwise values.
    """
    x, y = _inputs('bernoulli_nll', reduce, x=x, y=y)
    # softplus(y) = log(1 + exp(y)), stable for large |y|, with the exact
    # derivative sigmoid(y) everywhere (also at 0, where a relu/abs form gives 0).
    loss = chainer.functions.softplus(y) - x * y
    return _reduce(loss, reduce)


def gaussian_nll(x, mean, ln_var, reduce='sum'):
    """Negative log-likelihood of ``x`` under ``N(mean, exp(ln_var))``.

    Elementwise ``(log(2 pi) + ln_var + (x - mean)^2 exp(-ln_var)) / 2``.

    Args:
        x (Variable or array): the data.
        mean (Variable or array): means, of the shape of ``x``.
        ln_var (Variable or array): log variances, of the shape of ``x``.
        reduce (str): ``'sum'`` (the default), ``'mean'`` or ``'no'``.
    Returns:
        Variable: a scalar, or the elementwise values.
    """
    x, mean, ln_var = _inputs('gaussian_nll', reduce, x=x, mean=mean, ln_var=ln_var)
    diff = x - mean
    loss = (ln_var + diff * diff * chainer.functions.exp(-ln_var) +
            math.log(2 * math.pi)) * 0.5
    return _reduce(loss, reduce)
