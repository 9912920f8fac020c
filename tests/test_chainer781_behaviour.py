"""Edge cases where the behaviour was checked against Chainer 7.8.1 itself.

``tests/fixtures/chainer-7.8.1/behaviour.json`` records what Chainer did
(written by ``tests/fixtures/make_chainer781_fixtures.py``). Where Chainer
failed obscurely, this project keeps the exception type and says what to do.
"""
import json
import os
import warnings

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, 'fixtures', 'chainer-7.8.1', 'behaviour.json')) as _f:
    CHAINER = json.load(_f)


def test_parameter_from_array_has_no_gradient():
    assert CHAINER['parameter_array_grad_is_none'] is True
    p = chainer.Parameter(numpy.ones((2,), numpy.float32))
    assert p.grad is None
    # so the first backward accumulates into nothing, not into NaN
    F.sum(p * 3).backward()
    numpy.testing.assert_array_equal(p.grad, [3., 3.])


def test_parameter_from_initializer_has_nan_gradient():
    assert CHAINER['parameter_initializer_grad_nan'] is True
    assert CHAINER['parameter_late_init_grad_nan'] is True
    p = chainer.Parameter(chainer.initializers.Constant(1.0), (2,))
    assert numpy.isnan(p.grad).all()
    q = chainer.Parameter(chainer.initializers.Constant(1.0))
    q.initialize((2,))
    assert numpy.isnan(q.grad).all()


def test_mean_of_empty_array_is_nan():
    # Chainer raised ZeroDivisionError; NaN is NumPy's answer.
    assert CHAINER['mean_empty']['raised'] == 'ZeroDivisionError'
    x = chainer.Variable(numpy.zeros((0, 3), numpy.float32))
    y = F.mean(x)
    assert y.shape == () and y.dtype == numpy.float32 and numpy.isnan(y.array)
    y.backward()
    assert x.grad.shape == (0, 3)
    y0 = F.mean(numpy.zeros((0, 3), numpy.float32), axis=0)
    assert y0.shape == (3,) and numpy.isnan(y0.array).all()
    expected = CHAINER['mean_empty_axis1']['value']
    y1 = F.mean(numpy.zeros((0, 3), numpy.float32), axis=1)
    assert list(y1.shape) == expected['shape'] and str(y1.dtype) == expected['dtype']


def test_batch_normalization_of_one_sample_warns():
    recorded = CHAINER['batchnorm_batch_of_one']
    assert recorded['warnings'][0][0] == 'UserWarning'
    bn = L.BatchNormalization(3)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        with chainer.using_config('train', True):
            y = bn(numpy.array([[1., 2., 3.]], numpy.float32))
    assert any(issubclass(x.category, UserWarning)
               and 'no more than one sample' in str(x.message) for x in w)
    numpy.testing.assert_allclose(y.array, recorded['value']['y'])
    numpy.testing.assert_allclose(bn.avg_mean, recorded['value']['avg_mean'],
                                  rtol=1e-6)
    numpy.testing.assert_allclose(bn.avg_var, recorded['value']['avg_var'], rtol=1e-6)


def test_batch_normalization_of_two_samples_does_not_warn():
    bn = L.BatchNormalization(3)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with chainer.using_config('train', True):
            bn(numpy.array([[1., 2., 3.], [2., 2., 2.]], numpy.float32))


def test_backward_of_non_scalar_without_gradient():
    assert CHAINER['backward_nonscalar']['raised'] == 'TypeError'
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(TypeError, match=r'6 elements \(shape \(2, 3\)\) and no '
                                         r'gradient.*F\.sum'):
        (x * 2).backward()


def test_backward_of_one_element():
    expected = CHAINER['backward_size1']['value']
    x = chainer.Variable(numpy.ones((1, 1), numpy.float32))
    (x * 2).backward()
    numpy.testing.assert_array_equal(x.grad, expected)


@pytest.mark.parametrize('arg', [[[1., 2., 3.]], [[1, 2, 3]]])
def test_linear_given_a_list(arg):
    assert CHAINER['linear_list']['raised'] == 'AttributeError'
    with pytest.raises(AttributeError) as info:
        L.Linear(3, 2)(arg)
    assert isinstance(info.value, TypeError)
    assert 'got list' in str(info.value) and 'numpy.asarray' in str(info.value)


def test_debug_mode_names_the_users_line_for_nan_in_backward():
    recorded = CHAINER['debug_nan_backward']
    assert recorded['raised'] == 'RuntimeError'
    assert 'Stacktrace of the function is below' in recorded['message']
    x = chainer.Variable(numpy.array([0., 1., 4.], numpy.float32))
    with chainer.using_config('debug', True):
        y = F.sum(F.sqrt(x) * 0.0)  # the gradient of sqrt at 0 is 0 / 0
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            with pytest.raises(RuntimeError) as info:
                y.backward()
    message = str(info.value)
    assert message.startswith('NaN is detected')
    assert 'gradient of sqrt' in message
    assert 'Stacktrace of the function is below' in message
    assert 'y = F.sum(F.sqrt(x) * 0.0)' in message
    assert os.path.basename(__file__) in message
