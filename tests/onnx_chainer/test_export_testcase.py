"""onnx_chainer.export_testcase: the model and its test data, ONNX-style."""
import os

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
import onnx_chainer

import onnx
import onnx.numpy_helper


def _model():
    return chainer.Sequential(
        L.Convolution2D(None, 4, 3, 1, 1), F.relu,
        L.Linear(None, 6), L.BatchNormalization(6), F.relu, L.Linear(6, 3))


def _load(path):
    return onnx.numpy_helper.to_array(onnx.load_tensor(path))


def _tensor_name(path):
    return onnx.load_tensor(path).name


@pytest.mark.parametrize('names', [False, True])
def test_files_and_names(tmp_path, names):
    out = str(tmp_path)
    x = numpy.random.RandomState(0).uniform(-1, 1, (2, 3, 5, 5)).astype('f')
    model = _model()
    kwargs = {'input_names': ['x'], 'output_names': ['y']} if names else {}
    onnx_chainer.export_testcase(model, (x,), out, **kwargs)
    data = os.path.join(out, 'test_data_set_0')
    assert sorted(os.listdir(data)) == ['input_0.pb', 'output_0.pb']
    assert _tensor_name(os.path.join(data, 'input_0.pb')) == \
        ('x' if names else 'Input_0')
    assert _tensor_name(os.path.join(data, 'output_0.pb')) == \
        ('y' if names else 'LinearFunction_1')
    numpy.testing.assert_array_equal(_load(os.path.join(data, 'input_0.pb')), x)
    with chainer.using_config('train', False):
        expected = model(x).array
    numpy.testing.assert_allclose(_load(os.path.join(data, 'output_0.pb')),
                                  expected, rtol=1e-6)
    # The saved case passes ONNX Runtime's check.
    from onnx_chainer.testing.test_onnxruntime import check_model_expect
    check_model_expect(out)


@pytest.mark.parametrize('train', [False, True])
def test_output_grad(tmp_path, train):
    out = str(tmp_path)
    rng = numpy.random.RandomState(1)
    x = rng.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    model = chainer.Sequential(L.Linear(3, 5), L.BatchNormalization(5), F.tanh,
                               L.Linear(5, 2))
    onnx_chainer.export_testcase(model, x, out, output_grad=True, train=train)
    data = os.path.join(out, 'test_data_set_0')
    initializers = {i.name for i in onnx.load(os.path.join(out, 'model.onnx'))
                    .graph.initializer}
    grads = sorted(f for f in os.listdir(data) if f.startswith('gradient_'))
    # Linear W, b (x2) and the gamma and beta of the batch normalization.
    assert grads == ['gradient_{}.pb'.format(i) for i in range(6)]

    # Independent reference: the gradient of sum(y) computed again.
    reference = model.copy(mode='copy')
    reference.cleargrads()
    with chainer.using_config('train', train):
        F.sum(reference(x)).backward()
    expected = {onnx_chainer.onnx_helper.cleanse_param_name(path): p.grad
                for path, p in reference.namedparams()}
    for name in grads:
        path = os.path.join(data, name)
        assert _tensor_name(path) in initializers
        numpy.testing.assert_allclose(_load(path), expected[_tensor_name(path)],
                                      rtol=1e-5, atol=1e-6)


def test_export_testcase_rejects_export_only_arguments(tmp_path):
    with pytest.raises(TypeError, match='filename'):
        onnx_chainer.export_testcase(_model(), numpy.ones((1, 3, 4, 4), 'f'),
                                     str(tmp_path), filename='x.onnx')
