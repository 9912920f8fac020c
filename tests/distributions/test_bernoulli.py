import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import gradient_check
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'use_logit': [False, True], 'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'use_logit': False,
        'dtype': numpy.float64}]))
class TestBernoulli(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Bernoulli
        self.scipy_dist = stats.bernoulli
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'log_prob', 'mean',
            'prob', 'sample', 'stddev', 'support', 'variance'}
        p = numpy.asarray(numpy.random.uniform(0.1, 0.9, self.shape), self.dtype)
        if self.use_logit:
            self.params = {'logit': numpy.asarray(numpy.log(p / (1 - p)), self.dtype)}
        else:
            self.params = {'p': p}
        self.scipy_params = {'p': p}
        self.support = '{0, 1}'
        self.continuous = False

    def sample_for_test(self):
        return numpy.random.randint(
            0, 2, self.sample_shape + self.shape).astype(self.dtype)

    def test_p_and_logit_attributes(self):
        d = self.cpu_dist
        p = self.scipy_params['p']
        testing.assert_allclose(d.p.array, p, rtol=1e-5)
        testing.assert_allclose(d.logit.array, numpy.log(p / (1 - p)), rtol=1e-4)

    def test_samples_are_zeros_and_ones(self):
        s = self.cpu_dist.sample(50).array
        assert s.dtype == self.dtype
        assert set(numpy.unique(s)) <= {0, 1}


def test_binary_check():
    p = numpy.array([0.3, 0.3, 0.3, 0.3])
    x = numpy.array([0.0, 1.0, 0.5, 2.0])
    checked = distributions.Bernoulli(p, binary_check=True).log_prob(x).array
    numpy.testing.assert_allclose(checked[:2], numpy.log([0.7, 0.3]))
    numpy.testing.assert_array_equal(checked[2:], [-numpy.inf, -numpy.inf])
    relaxed = distributions.Bernoulli(p).log_prob(x).array
    numpy.testing.assert_allclose(relaxed, x * numpy.log(0.3) + (1 - x) * numpy.log(0.7))
    logit = numpy.log(p / (1 - p))
    relaxed = distributions.Bernoulli(logit=logit).log_prob(x).array
    numpy.testing.assert_allclose(relaxed, x * numpy.log(0.3) + (1 - x) * numpy.log(0.7))
    prob = distributions.Bernoulli(logit=logit, binary_check=True).prob(x).array
    numpy.testing.assert_allclose(prob, [0.7, 0.3, 0, 0], atol=1e-12)


def test_degenerate_probabilities():
    d = distributions.Bernoulli(numpy.array([0.0, 1.0, 0.0, 1.0]))
    x = numpy.array([0.0, 1.0, 1.0, 0.0])
    numpy.testing.assert_array_equal(d.log_prob(x).array, [0, 0, -numpy.inf, -numpy.inf])
    numpy.testing.assert_array_equal(d.entropy.array, [0, 0, 0, 0])
    numpy.testing.assert_array_equal(d.sample(3).array, [[0, 1, 0, 1]] * 3)


@pytest.mark.parametrize('param', ['p', 'logit'])
@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'mean', 'variance'])
def test_gradients(check_grads, param, what):
    x = numpy.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance}[what]
    p = numpy.random.uniform(0.2, 0.8, 3)
    value = p if param == 'p' else numpy.log(p / (1 - p))
    check_grads(lambda **kw: distributions.Bernoulli(**kw), {param: value}, fn)


def test_arguments_errors():
    p = numpy.full(3, 0.5, numpy.float32)
    with pytest.raises(ValueError, match='exactly one of p and logit.*both'):
        distributions.Bernoulli(p, p)
    with pytest.raises(ValueError, match='exactly one of p and logit.*neither'):
        distributions.Bernoulli()
    with pytest.raises(TypeError, match='p must be of a floating-point dtype'):
        distributions.Bernoulli(numpy.array([0, 1]))
    assert distributions.Bernoulli(p).params.keys() == {'p'}
    assert distributions.Bernoulli(logit=p).params.keys() == {'logit'}
    assert isinstance(distributions.Bernoulli(p).sample(), chainer.Variable)


@pytest.mark.parametrize('param', ['p', 'logit'])
def test_certain_outcome_is_finite_between_zero_and_one(param):
    # p exactly 1 (logit +inf) or 0 (logit -inf): log P(x) is log(x) or
    # log(1 - x), right at x in {0, 1} and finite between them (binary_check
    # off); with binary_check, points between 0 and 1 are -inf.
    p = numpy.array([1.0, 0.0, 1.0, 0.0], numpy.float32)
    with numpy.errstate(divide='ignore'):
        value = p if param == 'p' else numpy.log(p) - numpy.log1p(-p)
    x = numpy.array([0.25, 0.25, 1.0, 0.0], numpy.float32)
    with numpy.errstate(divide='ignore'):
        log_prob = distributions.Bernoulli(**{param: value}).log_prob(x).array
    numpy.testing.assert_allclose(log_prob, numpy.log([0.25, 0.75, 1.0, 1.0]),
                                  rtol=1e-6)
    assert log_prob.dtype == numpy.float32
    with numpy.errstate(divide='ignore'):
        checked = distributions.Bernoulli(**{param: value}, binary_check=True)
        prob = checked.prob(x).array
    numpy.testing.assert_array_equal(prob, [0, 0, 1, 1])


@pytest.mark.parametrize('logit_shape,x_shape', [((2, 3), (2, 3)), ((), ()),
                                                 ((), (3,))])
def test_log_prob_from_logit(logit_shape, x_shape):
    from chainer.distributions.bernoulli import _bernoulli_log_prob
    rng = numpy.random.RandomState(0)
    logit = rng.normal(size=logit_shape)
    x = rng.randint(0, 2, size=x_shape).astype(numpy.float64)
    y = _bernoulli_log_prob(logit, x)
    p = 1 / (1 + numpy.exp(-logit))
    numpy.testing.assert_allclose(y.array, numpy.log(numpy.where(x == 1, p, 1 - p)))
    gy = rng.normal(size=x_shape)
    ggx = rng.normal(size=logit_shape)
    gradient_check.check_backward(lambda l: _bernoulli_log_prob(l, x), logit, gy)
    gradient_check.check_double_backward(lambda l: _bernoulli_log_prob(l, x),
                                         logit, gy, ggx)


def test_log_prob_from_infinite_logit_backpropagates_zero():
    from chainer.distributions.bernoulli import _bernoulli_log_prob
    logit = chainer.Variable(numpy.array([numpy.inf, -numpy.inf, 0.5]))
    y = _bernoulli_log_prob(logit, numpy.array([1.0, 1.0, 1.0]))
    numpy.testing.assert_allclose(y.array[:2], [0, -numpy.inf])
    y.grad = numpy.ones(3)
    y.backward()
    # d/dl [l - softplus(l)] = 1 - sigmoid(l); 0 where the logit is infinite
    numpy.testing.assert_allclose(logit.grad, [0, 0, 1 - 1 / (1 + numpy.exp(-0.5))])
