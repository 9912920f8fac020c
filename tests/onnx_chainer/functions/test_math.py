"""Each math converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer.functions as F
from onnx_chainer.replace_func import fake_as_funcnode

rng = numpy.random.RandomState(2)


def uniform(*shape, dtype=numpy.float32, low=-2, high=2):
    return rng.uniform(low, high, shape).astype(dtype)


def positive(*shape, dtype=numpy.float32):
    return uniform(*shape, dtype=dtype, low=0.5, high=2)


def unit(*shape):
    return uniform(*shape, low=-0.9, high=0.9)


def _rsqrt_gpu(x):
    # Chainer names the node of rsqrt on GPUs RsqrtGPU; make one here.
    return fake_as_funcnode(F.rsqrt, 'RsqrtGPU', experimental_warning=False)(x)


CASES = [
    ('Absolute', 'basic', abs, [uniform(2, 3)]),
    ('Add', 'basic', lambda a, b: a + b, [uniform(2, 3), uniform(2, 3)]),
    ('Add', 'int32', lambda a, b: a + b,
     [numpy.arange(6, dtype=numpy.int32).reshape(2, 3),
      numpy.arange(6, dtype=numpy.int32).reshape(2, 3)]),
    ('AddConstant', 'scalar', lambda a: a + 1.5, [uniform(2, 3)]),
    ('AddConstant', 'float64', lambda a: a + 2, [uniform(3, dtype=numpy.float64)]),
    ('Arccos', 'basic', F.arccos, [unit(2, 3)]),
    ('Arcsin', 'basic', F.arcsin, [unit(2, 3)]),
    ('Arctan', 'basic', F.arctan, [uniform(2, 3)]),
    ('ArgMax', 'flat', F.argmax, [uniform(3, 4)]),
    ('ArgMax', 'axis1', lambda x: F.argmax(x, axis=1), [uniform(3, 4)]),
    ('ArgMin', 'flat', F.argmin, [uniform(3, 4)]),
    ('ArgMin', 'axis_neg', lambda x: F.argmin(x, axis=-2), [uniform(3, 4)]),
    ('Clip', 'both', lambda x: F.clip(x, -0.5, 0.7), [uniform(2, 3)]),
    ('Cos', 'basic', F.cos, [uniform(2, 3)]),
    ('Cosh', 'basic', F.cosh, [uniform(2, 3)]),
    ('Div', 'basic', lambda a, b: a / b, [uniform(2, 3), positive(2, 3)]),
    ('DivFromConstant', 'basic', lambda a: 2.0 / a, [positive(2, 3)]),
    ('Exp', 'basic', F.exp, [uniform(2, 3)]),
    ('Identity', 'one', F.identity, [uniform(2, 3)]),
    ('Identity', 'two', lambda a, b: F.identity(a, b),
     [uniform(2, 3), uniform(3)]),
    ('LinearInterpolate', 'basic', F.linear_interpolate,
     [positive(2, 3) / 2, uniform(2, 3), uniform(2, 3)]),
    ('Log', 'basic', F.log, [positive(2, 3)]),
    ('LogSumExp', 'all', F.logsumexp, [uniform(2, 3)]),
    ('LogSumExp', 'axis0', lambda x: F.logsumexp(x, axis=0), [uniform(2, 3)]),
    ('LogSumExp', 'axes', lambda x: F.logsumexp(x, axis=(0, 2)),
     [uniform(2, 3, 4)]),
    ('LogSumExp', 'large', lambda x: F.logsumexp(x, axis=1),
     [uniform(2, 3) + 500]),
    ('MatMul', 'plain', F.matmul, [uniform(2, 3), uniform(3, 4)]),
    ('MatMul', 'transa', lambda a, b: F.matmul(a, b, transa=True),
     [uniform(3, 2), uniform(3, 4)]),
    ('MatMul', 'transb', lambda a, b: F.matmul(a, b, transb=True),
     [uniform(2, 3), uniform(4, 3)]),
    ('MatMul', 'batched', lambda a, b: F.matmul(a, b, transa=True, transb=True),
     [uniform(5, 3, 2), uniform(5, 4, 3)]),
    ('MatMul', 'vectors', F.matmul, [uniform(3), uniform(3)]),
    ('Max', 'all', F.max, [uniform(2, 3)]),
    ('Max', 'axis_keepdims', lambda x: F.max(x, axis=1, keepdims=True),
     [uniform(2, 3)]),
    ('Maximum', 'basic', F.maximum, [uniform(2, 3), uniform(2, 3)]),
    ('Mean', 'all', F.mean, [uniform(2, 3)]),
    ('Mean', 'axes', lambda x: F.mean(x, axis=(0, -1)), [uniform(2, 3, 4)]),
    ('Min', 'axis0', lambda x: F.min(x, axis=0), [uniform(2, 3)]),
    ('Minimum', 'basic', F.minimum, [uniform(2, 3), uniform(2, 3)]),
    ('Mul', 'basic', lambda a, b: a * b, [uniform(2, 3), uniform(2, 3)]),
    ('MulConstant', 'basic', lambda a: a * 3, [uniform(2, 3)]),
    ('Neg', 'basic', lambda a: -a, [uniform(2, 3)]),
    ('PowConstVar', 'basic', lambda a: 2.3 ** a, [uniform(2, 3)]),
    ('PowVarConst', 'basic', lambda a: a ** 2.3, [positive(2, 3)]),
    ('PowVarVar', 'basic', lambda a, b: a ** b, [positive(2, 3), uniform(2, 3)]),
    ('Prod', 'all', F.prod, [positive(2, 3)]),
    ('Prod', 'axis_keepdims', lambda x: F.prod(x, axis=1, keepdims=True),
     [uniform(2, 3)]),
    ('Rsqrt', 'basic', F.rsqrt, [positive(2, 3)]),
    ('RsqrtGPU', 'basic', _rsqrt_gpu, [positive(2, 3)]),
    ('Sin', 'basic', F.sin, [uniform(2, 3)]),
    ('Sinh', 'basic', F.sinh, [uniform(2, 3)]),
    ('Sqrt', 'basic', F.sqrt, [positive(2, 3)]),
    ('Square', 'basic', F.square, [uniform(2, 3)]),
    ('Sub', 'basic', lambda a, b: a - b, [uniform(2, 3), uniform(2, 3)]),
    ('SubFromConstant', 'basic', lambda a: 1 - a, [uniform(2, 3)]),
    ('Sum', 'all', F.sum, [uniform(2, 3)]),
    ('Sum', 'axis', lambda x: F.sum(x, axis=1), [uniform(2, 3, 4)]),
    ('Sum', 'keepdims', lambda x: F.sum(x, axis=(0, 2), keepdims=True),
     [uniform(2, 3, 4)]),
    ('Tan', 'basic', F.tan, [unit(2, 3)]),
    ('sign', 'basic', F.sign,
     [numpy.array([[-2., 0., 3.], [0.5, -0.1, 0.]], numpy.float32)]),
]


@pytest.mark.parametrize('name,case_id,fn,inputs', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs):
    check(name, fn, inputs)


def test_clip_with_one_bound(check):
    check('Clip', lambda x: F.clip(x, None, 0.5), [uniform(2, 3)])
    check('Clip', lambda x: F.clip(x, -0.5, None), [uniform(2, 3)])


def test_argmax_result_is_int32_like_chainer(check):
    onnx_model = check('ArgMax', F.argmax, [uniform(3, 4)])
    assert onnx_model.graph.output[0].type.tensor_type.elem_type == 6  # INT32


def test_sign_before_opset_9_uses_comparisons(check):
    x = numpy.array([-2., 0., 3.], numpy.float32)
    onnx_model = check('sign', F.sign, [x], opsets=[7, 8])
    assert 'Sign' not in [n.op_type for n in onnx_model.graph.node]


def test_sign_of_a_variable_stays_connected_to_the_input(check):
    onnx_model = check('sign', lambda x: F.sign(x) * x, [uniform(2, 3)])
    sign = [n for n in onnx_model.graph.node if n.op_type == 'Sign'][0]
    assert list(sign.input) == ['Input_0']


def test_constant_operand_is_a_constant_node(check):
    onnx_model = check('AddConstant', lambda a: a + 1, [uniform(2, 3)])
    assert len(onnx_model.graph.initializer) == 0
    assert 'Constant' in [n.op_type for n in onnx_model.graph.node]
