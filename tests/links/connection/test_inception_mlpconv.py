import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L


def _rand(*shape):
    return numpy.random.uniform(-1, 1, shape).astype(numpy.float32)


def _relu(x):
    return numpy.maximum(x, 0)


def _conv(link, x):
    # Plain reference of a stride-1 convolution with 'same' padding k // 2.
    W = link.W.array
    k = W.shape[2]
    p = k // 2
    xp = numpy.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    h, w = x.shape[2:]
    y = numpy.zeros((x.shape[0], W.shape[0], h, w))
    for ky in range(k):
        for kx in range(k):
            y += numpy.einsum('nchw,oc->nohw', xp[:, :, ky:ky + h, kx:kx + w],
                              W[:, :, ky, kx])
    if link.b is not None:
        y += link.b.array.reshape(1, -1, 1, 1)
    return y


def _max_pool_3x3_same(x):
    xp = numpy.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=-numpy.inf)
    h, w = x.shape[2:]
    return numpy.max([xp[:, :, dy:dy + h, dx:dx + w]
                      for dy in range(3) for dx in range(3)], axis=0)


def test_inception():
    link = L.Inception(3, 2, 2, 3, 1, 2, 2, bias_init=0.1)
    numpy.testing.assert_allclose(link.conv5.b.array, 0.1)
    assert link.conv5.W.shape == (2, 1, 5, 5) and link.conv3.W.shape == (3, 2, 3, 3)
    x = _rand(2, 3, 5, 4)
    y = link(x)
    assert y.shape == (2, 2 + 3 + 2 + 2, 5, 4)
    expected = numpy.concatenate([
        _conv(link.conv1, x),
        _conv(link.conv3, _relu(_conv(link.proj3, x))),
        _conv(link.conv5, _relu(_conv(link.proj5, x))),
        _conv(link.projp, _max_pool_3x3_same(x))], axis=1)
    numpy.testing.assert_allclose(y.array, _relu(expected), rtol=1e-4, atol=1e-5)


class TestInceptionBN:

    def test_structure(self):
        link = L.InceptionBN(3, 2, 2, 3, 2, 4, 'max', proj_pool=2)
        names = {n for n, _ in link.namedlinks(skipself=True)}
        assert names == {'/conv1', '/conv1n', '/proj3', '/conv3', '/proj3n',
                         '/conv3n', '/proj33', '/conv33a', '/conv33b', '/proj33n',
                         '/conv33an', '/conv33bn', '/poolp', '/poolpn'}
        assert link.conv33b.b is None
        y = link(_rand(2, 3, 4, 4))
        assert y.shape == (2, 2 + 3 + 4 + 2, 4, 4)

    def test_forward_in_testing_mode(self):
        # With the running statistics at their initial values, BN is the identity
        # (up to eps), so the module is a plain conv/ReLU network.
        link = L.InceptionBN(3, 0, 2, 3, 2, 2, 'avg', stride=2)
        assert not hasattr(link, 'conv1') and not hasattr(link, 'poolp')
        x = _rand(1, 3, 4, 4)
        with chainer.using_config('train', False):
            y = link(x).array
        scale = 1 / numpy.sqrt(1 + 2e-5)
        h3 = _relu(_conv(link.proj3, x) * scale)
        h3 = _relu(_conv(link.conv3, h3)[:, :, ::2, ::2] * scale)
        h33 = _relu(_conv(link.proj33, x) * scale)
        h33 = _relu(_conv(link.conv33a, h33) * scale)
        h33 = _relu(_conv(link.conv33b, h33)[:, :, ::2, ::2] * scale)
        pool = F.average_pooling_2d(x, 3, stride=2, pad=1).array
        expected = numpy.concatenate([h3, h33, pool], axis=1)
        numpy.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)

    def test_errors(self):
        with pytest.raises(ValueError, match="pooltype must be 'max' or 'avg'"):
            L.InceptionBN(3, 0, 2, 3, 2, 2, 'min')
        with pytest.raises(ValueError, match='needs stride 1'):
            L.InceptionBN(3, 2, 2, 3, 2, 2, 'max', proj_pool=2, stride=2)


class TestMLPConvolution2D:

    def test_forward(self):
        link = L.MLPConvolution2D(3, (4, 5, 2), 3, pad=1)
        assert len(link) == 3
        assert link[0].W.shape == (4, 3, 3, 3) and link[1].W.shape == (5, 4, 1, 1)
        assert link[2].W.shape == (2, 5, 1, 1)
        x = _rand(2, 3, 4, 4)
        h = _relu(_conv(link[0], x))
        h = _relu(_conv(link[1], h))
        expected = _conv(link[2], h)       # no activation after the last layer
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)

    def test_options(self):
        link = L.MLPConvolution2D((3, 2), 1, activation=F.tanh, conv_init=1,
                                  bias_init=0.5)
        assert link[0].W.array is None
        link(_rand(1, 2, 2, 2))
        assert link[0].W.shape == (3, 2, 1, 1)
        numpy.testing.assert_array_equal(link[1].W.array, 1)
        numpy.testing.assert_array_equal(link[1].b.array, 0.5)
        with pytest.raises(ValueError, match='at least one'):
            L.MLPConvolution2D(3, (), 1)
        with pytest.raises(TypeError, match='unexpected keyword'):
            L.MLPConvolution2D(3, (2,), 1, initialW=1)
        # wscale (Chainer v1) is refused with an explanation
        with pytest.raises(ValueError, match='wscale is not supported anymore'):
            L.MLPConvolution2D(3, (2,), 1, wscale=1)
