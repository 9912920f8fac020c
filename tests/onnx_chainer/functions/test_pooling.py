"""Each pooling converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer
import chainer.functions as F
import onnx_chainer

rng = numpy.random.RandomState(8)


def uniform(*shape, dtype=numpy.float32):
    return rng.uniform(-1, 1, shape).astype(dtype)


CASES = [
    ('AveragePooling2D', 'basic', lambda x: F.average_pooling_2d(x, 2),
     [uniform(1, 2, 6, 6)]),
    ('AveragePooling2D', 'pad', lambda x: F.average_pooling_2d(x, 3, 2, 1),
     [uniform(1, 2, 6, 7)]),
    ('AveragePoolingND', 'ndim3', lambda x: F.average_pooling_nd(x, 2, 1, 1),
     [uniform(1, 2, 4, 4, 3)]),
    ('AveragePoolingND', 'pad_excluded',
     lambda x: F.average_pooling_nd(x, 3, 2, 1, pad_value=None),
     [uniform(1, 2, 5, 6)]),
    ('MaxPooling2D', 'basic', lambda x: F.max_pooling_2d(x, 2, 1, 1, cover_all=False),
     [uniform(1, 3, 6, 6)]),
    ('MaxPooling2D', 'cover_all', lambda x: F.max_pooling_2d(x, 3, (2, 1), 1),
     [uniform(1, 3, 6, 5)]),
    ('MaxPoolingND', 'ndim3', lambda x: F.max_pooling_nd(x, 2, 1, 1, cover_all=False),
     [uniform(1, 2, 4, 4, 4)]),
    ('MaxPoolingND', 'cover_all', lambda x: F.max_pooling_nd(x, 3, 2, 1),
     [uniform(1, 2, 6, 5, 4)]),
    ('ROIPooling2D', 'basic',
     lambda x, rois: F.roi_pooling_2d(x, rois, 3, 2, 0.6),
     [rng.uniform(0.1, 1, (2, 3, 12, 8)).astype(numpy.float32),
      numpy.array([[0, 1, 1, 6, 6], [1, 6, 2, 7, 11], [1, 3, 1, 5, 10]],
                  numpy.float32)]),
    ('Unpooling2D', 'basic', lambda x: F.unpooling_2d(x, 2, cover_all=False),
     [uniform(1, 2, 3, 4)]),
    ('Unpooling2D', 'cover_all', lambda x: F.unpooling_2d(x, 3), [uniform(1, 2, 3, 3)]),
    ('Unpooling2D', 'pad_outsize',
     lambda x: F.unpooling_2d(x, 2, pad=1, outsize=(4, 6)), [uniform(1, 1, 3, 4)]),
]


@pytest.mark.parametrize('name,case_id,fn,inputs', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs):
    if name == 'ROIPooling2D':
        with pytest.warns(UserWarning, match='MaxRoiPool'):
            check(name, fn, inputs)
    else:
        check(name, fn, inputs)


def test_unpooling_with_overlapping_windows_is_refused():
    model = chainer.Sequential(lambda x: F.unpooling_2d(x, 3, stride=2))
    with pytest.raises(ValueError, match='stride equals ksize'):
        onnx_chainer.export(model, uniform(1, 1, 3, 3))
