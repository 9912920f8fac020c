"""The gradient rules (chainer.functions._rules): one formula, two kinds of pass.

Each function declared by a rule has its own test (forward against NumPy or
SciPy, gradients against numerical differentiation). Here every registered rule
is checked for what the declaration itself promises: the formula gives the same
gradients when it runs on arrays (a plain backward pass) and on Variables (a
pass that records a graph), so the two namespaces it runs against mean the same.
"""
import doctest
import inspect

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.functions import _rules


def _uniform(rng, shape):
    # Inside the domain of every function here (logarithms, square roots,
    # inverse trigonometric and error functions, ...).
    return rng.uniform(0.2, 0.8, shape)


# Rules whose node takes arguments, or whose inputs are not same-shaped floats.
_SPECIAL = {
    'LeakyReLU': ((0.2,), None),
    'ClippedReLU': ((0.5,), None),
    'ELU': ((1.5,), None),
    'Softplus': ((2.0,), None),
    'RReLU': ((0.1, 0.3, numpy.full((3, 4), 0.25)), None),
    'Clip': ((0.3, 0.7), None),
    'Zeta': ((2.5,), None),
    'AddConstant': ((2.0,), None),
    'SubFromConstant': ((2.0,), None),
    'MulConstant': ((3.0,), None),
    'DivFromConstant': ((3.0,), None),
    'PowVarConst': ((2.5,), None),
    'PowConstVar': ((2.5,), None),
    'Where': ((numpy.arange(12).reshape(3, 4) % 3 == 0,), None),
    'LinearFunction': ((), lambda rng: [_uniform(rng, (3, 4)), _uniform(rng, (5, 4)),
                                        _uniform(rng, (5,))]),
    'PolyGamma': ((), lambda rng: [numpy.tile(numpy.array([0, 1, 2, 1], 'i'), (3, 1)),
                                   _uniform(rng, (3, 4))]),
    'PReLUFunction': ((), lambda rng: [rng.uniform(-1, 1, (3, 4)), _uniform(rng, (4,))]),
    'Swish': ((), lambda rng: [rng.uniform(-1, 1, (3, 4)), _uniform(rng, (4,))]),
    'Absolute': ((), lambda rng: [rng.uniform(-1, 1, (3, 4))]),
    'ReLU': ((), lambda rng: [rng.uniform(-1, 1, (3, 4))]),
    'Maximum': ((), lambda rng: [_uniform(rng, (3, 4)), _uniform(rng, (4,))]),
    'Fmod': ((), lambda rng: [rng.uniform(1, 2, (3, 4)), _uniform(rng, (3, 4))]),
}

_RULES = sorted((name, cls) for name, cls in _rules.RULES.items()
                if not cls.__name__.startswith('_'))


def test_the_families_are_registered():
    names = {cls.__name__ for _, cls in _RULES}
    for expected in ['Sin', 'Arctan2', 'Exp', 'Log10', 'Sqrt', 'Erf', 'LGamma', 'Add',
                     'Mul', 'PowVarConst', 'ReLU', 'Sigmoid', 'Tanh', 'ELU', 'Sum',
                     'Max', 'LogSumExp', 'LinearFunction', 'Where']:
        assert expected in names


@pytest.mark.parametrize('name,cls', _RULES, ids=[n for n, _ in _RULES])
def test_plain_and_graph_passes_agree(name, cls):
    pytest.importorskip('scipy')
    rng = numpy.random.RandomState(0)
    args, make_inputs = _SPECIAL.get(cls.__name__, ((), None))
    if make_inputs is None:
        inputs = [_uniform(rng, (3, 4)) for _ in cls.names]
    else:
        inputs = make_inputs(rng)
    xs = [chainer.Variable(a) if a.dtype.kind == 'f' else a for a in inputs]
    floats = [x for x in xs if isinstance(x, chainer.Variable)]

    def gradients(double):
        y, = cls(*args).apply(xs)
        w = numpy.random.RandomState(1).uniform(-1, 1, y.shape)
        # A starting gradient that requires a gradient itself: the graph pass
        # records every gradient as a function of it.
        g0 = chainer.Variable(numpy.array(1.0))
        return chainer.grad([F.sum(y * w)], floats, grad_outputs=[g0],
                            enable_double_backprop=double)

    plain = gradients(False)
    graph = gradients(True)
    for g_plain, g_graph, x in zip(plain, graph, floats):
        assert type(g_plain.array) is numpy.ndarray
        assert g_plain.dtype == x.dtype and g_plain.shape == x.shape
        numpy.testing.assert_allclose(g_plain.array, g_graph.array, rtol=1e-10,
                                      atol=1e-12)
    # The graph pass recorded the gradients' computation, the plain one did not.
    assert all(g.creator is not None for g in graph)
    assert all(g.creator is None for g in plain)


