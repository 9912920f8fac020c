"""Common user mistakes must raise errors that say what was expected and given."""
import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import initializers
from chainer.utils import type_check


def _x(*shape):
    return numpy.zeros(shape, dtype=numpy.float32)


# --- negative or zero sizes given to links -------------------------------------

@pytest.mark.parametrize('make, shape', [
    (lambda: L.Linear(3, -4), '(-4, 3)'),
    (lambda: L.Linear(-3, 4), '(4, -3)'),
    (lambda: L.Convolution2D(3, 4, -3), '(4, 3, -3, -3)'),
    (lambda: L.Convolution2D(3, -4, 3), '(-4, 3, 3, 3)'),
    (lambda: L.Deconvolution2D(3, 4, -3), '(3, 4, -3, -3)'),
])
def test_link_negative_size_names_parameter_and_shape(make, shape):
    with pytest.raises(ValueError) as e:
        make()
    msg = str(e.value)
    assert 'Parameter W' in msg
    assert shape in msg
    assert 'non-negative' in msg
    assert 'negative dimensions are not allowed' not in msg


def test_batch_normalization_negative_size():
    with pytest.raises(ValueError) as e:
        L.BatchNormalization(-3)
    assert '(-3,)' in str(e.value)
    assert 'non-negative' in str(e.value)


def test_generate_array_negative_shape():
    with pytest.raises(ValueError) as e:
        initializers.generate_array(initializers.Zero(), (2, -1), numpy)
    assert '(2, -1)' in str(e.value)


@pytest.mark.parametrize('link, x', [
    (lambda: L.Convolution2D(3, 4, 0), _x(1, 3, 4, 4)),
    (lambda: L.Convolution2D(3, 4, (1, 0)), _x(1, 3, 4, 4)),
    (lambda: L.Deconvolution2D(3, 4, 0), _x(1, 3, 4, 4)),
    (lambda: L.Convolution1D(3, 4, 0), _x(1, 3, 4)),
])
def test_convolution_zero_ksize_is_a_type_error(link, x):
    with pytest.raises(type_check.InvalidType) as e:
        link()(x)
    msg = str(e.value)
    assert 'Expect: W.shape[' in msg
    assert '> 0' in msg


# --- Linear: the second argument of the link is n_batch_axes ---------------------

def test_linear_link_given_two_arrays():
    lin = L.Linear(3, 4)
    with pytest.raises(TypeError) as e:
        lin(_x(2, 3), _x(2, 3))
    msg = str(e.value)
    assert 'n_batch_axes' in msg and 'int' in msg and 'ndarray' in msg


def test_linear_link_numpy_int_n_batch_axes_accepted():
    y = L.Linear(3, 4)(_x(2, 3), numpy.int64(1))
    assert y.shape == (2, 4)


def test_linear_function_n_batch_axes_not_int():
    with pytest.raises(TypeError) as e:
        F.linear(_x(2, 3), _x(4, 3), None, 1.5)
    assert 'n_batch_axes' in str(e.value) and 'float' in str(e.value)


# --- Python lists where arrays are expected ------------------------------------

@pytest.mark.parametrize('call', [
    lambda: F.flatten([1.0, 2.0]),
    lambda: F.reshape([1.0, 2.0], (2,)),
    lambda: F.broadcast_to([1.0], (2,)),
    lambda: F.cast([1.0], numpy.float64),
])
def test_list_input_names_the_type(call):
    with pytest.raises(TypeError) as e:
        call()
    msg = str(e.value)
    assert 'list' in msg and 'ndarray' in msg


def test_flatten_int_input():
    with pytest.raises(TypeError) as e:
        F.flatten(3)
    assert 'int' in str(e.value)


# --- random initializers on integer arrays --------------------------------------

@pytest.mark.parametrize('init', [
    initializers.Normal(), initializers.LeCunNormal(), initializers.GlorotNormal(),
    initializers.HeNormal(), initializers.Uniform(), initializers.GlorotUniform(),
    initializers.Orthogonal(),
])
def test_random_initializer_rejects_int_array(init):
    a = numpy.zeros((3, 4), dtype=numpy.int32)
    with pytest.raises(ValueError) as e:
        init(a)
    msg = str(e.value)
    assert type(init).__name__ in msg
    assert 'int32' in msg and 'float' in msg


def test_random_initializer_int_dtype_in_link():
    with pytest.raises(ValueError) as e:
        L.Linear(3, 4, initialW=initializers.Normal(dtype=numpy.int32))
    assert 'int32' in str(e.value)


