import numpy
import pytest

import chainer
from chainer import initializers

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def fill(init, shape, dtype=numpy.float32):
    array = numpy.empty(shape, dtype=dtype)
    init(array)
    return array


@pytest.mark.parametrize('dtype', DTYPES)
def test_constant_family(dtype):
    numpy.testing.assert_array_equal(fill(initializers.Constant(3.5), (2, 3), dtype), 3.5)
    numpy.testing.assert_array_equal(fill(initializers.Zero(), (4,), dtype), 0)
    numpy.testing.assert_array_equal(fill(initializers.One(), (4,), dtype), 1)
    assert numpy.isnan(fill(initializers.NaN(), (4,), dtype)).all()
    row = numpy.array([1, 2, 3], dtype=dtype)
    numpy.testing.assert_array_equal(fill(initializers.Constant(row), (2, 3), dtype),
                                     [[1, 2, 3], [1, 2, 3]])
    assert isinstance(initializers.Zero(), initializers.Constant)
    assert initializers.One().fill_value == 1.0


def test_constant_array_of_a_wrong_shape_names_both_shapes():
    init = initializers.Constant(numpy.zeros((4, 3), numpy.float32))
    with pytest.raises(ValueError, match=r'fill value of shape \(4, 3\) cannot fill '
                                         r'a parameter of shape \(4, 4\)'):
        fill(init, (4, 4))
    # The same through a link whose hidden weights have another shape.
    with pytest.raises(ValueError, match='cannot fill a parameter'):
        chainer.links.NStepGRU(1, 3, 4, 0.0,
                               initialW=numpy.zeros((4, 3), numpy.float32))


def test_dtype_mismatch_is_an_error():
    for init in [initializers.Constant(1, dtype=numpy.float64),
                 initializers.Normal(dtype=numpy.float64),
                 initializers.Uniform(dtype=numpy.float64),
                 initializers.Orthogonal(dtype=numpy.float64),
                 initializers.Identity(dtype=numpy.float64)]:
        with pytest.raises(ValueError, match='dtype'):
            fill(init, (3, 3), numpy.float32)


def test_identity():
    numpy.testing.assert_array_equal(fill(initializers.Identity(2.0), (3, 3)),
                                     2 * numpy.eye(3))
    with pytest.raises(ValueError, match='square'):
        fill(initializers.Identity(), (2, 3))


def test_get_fans():
    from chainer.initializer import get_fans
    assert get_fans((4, 3)) == (3, 4)
    assert get_fans((8, 2, 3, 5)) == (2 * 15, 8 * 15)
    with pytest.raises(ValueError):
        get_fans((3,))
    with pytest.raises(ValueError):
        get_fans([3, 4])


# (initializer, expected standard deviation) for a (100, 50, 3, 3) array:
# fan_in = 50 * 9 = 450, fan_out = 100 * 9 = 900.
FAN_IN, FAN_OUT = 450, 900
NORMAL_CASES = [
    (initializers.Normal(0.3), 0.3),
    (initializers.LeCunNormal(2.0), 2.0 * numpy.sqrt(1 / FAN_IN)),
    (initializers.GlorotNormal(1.5), 1.5 * numpy.sqrt(2 / (FAN_IN + FAN_OUT))),
    (initializers.HeNormal(), numpy.sqrt(2 / FAN_IN)),
    (initializers.HeNormal(fan_option='fan_out'), numpy.sqrt(2 / FAN_OUT)),
]
UNIFORM_CASES = [   # (initializer, bound)
    (initializers.Uniform(0.3), 0.3),
    (initializers.LeCunUniform(2.0), 2.0 * numpy.sqrt(3 / FAN_IN)),
    (initializers.GlorotUniform(1.5), 1.5 * numpy.sqrt(6 / (FAN_IN + FAN_OUT))),
    (initializers.HeUniform(), numpy.sqrt(6 / FAN_IN)),
]


@pytest.mark.parametrize('init,std', NORMAL_CASES)
def test_normal_statistics(init, std):
    a = fill(init, (100, 50, 3, 3), numpy.float64)
    assert abs(a.mean()) < 4 * std / numpy.sqrt(a.size)
    assert abs(a.std() / std - 1) < 0.02


@pytest.mark.parametrize('init,bound', UNIFORM_CASES)
def test_uniform_statistics(init, bound):
    a = fill(init, (100, 50, 3, 3), numpy.float64)
    assert a.min() >= -bound and a.max() <= bound
    assert a.max() > 0.99 * bound and a.min() < -0.99 * bound
    assert abs(a.std() / (bound / numpy.sqrt(3)) - 1) < 0.02


@pytest.mark.parametrize('dtype', DTYPES)
def test_random_initializers_keep_dtype(dtype):
    for init, _ in NORMAL_CASES + UNIFORM_CASES:
        a = fill(init, (4, 5), dtype)
        assert a.dtype == dtype and numpy.isfinite(a).all() and a.std() > 0


