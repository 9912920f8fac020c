"""Softmax cross entropy: the classification loss on unnormalized log probabilities."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


def _log_softmax(x, axis=1):
    # log(softmax(x)) = x - max - log(sum(exp(x - max))), stable for any x.
    xp = backend.get_array_module(x)
    m = x.max(axis=axis, keepdims=True)
    y = x - m
    z = xp.exp(y)
    s = z.sum(axis=axis, keepdims=True)
    y -= xp.log(s)
    return y


def _softmax_variable(x, axis=1):
    # softmax as a composition of differentiable functions (for higher order
    # gradients). Subtracting the (constant) maximum does not change the result.
    m = x.array.max(axis=axis, keepdims=True)
    e = chainer.functions.exp(x - m)
    s = chainer.functions.sum(e, axis=axis, keepdims=True)
    return e / chainer.functions.broadcast_to(s, e.shape)


def _expand_class_axis(a):
    # (N, d1, ...) -> (N, 1, d1, ...): broadcastable against x.
    return a.reshape(a.shape[:1] + (1,) + a.shape[1:])


def _check_reduce(reduce, name, choices):
    if reduce not in choices:
        raise ValueError(
            '{}: reduce must be one of {}, got {!r}'.format(
                name, ', '.join(repr(c) for c in choices), reduce))


class SoftmaxCrossEntropy(function_node.FunctionNode):
    """Softmax over axis 1 followed by the cross entropy with integer or soft labels."""

    y = None  # the softmax of x, kept for backward when cache_score is True

    def __init__(self, normalize=True, cache_score=True, class_weight=None,
                 ignore_label=-1, reduce='mean', soft_target_loss='cross-entropy'):
        self.normalize = normalize
        self.cache_score = cache_score
        self.class_weight = class_weight
        self.ignore_label = ignore_label
        self.reduce = reduce
        self.soft_target_loss = soft_target_loss

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 't'))
        x_type, t_type = in_types
        type_check.expect(x_type.dtype.kind == 'f', x_type.ndim >= 2)
        if type_check.eval(t_type.dtype.kind) == 'f':
            # Soft labels: a distribution over axis 1 for each instance.
            type_check.expect(t_type.ndim == x_type.ndim)
            for i in range(type_check.eval(x_type.ndim)):
                type_check.expect(t_type.shape[i] == x_type.shape[i])
        else:
            type_check.expect(t_type.dtype.kind == 'i')
            type_check.expect(t_type.ndim == x_type.ndim - 1)
            type_check.expect(x_type.shape[0] == t_type.shape[0])
            for i in range(2, type_check.eval(x_type.ndim)):
                type_check.expect(x_type.shape[i] == t_type.shape[i - 1])

    def _check_labels(self, x, t):
        xp = backend.get_array_module(t)
        n_class = x.shape[1]
        bad = (t != self.ignore_label) & ((t < 0) | (t >= n_class))
        if bool(bad.any()):
            raise ValueError(
                'softmax_cross_entropy: each label in t must satisfy 0 <= t < '
                'x.shape[1] ({}) or be ignore_label ({}); found {}'.format(
                    n_class, self.ignore_label,
                    int(xp.asarray(t)[bad].ravel()[0])))

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        self._soft = t.dtype.kind == 'f'
        if self.class_weight is not None and self.class_weight.shape != (x.shape[1],):
            raise ValueError(
                'softmax_cross_entropy: class_weight must have shape (x.shape[1],) '
                '= ({},), got {}'.format(x.shape[1], self.class_weight.shape))
        # float16 is computed in float32 for accuracy, then cast back.
        work = x.astype(numpy.float32) if x.dtype == numpy.float16 else x
        self.retain_inputs((0, 1))
        if self._soft:
            log_y = _log_softmax(work, axis=1)
            if self.cache_score:
                self.y = xp.exp(log_y)
            return self._forward_soft(xp, x, t, log_y)

        self._check_labels(x, t)
        valid = t != self.ignore_label
        # Index with 0 where ignored; those entries are masked afterwards.
        tt = xp.where(valid, t, 0).astype(numpy.intp)
        # -log softmax(x)[t] = log(sum(exp(x - m))) - (x[t] - m): only the picked
        # entries of log softmax are needed, and the softmax kept for backward is
        # exp(x - m) / sum(exp(x - m)).
        m = work.max(axis=1, keepdims=True)
        z = work - m
        if z.ndim == 2:
            picked = z[xp.arange(z.shape[0]), tt]
        else:
            picked = xp.take_along_axis(z, _expand_class_axis(tt), axis=1)[:, 0]
        xp.exp(z, out=z)
        s = z.sum(axis=1, keepdims=True)
        if self.cache_score:
            z /= s
            self.y = z
        loss = xp.log(s)[:, 0]
        loss -= picked
        if self.class_weight is not None:
            cw = xp.asarray(self.class_weight).astype(loss.dtype, copy=False)
            loss *= cw[tt]
        loss *= valid
        if self.reduce == 'mean':
            if self.normalize:
                count = int(valid.sum())
            else:
                count = x.shape[0]
            self._coeff = 1.0 / max(count, 1)
            return utils.force_array(loss.sum() * self._coeff, x.dtype),
        return utils.force_array(loss, x.dtype),

    def _forward_soft(self, xp, x, t, log_y):
        t = t.astype(log_y.dtype, copy=False)
        if self.class_weight is not None:
            cw = xp.asarray(self.class_weight).astype(log_y.dtype, copy=False)
            tw = t * cw.reshape((1, -1) + (1,) * (x.ndim - 2))
        else:
            tw = t
        loss = -(tw * log_y).sum(axis=1)
        if self.soft_target_loss == 'kl-divergence':
            # sum_c t log t, with 0 log 0 = 0.
            safe = xp.where(t > 0, t, 1)
            loss += (tw * xp.log(safe)).sum(axis=1)
        if self.reduce == 'mean':
            if self.normalize:
                count = x.size // x.shape[1]
            else:
                count = x.shape[0]
            self._coeff = 1.0 / max(count, 1)
            return utils.force_array(loss.sum() * self._coeff, x.dtype),
        return utils.force_array(loss, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        gloss, = grad_outputs
        if 0 not in indexes:
            return None, None
        y = self.y
        if y is None:
            work = x.array.astype(numpy.float32) \
                if x.dtype == numpy.float16 else x.array
            y = backend.get_array_module(work).exp(_log_softmax(work, axis=1))
        grad = _SoftmaxCrossEntropyGrad(self, t.array, y)
        gx, = grad.apply((x, gloss))
        return gx, None


class _SoftmaxCrossEntropyGrad(function_node.FunctionNode):
    # gx = (softmax(x) * s - T) * W * gloss, where for hard labels T is one-hot(t)
    # (zero where ignored), s = 1 (0 where ignored) and W the class weight times the
    # normalization; for soft labels T = t * class_weight and s = sum_c T.

    def __init__(self, parent, t, y):
        self.parent = parent
        self.t = t
        self.y = y

    def _target_and_scale(self, xp, dtype):
        # T (x-shaped) and s (t-shaped with the class axis kept), in dtype.
        p = self.parent
        t = self.t
        if p._soft:
            tw = t.astype(dtype, copy=False)
            if p.class_weight is not None:
                cw = xp.asarray(p.class_weight).astype(dtype, copy=False)
                tw = tw * cw.reshape((1, -1) + (1,) * (t.ndim - 2))
            return tw, tw.sum(axis=1, keepdims=True)
        valid = t != p.ignore_label
        tt = xp.where(valid, t, 0).astype(numpy.intp)
        w = valid.astype(dtype)
        if p.class_weight is not None:
            cw = xp.asarray(p.class_weight).astype(dtype, copy=False)
            w = w * cw[tt]
        n_class = self.y.shape[1]
        onehot = (xp.arange(n_class).reshape((1, -1) + (1,) * (t.ndim - 1))
                  == _expand_class_axis(tt))
        w = _expand_class_axis(w)
        return onehot * w, w

    def _grad_scale(self, gloss, ndim):
        # gloss times the normalization, broadcastable against x.
        p = self.parent
        if p.reduce == 'mean':
            return gloss * p._coeff
        return _expand_class_axis(gloss)

    def forward(self, inputs):
        x, gloss = inputs
        xp = backend.get_array_module(x)
        y = self.y
        dtype = y.dtype
        p = self.parent
        if not p._soft and y.ndim == 2:
            # Hard labels: (softmax(x) - onehot(t)) * weight * g, with the one-hot
            # part subtracted at the labelled entries only.
            t = self.t
            g = self._grad_scale(gloss.astype(dtype, copy=False), 2)
            valid = t != p.ignore_label
            tt = xp.where(valid, t, 0)
            if p.class_weight is not None:
                cw = xp.asarray(p.class_weight).astype(dtype, copy=False)
                g = g * (cw[tt] * valid)[:, None]
            elif not valid.all():
                g = g * valid[:, None].astype(dtype)
            gx = y * g
            rows = xp.arange(t.shape[0])
            gx[rows, tt] -= g[:, 0] if g.ndim == 2 else g
            self.retain_inputs((0, 1))
            return utils.force_array(gx, x.dtype),
        T, s = self._target_and_scale(xp, dtype)
        gx = y * s
        gx -= T
        g = self._grad_scale(gloss.astype(dtype, copy=False), x.ndim)
        gx *= g
        self.retain_inputs((0, 1))
        return utils.force_array(gx, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, gloss = self.get_retained_inputs()
        ggx, = grad_outputs
        xp = backend.get_array_module(x)
        T, s = self._target_and_scale(xp, x.dtype)
        y = _softmax_variable(x, axis=1)
        s_b = xp.broadcast_to(s, x.shape)
        ret = []
        if 0 in indexes:
            # d/dx <ggx, y * s * g> = y * (u - sum_c(u * y)) with u = ggx * s * g.
            g = self._grad_scale(gloss, x.ndim)
            g = chainer.functions.broadcast_to(g, x.shape)
            u = ggx * g * s_b
            uy = chainer.functions.sum(u * y, axis=1, keepdims=True)
            ret.append(y * (u - chainer.functions.broadcast_to(uy, x.shape)))
        else:
            ret.append(None)
        if 1 in indexes:
            v = ggx * (y * s_b - T)
            p = self.parent
            if p.reduce == 'mean':
                ggloss = chainer.functions.sum(v) * p._coeff
            else:
                ggloss = chainer.functions.sum(v, axis=1)
            ret.append(ggloss)
        else:
            ret.append(None)
        return tuple(ret)


def softmax_cross_entropy(
        x, t, normalize=True, cache_score=True, class_weight=None,
        ignore_label=-1, reduce='mean', enable_double_backprop=False,
        soft_target_loss='cross-entropy'):
    """Cross entropy between ``softmax(x)`` (over axis 1) and the labels ``t``.

    For integer labels the loss of one instance is
    ``-class_weight[t] * log(softmax(x)[t])``; for soft labels (``t`` a float array
    of the shape of ``x`` holding a distribution over axis 1) it is
    ``-sum_c class_weight[c] t[c] log(softmax(x)[c])`` (``'cross-entropy'``) or that
    plus ``sum_c class_weight[c] t[c] log t[c]`` (``'kl-divergence'``).

    Args:
        x (Variable or array): unnormalized log probabilities of shape
            ``(N, C)`` or ``(N, C, d1, ..., dk)`` (one softmax per position).
        t (Variable or array): signed integer labels of shape ``(N,)`` or
            ``(N, d1, ..., dk)``, each in ``[0, C)`` or equal to ``ignore_label``;
            or soft labels of the shape and dtype of ``x``.
        normalize (bool): with ``reduce='mean'``, divide the summed loss by the
            number of instances that are not ignored (True) or by ``N`` (False).
        cache_score (bool): keep the softmax computed in forward for backward
            (faster, more memory) instead of recomputing it.
        class_weight (array): constant weights of shape ``(C,)`` multiplying the
            loss of each class.
        ignore_label (int): label whose instances contribute neither loss nor
            gradient.
        reduce (str): ``'mean'`` gives a scalar; ``'no'`` gives the loss of each
            instance, of the shape of ``t`` (``x.shape`` without axis 1 for soft
            labels), zero where ignored.
        enable_double_backprop (bool): accepted for compatibility; the gradient
            is always differentiable here, so higher order gradients work with
            either value.
        soft_target_loss (str): ``'cross-entropy'`` or ``'kl-divergence'``, for
            soft labels.
    Returns:
        Variable of the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[0, 0, 0], [2, 0, 0]], np.float32)  # 2 examples, 3 classes
        >>> t = np.array([0, 1], np.int32)
        >>> loss = F.softmax_cross_entropy(x, t, reduce='no')  # -log(softmax(x)[t])
        >>> np.round(loss.array, 4)
        array([1.0986, 2.2395], dtype=float32)
        >>> loss = F.softmax_cross_entropy(x, t)  # the mean over the examples
        >>> print(np.round(loss.array, 4))
        1.6691
        >>> ignored = np.array([0, -1], np.int32)  # -1 is the default ignore_label
        >>> print(np.round(F.softmax_cross_entropy(x, ignored).array, 4))
        1.0986
    """
    _check_reduce(reduce, 'softmax_cross_entropy', ('mean', 'no'))
    if soft_target_loss not in ('cross-entropy', 'kl-divergence'):
        raise ValueError(
            "softmax_cross_entropy: soft_target_loss must be 'cross-entropy' or "
            "'kl-divergence', got {!r}".format(soft_target_loss))
    if class_weight is not None:
        if isinstance(class_weight, chainer.Variable):
            raise TypeError('softmax_cross_entropy: class_weight must be an array, '
                            'not a Variable')
        class_weight = backend.get_array_module(class_weight).asarray(class_weight)
        if class_weight.ndim != 1:
            raise ValueError('softmax_cross_entropy: class_weight must be 1-d, got '
                             'shape {}'.format(class_weight.shape))
        if class_weight.dtype.kind != 'f':
            raise ValueError('softmax_cross_entropy: class_weight must be a float '
                             'array, got dtype {}'.format(class_weight.dtype))
    func = SoftmaxCrossEntropy(normalize, cache_score, class_weight, ignore_label,
                               reduce, soft_target_loss)
    return func.apply((x, t))[0]
