"""Each normalization converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
import onnx_chainer

rng = numpy.random.RandomState(7)


def uniform(*shape, dtype=numpy.float32, low=-1, high=1):
    return rng.uniform(low, high, shape).astype(dtype)


CASES = [
    ('BatchNormalization', 'function', F.batch_normalization,
     [uniform(4, 3, 2), uniform(3), uniform(3)]),
    ('BatchNormalization', 'two_param_axes', F.batch_normalization,
     [uniform(4, 3, 2), uniform(3, 2), uniform(3, 2)]),
    ('FixedBatchNormalization', 'function', F.fixed_batch_normalization,
     [uniform(2, 3, 4), uniform(3), uniform(3), uniform(3), uniform(3, low=0.5)]),
    ('FixedBatchNormalization', 'axis0',
     lambda x, g, b, m, v: F.fixed_batch_normalization(x, g, b, m, v, axis=0),
     [uniform(2, 3), uniform(3), uniform(3), uniform(3), uniform(3, low=0.5)]),
    ('GroupNormalization', 'basic', lambda x, g, b: F.group_normalization(x, 2, g, b),
     [uniform(3, 4, 2, 3), uniform(4), uniform(4)]),
    ('LocalResponseNormalization', 'n3',
     lambda x: F.local_response_normalization(x, n=3, k=1, alpha=1e-2, beta=0.75),
     [uniform(2, 5, 3, 3)]),
    ('NormalizeL2', 'axis1', F.normalize, [uniform(3, 4)]),
    ('NormalizeL2', 'axes', lambda x: F.normalize(x, axis=(1, 2)), [uniform(2, 3, 4)]),
]


@pytest.mark.parametrize('name,case_id,fn,inputs', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs):
    check(name, fn, inputs, rtol=1e-4, atol=1e-5)


class _BN(chainer.Chain):

    def __init__(self, **kwargs):
        super().__init__()
        with self.init_scope():
            self.bn = L.BatchNormalization(3, **kwargs)

    def forward(self, x):
        return self.bn(x)


@pytest.mark.parametrize('train', [False, True])
def test_batch_normalization_link(check_export, train):
    model = _BN(initial_avg_mean=0.5)
    model.bn.avg_var[:] = [0.5, 1., 2.]
    x = uniform(4, 3, 2, 2)
    onnx_model = check_export(model, x, train=train, rtol=1e-4, atol=1e-5)
    names = {i.name for i in onnx_model.graph.initializer}
    # The statistics are named after the link's running averages.
    assert names == {'param_bn_gamma', 'param_bn_beta', 'param_bn_avg_mean',
                     'param_bn_avg_var'}
    kind = 'BatchNormalization_0' if train else 'FixedBatchNormalization_0'
    assert kind in [n.name for n in onnx_model.graph.node]


def test_batch_normalization_of_half_precision_input(check_export):
    model = _BN()
    model.bn.avg_var[:] = [0.5, 1., 2.]
    x = uniform(4, 3, dtype=numpy.float16)
    check_export(model, x, rtol=1e-2, atol=1e-2)


def test_batch_statistics_are_those_of_the_export_input():
    x = uniform(4, 3)
    model = chainer.Sequential(
        lambda x: F.batch_normalization(x, numpy.ones(3, 'f'), numpy.zeros(3, 'f')))
    onnx_model = onnx_chainer.export(model, x)
    tensors = {i.name: onnx_chainer_to_array(i)
               for i in onnx_model.graph.initializer}
    numpy.testing.assert_allclose(
        tensors['BatchNormalization_0_param_avg_mean'], x.mean(axis=0), rtol=1e-6)
    numpy.testing.assert_allclose(
        tensors['BatchNormalization_0_param_avg_var'], x.var(axis=0), rtol=1e-4)


def onnx_chainer_to_array(tensor):
    import onnx.numpy_helper
    return onnx.numpy_helper.to_array(tensor)