def test_a_plain_pass_records_no_graph():
    x = chainer.Variable(numpy.array([0.5, 1.0], numpy.float32))
    gx, = chainer.grad([F.sum(F.sin(x) * x)], [x])
    assert gx.creator is None
    numpy.testing.assert_allclose(
        gx.array, numpy.cos(x.array) * x.array + numpy.sin(x.array), rtol=1e-6)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_plain_pass_keeps_the_dtype_for_0d_inputs(dtype):
    # NumPy computes on 0-d arrays as on scalars; the gradient is still a 0-d
    # array of the input's dtype.
    x = chainer.Variable(numpy.array(0.5, dtype))
    y = F.log2(F.sqrt(x)) * 3
    y.backward()
    assert type(x.grad) is numpy.ndarray and x.grad.dtype == dtype
    numpy.testing.assert_allclose(x.grad, 3 / (2 * 0.5 * numpy.log(2)), rtol=1e-2)


def test_array_ops_refuses_names_it_does_not_know():
    ops = _rules.array_ops(numpy)
    assert ops.cos is numpy.cos
    with pytest.raises(AttributeError, match="ArrayOps has no 'identity'"):
        ops.identity  # numpy.identity means something else than F.identity


def test_array_ops_follows_chainer_functions():
    ops = _rules.array_ops(numpy)
    x = numpy.array([[-2.0, 0.0, 3.0]], numpy.float32)
    numpy.testing.assert_allclose(ops.sigmoid(x), F.sigmoid(x).array, rtol=1e-6)
    numpy.testing.assert_allclose(ops.rsqrt(numpy.abs(x) + 1),
                                  F.rsqrt(numpy.abs(x) + 1).array, rtol=1e-6)
    numpy.testing.assert_array_equal(ops.sum_to(numpy.ones((2, 3)), (1, 3)),
                                     [[2, 2, 2]])
    a = numpy.arange(6, dtype=numpy.float16).reshape(2, 3)
    product = ops.matmul(a, a, transb=True)
    numpy.testing.assert_allclose(product, a.astype('f').dot(a.T.astype('f')))
    assert [p.shape for p in ops.separate(numpy.zeros((2, 3, 4)), axis=1)] == [
        (2, 4)] * 3


def test_backward_ops_follow_the_pass():
    assert type(_rules.backward_ops(numpy)) is _rules.GraphOps  # backprop enabled
    with chainer.no_backprop_mode():
        assert type(_rules.backward_ops(numpy)) is _rules.ArrayOps


def test_declared_functions_live_in_their_module():
    assert F.sin.__module__ == 'chainer.functions.math.trigonometric'
    assert F.sin.__globals__ is vars(chainer.functions.math.trigonometric)
    assert str(inspect.signature(F.sin)) == '(x)'
    assert F.exp.__doc__.startswith('Elementwise exponential')
    assert 'x (Variable or array): input of a float dtype (radians).' in F.sin.__doc__
    # The Args come before the example, which doctest finds in the module.
    doc = F.exp.__doc__
    assert doc.index('Returns:') < doc.index('.. admonition:: Example')
    tests = doctest.DocTestFinder().find(chainer.functions.math.exponential)
    assert any(t.name.endswith('.exp') and t.examples for t in tests)


def test_node_classes_keep_their_names_and_labels():
    node = chainer.functions.math.trigonometric.Sin()
    assert type(node).__name__ == 'Sin'
    assert type(node).__module__ == 'chainer.functions.math.trigonometric'
    assert node.label == 'sin'
    assert chainer.functions.activation.relu.ReLU().label == 'ReLU'
