import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(pred, true):
    pred = pred.astype(numpy.float64).reshape(len(pred), -1)
    true = true.astype(numpy.float64).reshape(len(true), -1)
    scores = []
    for j in range(pred.shape[1]):
        mean = sum(true[:, j]) / len(true)
        ss_res = sum((true[i, j] - pred[i, j]) ** 2 for i in range(len(true)))
        ss_tot = sum((true[i, j] - mean) ** 2 for i in range(len(true)))
        scores.append(1 - ss_res / ss_tot if ss_tot else 0.0)
    return numpy.array(scores)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(10,), (10, 3)])
@pytest.mark.parametrize('multioutput', ['uniform_average', 'raw_values'])
def test_forward(dtype, shape, multioutput):
    rng = numpy.random.RandomState(0)
    true = rng.uniform(-1, 1, shape).astype(dtype)
    pred = (true + rng.uniform(-0.3, 0.3, shape)).astype(dtype)
    score = F.r2_score(pred, true, multioutput=multioutput)
    expected = _reference(pred, true)
    if multioutput == 'uniform_average':
        expected = expected.mean()
    elif len(shape) == 1:
        expected = expected.reshape(())
    assert score.dtype == dtype
    testing.assert_allclose(score.array, expected,
                            atol=1e-2 if dtype == numpy.float16 else 1e-6)


def test_constant_target_scores_zero():
    true = numpy.ones((4, 2))
    pred = numpy.zeros((4, 2))
    testing.assert_allclose(F.r2_score(pred, true, multioutput='raw_values').array,
                            [0, 0])


def test_errors():
    a = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(NotImplementedError, match='sample_weight'):
        F.r2_score(a, a, sample_weight=numpy.ones(3))
    with pytest.raises(ValueError, match='multioutput must be'):
        F.r2_score(a, a, multioutput='variance_weighted')
    with pytest.raises(type_check.InvalidType, match=r'pred\.shape == true\.shape'):
        F.r2_score(a, numpy.zeros((2, 3), numpy.float32))