def test_constant_initializer_int_still_allowed():
    a = numpy.zeros(3, dtype=numpy.int32)
    initializers.Constant(2)(a)
    numpy.testing.assert_array_equal(a, [2, 2, 2])


@pytest.mark.parametrize('init', [
    initializers.LeCunNormal(), initializers.GlorotUniform(), initializers.HeNormal()])
def test_scaled_initializer_empty_array(init):
    # No fan to divide by, and nothing to fill: no ZeroDivisionError.
    a = numpy.zeros((0, 3), dtype=numpy.float32)
    init(a)
    assert a.shape == (0, 3)


# --- labels out of range name the offending label -------------------------------

@pytest.mark.parametrize('t, bad', [([0, 5], '5'), ([-2, 1], '-2')])
def test_hinge_label_out_of_range(t, bad):
    with pytest.raises(ValueError) as e:
        F.hinge(_x(2, 3), numpy.array(t, dtype=numpy.int32))
    msg = str(e.value)
    assert 'found {}'.format(bad) in msg and '(3)' in msg


# --- an uninitialized parameter used as an input --------------------------------

@pytest.mark.parametrize('call', [
    lambda p: F.relu(p), lambda p: F.sum(p), lambda p: p * 2,
])
def test_uninitialized_parameter_input(call):
    lin = L.Linear(None, 3)
    with pytest.raises(ValueError) as e:
        call(lin.W)
    msg = str(e.value)
    assert 'None' in msg and 'not initialized' in msg and 'Parameter' in msg


# --- optimizer state saved for another model --------------------------------------

@pytest.mark.parametrize('opt', [chainer.optimizers.Adam, chainer.optimizers.MomentumSGD])
def test_loaded_optimizer_state_of_wrong_shape(tmp_path, opt):
    rng = numpy.random.RandomState(0)
    x = rng.rand(1, 2).astype(numpy.float32)
    path = str(tmp_path / 'opt.npz')
    src = L.Linear(2, 3)
    o = opt()
    o.setup(src)
    F.sum(src(x)).backward()
    o.update()
    chainer.serializers.save_npz(path, o)

    # The same architecture reloads and keeps training.
    same = L.Linear(2, 3)
    o_same = opt()
    o_same.setup(same)
    chainer.serializers.load_npz(path, o_same)
    F.sum(same(x)).backward()
    o_same.update()

    other = L.Linear(2, 4)
    o2 = opt()
    o2.setup(other)
    chainer.serializers.load_npz(path, o2)
    F.sum(other(x)).backward()
    with pytest.raises(ValueError) as e:
        o2.update()
    msg = str(e.value)
    assert '(3, 2)' in msg and '(4, 2)' in msg and 'W' in msg
    assert 'operands could not be broadcast' not in msg


def test_chainlist_index_out_of_range():
    cl = chainer.ChainList(L.Linear(2, 3))
    with pytest.raises(IndexError) as e:
        cl[3]
    assert '3' in str(e.value) and '1 child' in str(e.value)
    assert list(cl) == [cl[0]]
    assert cl[-1] is cl[0]


def test_trainer_extend_non_callable():
    model = L.Classifier(L.Linear(2, 3))
    opt = chainer.optimizers.SGD()
    opt.setup(model)
    data = [(numpy.zeros(2, numpy.float32), numpy.int32(0))]
    updater = chainer.training.updaters.StandardUpdater(
        chainer.iterators.SerialIterator(data, 1), opt)
    trainer = chainer.training.Trainer(updater, (1, 'iteration'))
    with pytest.raises(TypeError) as e:
        trainer.extend(5)
    assert 'callable' in str(e.value) and 'int' in str(e.value)


@pytest.mark.parametrize('shape', ['ab', (2.0, 2), (2, None)])
def test_reshape_non_int_shape(shape):
    with pytest.raises(TypeError) as e:
        F.reshape(_x(4), shape)
    assert 'reshape' in str(e.value) and 'tuple of ints' in str(e.value)


def test_reshape_numpy_int_shape_accepted():
    assert F.reshape(_x(4), (numpy.int64(2), -1)).shape == (2, 2)


@pytest.mark.parametrize('ratio', ['0.5', None, [0.5]])
def test_dropout_ratio_not_a_number(ratio):
    with pytest.raises(TypeError) as e:
        F.dropout(_x(4), ratio)
    assert 'ratio' in str(e.value) and type(ratio).__name__ in str(e.value)
