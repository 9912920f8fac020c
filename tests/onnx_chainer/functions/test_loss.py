"""The softmax cross entropy converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer.functions as F

rng = numpy.random.RandomState(5)
x = rng.uniform(-2, 2, (4, 3)).astype(numpy.float32)
t = numpy.array([2, -1, 0, 1], numpy.int32)
x4 = rng.uniform(-2, 2, (2, 3, 2, 2)).astype(numpy.float32)
t4 = rng.randint(-1, 3, (2, 2, 2)).astype(numpy.int32)

CASES = [
    ('default', F.softmax_cross_entropy, [x, t]),
    ('normalize_false', lambda x, t: F.softmax_cross_entropy(x, t, normalize=False),
     [x, t]),
    ('reduce_no', lambda x, t: F.softmax_cross_entropy(x, t, reduce='no'), [x, t]),
    ('class_weight', lambda x, t: F.softmax_cross_entropy(
        x, t, class_weight=numpy.array([0.5, 2., 1.], numpy.float32)), [x, t]),
    ('spatial', F.softmax_cross_entropy, [x4, t4]),
    ('ignore_label', lambda x, t: F.softmax_cross_entropy(x, t, ignore_label=0),
     [x, numpy.array([2, 0, 0, 1], numpy.int32)]),
]

# Converters these tests export (see test_coverage.py).
TESTED = ['SoftmaxCrossEntropy']


@pytest.mark.parametrize('case_id,fn,inputs', CASES, ids=[c[0] for c in CASES])
def test_softmax_cross_entropy(check, case_id, fn, inputs):
    check('SoftmaxCrossEntropy', fn, inputs)
