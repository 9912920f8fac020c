"""Each connection converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer.functions as F

rng = numpy.random.RandomState(4)


def uniform(*shape, dtype=numpy.float32):
    return rng.uniform(-1, 1, shape).astype(dtype)


CASES = [
    ('Convolution2DFunction', 'basic', lambda x, w, b: F.convolution_2d(x, w, b),
     [uniform(2, 3, 5, 6), uniform(4, 3, 3, 3), uniform(4)]),
    ('Convolution2DFunction', 'stride_pad_nobias',
     lambda x, w: F.convolution_2d(x, w, stride=(2, 1), pad=(1, 2)),
     [uniform(1, 3, 7, 6), uniform(2, 3, 3, 2)]),
    ('Convolution2DFunction', 'cover_all',
     lambda x, w: F.convolution_2d(x, w, stride=3, pad=1, cover_all=True),
     [uniform(1, 2, 8, 7), uniform(2, 2, 3, 3)]),
    ('Convolution2DFunction', 'dilate_groups',
     lambda x, w: F.convolution_2d(x, w, pad=2, dilate=2, groups=2),
     [uniform(1, 4, 6, 6), uniform(6, 2, 3, 3)]),
    ('ConvolutionND', 'ndim3', lambda x, w, b: F.convolution_nd(x, w, b, pad=1),
     [uniform(1, 2, 4, 5, 3), uniform(3, 2, 3, 3, 3), uniform(3)]),
    ('ConvolutionND', 'ndim1', lambda x, w: F.convolution_nd(x, w, stride=2),
     [uniform(2, 3, 9), uniform(4, 3, 3)]),
    ('Deconvolution2DFunction', 'basic',
     lambda x, w, b: F.deconvolution_2d(x, w, b, stride=2, pad=1),
     [uniform(1, 3, 4, 5), uniform(3, 2, 4, 3), uniform(2)]),
    ('Deconvolution2DFunction', 'outsize_groups',
     lambda x, w: F.deconvolution_2d(x, w, stride=2, outsize=(10, 10), groups=2),
     [uniform(1, 4, 4, 4), uniform(4, 3, 3, 3)]),
    ('DeconvolutionND', 'ndim3', lambda x, w: F.deconvolution_nd(x, w, stride=2),
     [uniform(1, 2, 3, 3, 2), uniform(2, 3, 2, 2, 2)]),
    ('DeconvolutionND', 'ndim2_bias',
     lambda x, w, b: F.deconvolution_nd(x, w, b, stride=2, pad=1),
     [uniform(1, 3, 4, 4), uniform(3, 2, 3, 3), uniform(2)]),
    ('EmbedIDFunction', 'basic', F.embed_id,
     [numpy.array([[0, 4, 2], [1, 1, 3]], numpy.int32), uniform(5, 3)]),
    ('EmbedIDFunction', 'ignore_label',
     lambda x, w: F.embed_id(x, w, ignore_label=-1),
     [numpy.array([0, -1, 3, -1], numpy.int32), uniform(5, 3)]),
    ('LinearFunction', 'bias', F.linear, [uniform(2, 4), uniform(3, 4), uniform(3)]),
    ('LinearFunction', 'no_bias', F.linear, [uniform(2, 4), uniform(3, 4)]),
    ('LinearFunction', 'flattened', F.linear,
     [uniform(2, 2, 3), uniform(5, 6), uniform(5)]),
    ('LinearFunction', 'float64', F.linear,
     [uniform(2, 4, dtype=numpy.float64), uniform(3, 4, dtype=numpy.float64)]),
]


@pytest.mark.parametrize('name,case_id,fn,inputs', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs):
    check(name, fn, inputs)
