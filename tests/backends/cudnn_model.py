"""A NumPy model of the cuDNN graph operations chainer.backends._cudnn_frontend
builds, as cuDNN documents them, for the fake ``cudnn`` module: each execution
computes the outputs from the bound memory, read through the dims and strides the
graph declared. With it, the CPU tests check the translation end to end (paddings,
output sizes, groups, layouts, running averages) against Chainer's NumPy functions;
cuDNN's own numerics are for the GPU tests."""
import itertools

import numpy

import fake_cudnn


def _view(device, pointer, tensor):
    """The memory at ``pointer`` as the (dims, strides) the graph declared."""
    base = device.array(pointer).reshape(-1)
    item = base.itemsize
    return numpy.lib.stride_tricks.as_strided(
        base, shape=tuple(tensor.dim), strides=tuple(s * item for s in tensor.stride))


def _windows(image, ksize, stride, dilate, out_size):
    """For each kernel offset, the strided slice of ``image`` (n, g, c, *padded)
    that output positions read: (offset, slice view (n, g, c, *out))."""
    for offset in itertools.product(*[range(k) for k in ksize]):
        index = (slice(None),) * 3 + tuple(
            slice(k * d, k * d + s * (o - 1) + 1, s)
            for k, d, s, o in zip(offset, dilate, stride, out_size))
        yield offset, index


def _pad(x, pre, post):
    return numpy.pad(x, [(0, 0)] * 3 + list(zip(pre, post)))


def _grouped(a, groups):
    return a.reshape((a.shape[0], groups, a.shape[1] // groups) + a.shape[2:])


def conv_fprop(x, W, pre, post, stride, dilate):
    """y[n, o, p] = sum_{c, k} W[o, c, k] xpad[n, g(o) c + c, p s + k d]."""
    groups = x.shape[1] // W.shape[1]
    out_size = tuple((i + a + b - (k - 1) * d - 1) // s + 1 for i, a, b, k, d, s in
                     zip(x.shape[2:], pre, post, W.shape[2:], dilate, stride))
    xg = _pad(_grouped(x.astype(numpy.float64), groups), pre, post)
    Wg = W.astype(numpy.float64).reshape((groups, W.shape[0] // groups) + W.shape[1:])
    y = numpy.zeros((x.shape[0], groups, Wg.shape[1]) + out_size)
    for offset, index in _windows(xg, W.shape[2:], stride, dilate, out_size):
        w = Wg[(slice(None),) * 3 + offset]          # (g, o, c)
        y += numpy.einsum('goc,ngc...->ngo...', w, xg[index])
    return y.reshape((x.shape[0], W.shape[0]) + out_size)


def conv_dgrad(dy, W, dx_shape, pre, post, stride, dilate):
    """The adjoint of :func:`conv_fprop` in its input."""
    groups = dx_shape[1] // W.shape[1]
    padded = tuple(i + a + b for i, a, b in zip(dx_shape[2:], pre, post))
    dxg = numpy.zeros((dx_shape[0], groups, W.shape[1]) + padded)
    dyg = _grouped(dy.astype(numpy.float64), groups)
    Wg = W.astype(numpy.float64).reshape((groups, W.shape[0] // groups) + W.shape[1:])
    for offset, index in _windows(dxg, W.shape[2:], stride, dilate, dy.shape[2:]):
        w = Wg[(slice(None),) * 3 + offset]
        dxg[index] += numpy.einsum('goc,ngo...->ngc...', w, dyg)
    crop = (slice(None),) * 3 + tuple(slice(a, a + i) for a, i in
                                      zip(pre, dx_shape[2:]))
    return dxg[crop].reshape(dx_shape)


def conv_wgrad(x, dy, w_shape, pre, post, stride, dilate):
    """The adjoint of :func:`conv_fprop` in its filters."""
    groups = x.shape[1] // w_shape[1]
    xg = _pad(_grouped(x.astype(numpy.float64), groups), pre, post)
    dyg = _grouped(dy.astype(numpy.float64), groups)
    dW = numpy.zeros((groups, w_shape[0] // groups) + tuple(w_shape[1:]))
    for offset, index in _windows(xg, w_shape[2:], stride, dilate, dy.shape[2:]):
        n, g, o = dyg.shape[:3]
        window = xg[index].reshape(n, g, xg.shape[2], -1)
        dW[(slice(None),) * 3 + offset] = numpy.einsum(
            'ngop,ngcp->goc', dyg.reshape(n, g, o, -1), window)
    return dW.reshape(w_shape)


def _axes(x):
    return (0,) + tuple(range(2, x.ndim))


def execute(device):
    """The ``on_execute`` of a :class:`fake_cudnn.FakeCudnn` that computes."""

    def run(graph, record):
        pack = record['pack']

        def bound(name):
            return _view(device, pack[name], graph.named(name))

        for op, params in graph.ops:
            if op.startswith('conv_'):
                pre = params.get('pre_padding', params.get('padding'))
                post = params.get('post_padding', params.get('padding'))
                args = (pre, post, params['stride'], params['dilation'])
                out_name = op + '::out'
                out = bound(out_name)
                a, b = bound('a'), bound('b')
                if op == 'conv_fprop':
                    result = conv_fprop(a, b, *args)
                elif op == 'conv_dgrad':
                    result = conv_dgrad(a, b, out.shape, *args)
                else:
                    result = conv_wgrad(a, b, out.shape, *args)
                assert result.shape == out.shape, (result.shape, out.shape)
                out[...] = result
            elif op == 'batchnorm':
                x = bound('x').astype(numpy.float64)
                axes = _axes(x)
                m = x.size // x.shape[1]
                mean = x.mean(axis=axes, keepdims=True)
                var = x.var(axis=axes, keepdims=True)
                eps = fake_cudnn.scalar(pack['epsilon'])
                momentum = fake_cudnn.scalar(pack['momentum'])
                inv = 1 / numpy.sqrt(var + eps)
                y = (x - mean) * inv * bound('scale') + bound('bias')
                bound('batchnorm::Y')[...] = y
                bound('batchnorm::mean')[...] = mean
                bound('batchnorm::inv_var')[...] = inv
                running_mean = bound('running_mean').astype(numpy.float64)
                running_var = bound('running_var').astype(numpy.float64)
                bound('batchnorm::next_running_mean')[...] = \
                    (1 - momentum) * running_mean + momentum * mean
                bound('batchnorm::next_running_var')[...] = \
                    (1 - momentum) * running_var + momentum * var * m / (m - 1)
            elif op == 'batchnorm_backward':
                x = bound('x').astype(numpy.float64)
                dy = bound('dy').astype(numpy.float64)
                axes = _axes(x)
                m = x.size // x.shape[1]
                x_hat = (x - bound('mean')) * bound('inv_var')
                dbias = dy.sum(axis=axes, keepdims=True)
                dscale = (dy * x_hat).sum(axis=axes, keepdims=True)
                bound('batchnorm_backward::DX')[...] = \
                    bound('scale') * bound('inv_var') * (
                        dy - dbias / m - x_hat * dscale / m)
                bound('batchnorm_backward::DScale')[...] = dscale
                bound('batchnorm_backward::DBias')[...] = dbias
            elif op == 'batchnorm_inference':
                x = bound('x').astype(numpy.float64)
                bound('batchnorm_inference::Y')[...] = \
                    (x - bound('mean')) * bound('inv_var') * bound('scale') + \
                    bound('bias')
            else:
                raise NotImplementedError(op)
    return run