def test_rng_argument_is_used():
    for cls in [initializers.Normal, initializers.LeCunNormal, initializers.GlorotNormal,
                initializers.HeNormal, initializers.Uniform, initializers.LeCunUniform,
                initializers.GlorotUniform, initializers.HeUniform,
                initializers.Orthogonal]:
        a = fill(cls(rng=numpy.random.RandomState(7)), (6, 4))
        b = fill(cls(rng=numpy.random.RandomState(7)), (6, 4))
        c = fill(cls(rng=numpy.random.RandomState(8)), (6, 4))
        numpy.testing.assert_array_equal(a, b)
        assert not numpy.array_equal(a, c)
    with pytest.raises(TypeError, match='unexpected'):
        initializers.Normal(rngg=None)
    with pytest.raises(ValueError, match='fan_option'):
        initializers.HeNormal(fan_option='fan_avg')


@pytest.mark.parametrize('shape,mode', [((3, 7), 'projection'), ((7, 3), 'embedding'),
                                        ((5, 5), 'basis'), ((4, 2, 3), 'auto'),
                                        ((6, 2), 'auto'), ((5,), 'auto')])
def test_orthogonal(shape, mode):
    a = fill(initializers.Orthogonal(scale=2.0, mode=mode), shape, numpy.float64)
    m = a.reshape(shape[0], -1)
    rows, cols = m.shape
    if rows <= cols:
        numpy.testing.assert_allclose(m @ m.T, 4 * numpy.eye(rows), atol=1e-10)
    if rows >= cols:
        numpy.testing.assert_allclose(m.T @ m, 4 * numpy.eye(cols), atol=1e-10)


def test_orthogonal_errors_and_default_scale():
    with pytest.raises(ValueError, match='projection'):
        fill(initializers.Orthogonal(mode='projection'), (5, 3))
    with pytest.raises(ValueError, match='embedding'):
        fill(initializers.Orthogonal(mode='embedding'), (3, 5))
    with pytest.raises(ValueError, match='basis'):
        fill(initializers.Orthogonal(mode='basis'), (3, 5))
    with pytest.raises(ValueError, match='mode'):
        initializers.Orthogonal(mode='diagonal')
    with pytest.raises(ValueError, match='dimension'):
        fill(initializers.Orthogonal(), ())
    a = fill(initializers.Orthogonal(), (4, 4), numpy.float64)
    numpy.testing.assert_allclose(a @ a.T, 1.1 ** 2 * numpy.eye(4), atol=1e-10)


def test_sampling_filters():
    up = fill(initializers.UpsamplingDeconvFilter(), (2, 2, 4, 4), numpy.float64)
    # k = 4: factor 2, center 1.5, weights 1 - |x - 1.5| / 2
    k1 = numpy.array([0.25, 0.75, 0.75, 0.25])
    numpy.testing.assert_allclose(up[0, 0], numpy.outer(k1, k1))
    numpy.testing.assert_allclose(up[1, 1], numpy.outer(k1, k1))
    numpy.testing.assert_array_equal(up[0, 1], 0)
    odd = fill(initializers.UpsamplingDeconvFilter(), (1, 3, 3), numpy.float64)
    numpy.testing.assert_allclose(odd[0, 0], [0.5, 1.0, 0.5])   # k = 3: factor 2
    numpy.testing.assert_allclose(odd[0, 2], [0.5, 1.0, 0.5])
    down = fill(initializers.DownsamplingConvFilter(), (3, 3, 4, 4), numpy.float64)
    assert down[2, 2].sum() == pytest.approx(1.0)
    numpy.testing.assert_allclose(down[2, 2], numpy.outer(k1, k1) / 4.0)
    with pytest.raises(ValueError, match='linear'):
        initializers.UpsamplingDeconvFilter(interpolation='cubic')
    with pytest.raises(ValueError, match='shape'):
        fill(initializers.UpsamplingDeconvFilter(), (2, 3, 4, 4))
    with pytest.raises(ValueError, match='filter'):
        fill(initializers.DownsamplingConvFilter(), (4, 4))


def test_generate_array_dtype_and_device():
    a = initializers.generate_array(initializers.One(), (2, 3), numpy)
    assert a.shape == (2, 3) and a.dtype == numpy.float32
    with chainer.using_config('dtype', numpy.float64):
        assert initializers.generate_array(initializers.One(), 3, numpy).dtype == \
            numpy.float64
    with chainer.using_config('dtype', chainer.mixed16):
        assert initializers.generate_array(initializers.One(), 3, numpy).dtype == \
            numpy.float16
    a = initializers.generate_array(initializers.One(numpy.float16), 3, numpy)
    assert a.dtype == numpy.float16
    assert initializers.generate_array(initializers.Zero(), 2, numpy,
                                       device='@numpy').dtype == numpy.float32
    with pytest.raises(ValueError, match='dtype'):
        initializers.generate_array(initializers.One(numpy.float16), 3, numpy,
                                    dtype=numpy.float32)


def test_get_initializer():
    assert isinstance(initializers._get_initializer(None), initializers.LeCunNormal)
    const = initializers._get_initializer(2.5)
    assert isinstance(const, initializers.Constant) and const.fill_value == 2.5
    arr = numpy.ones(3, numpy.float64)
    assert initializers._get_initializer(arr).dtype == numpy.float64
    normal = initializers.Normal()
    assert initializers.get_initializer(normal) is normal
    with pytest.raises(TypeError, match='initializer'):
        initializers._get_initializer('zeros')
