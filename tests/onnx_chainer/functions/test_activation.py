"""Each activation converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer.functions as F

rng = numpy.random.RandomState(1)


def uniform(*shape, dtype=numpy.float32, low=-2, high=2):
    return rng.uniform(low, high, shape).astype(dtype)


CASES = [
    ('ClippedReLU', 'z0.5', lambda x: F.clipped_relu(x, 0.5), [uniform(2, 3)]),
    ('ELU', 'alpha0.7', lambda x: F.elu(x, 0.7), [uniform(2, 3, 4)]),
    ('HardSigmoid', 'basic', F.hard_sigmoid, [uniform(3, 4, low=-4, high=4)]),
    ('LeakyReLU', 'slope0.1', lambda x: F.leaky_relu(x, 0.1), [uniform(2, 5)]),
    ('LogSoftmax', 'axis1', F.log_softmax, [uniform(2, 5, 3)]),
    ('LogSoftmax', 'axis_last', lambda x: F.log_softmax(x, axis=-1),
     [uniform(2, 5, 3)]),
    ('LogSoftmax', 'axis0', lambda x: F.log_softmax(x, axis=0), [uniform(4, 3)]),
    ('PReLUFunction', 'channel', F.prelu,
     [uniform(2, 3, 4), uniform(3, low=0, high=1)]),
    ('PReLUFunction', 'two_axes', F.prelu,
     [uniform(2, 3, 4, 2), uniform(3, 4, low=0, high=1)]),
    ('PReLUFunction', 'scalar', F.prelu,
     [uniform(2, 3), numpy.array(0.25, numpy.float32)]),
    ('ReLU', 'float32', F.relu, [uniform(2, 3)]),
    ('ReLU', 'float64', F.relu, [uniform(2, 3, dtype=numpy.float64)]),
    ('ReLU', 'float16', F.relu, [uniform(2, 3, dtype=numpy.float16)]),
    ('Selu', 'default', F.selu, [uniform(2, 6)]),
    ('Selu', 'custom', lambda x: F.selu(x, alpha=1.2, scale=0.9), [uniform(6)]),
    ('Sigmoid', 'basic', F.sigmoid, [uniform(2, 3)]),
    ('Softmax', 'axis1', F.softmax, [uniform(2, 5, 3)]),
    ('Softmax', 'axis0', lambda x: F.softmax(x, axis=0), [uniform(2, 5, 3)]),
    ('Softmax', 'axis2', lambda x: F.softmax(x, axis=2), [uniform(2, 5, 3)]),
    ('Softplus', 'beta1', F.softplus, [uniform(2, 3)]),
    ('Softplus', 'beta2', lambda x: F.softplus(x, beta=2.0), [uniform(2, 3)]),
    ('Tanh', 'basic', F.tanh, [uniform(2, 3)]),
    ('Tanh', 'float64', F.tanh, [uniform(2, 3, dtype=numpy.float64)]),
]


@pytest.mark.parametrize('name,case_id,fn,inputs', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs):
    tolerance = {'rtol': 1e-2, 'atol': 1e-2} if inputs[0].dtype == numpy.float16 \
        else {}
    check(name, fn, inputs, **tolerance)


def test_log_softmax_keeps_other_axes_apart(check):
    # ONNX's LogSoftmax (opset < 13) normalizes over all axes from `axis` on;
    # Chainer's only along `axis`: with axis=0 of a (2, 3) array the two
    # differ, and the export must follow Chainer.
    x = numpy.array([[0., 1., 2.], [3., 5., 8.]], numpy.float32)
    onnx_model = check('LogSoftmax', lambda x: F.log_softmax(x, axis=0), [x])
    assert 'Transpose' in [n.op_type for n in onnx_model.graph.node]
