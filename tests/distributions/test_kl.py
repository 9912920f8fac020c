"""KL divergences between distributions of one family, against numerical
integration (continuous), explicit sums (discrete), independent closed forms
(multivariate normal) and Monte Carlo (Dirichlet)."""
import numpy
import pytest
from scipy import integrate
from scipy import special
from scipy import stats

import chainer
from chainer import distributions as D


def _u(low, high, n=3):
    return numpy.random.uniform(low, high, n)


def _quad_kl(dist1, dist2, low, high, points=None):
    """KL of two frozen scalar SciPy distributions by adaptive quadrature."""
    def integrand(x):
        log_p = dist1.logpdf(x)
        if log_p == -numpy.inf:
            return 0.0
        return numpy.exp(log_p) * (log_p - dist2.logpdf(x))
    value, _ = integrate.quad(integrand, low, high, limit=200, points=points)
    return value


# name -> (chainer class, params maker, scipy frozen maker, integration range)
CONTINUOUS = {
    'normal': (D.Normal, lambda: {'loc': _u(-1, 1), 'scale': _u(0.5, 2)},
               lambda p: stats.norm(p['loc'], p['scale']), (-numpy.inf, numpy.inf)),
    'log_normal': (D.LogNormal, lambda: {'mu': _u(-0.5, 0.5), 'sigma': _u(0.5, 1)},
                   lambda p: stats.lognorm(p['sigma'], scale=numpy.exp(p['mu'])),
                   (0, numpy.inf)),
    'laplace': (D.Laplace, lambda: {'loc': _u(-1, 1), 'scale': _u(0.5, 2)},
                lambda p: stats.laplace(p['loc'], p['scale']), (-80, 80)),
    'gumbel': (D.Gumbel, lambda: {'loc': _u(-1, 1), 'scale': _u(0.7, 1.5)},
               lambda p: stats.gumbel_r(p['loc'], p['scale']), (-20, 60)),
    'exponential': (D.Exponential, lambda: {'lam': _u(0.5, 2)},
                    lambda p: stats.expon(scale=1 / p['lam']), (0, numpy.inf)),
    'gamma': (D.Gamma, lambda: {'k': _u(1, 4), 'theta': _u(0.5, 2)},
              lambda p: stats.gamma(p['k'], scale=p['theta']), (0, numpy.inf)),
    'chisquare': (D.Chisquare, lambda: {'k': _u(2, 6)},
                  lambda p: stats.chi2(p['k']), (0, numpy.inf)),
    'beta': (D.Beta, lambda: {'a': _u(1, 4), 'b': _u(1, 4)},
             lambda p: stats.beta(p['a'], p['b']), (0, 1)),
    'pareto': (D.Pareto, lambda: {'scale': _u(1, 1.5), 'alpha': _u(1, 4)},
               lambda p: stats.pareto(p['alpha'], scale=p['scale']), (None, numpy.inf)),
}


@pytest.mark.parametrize('name', sorted(CONTINUOUS))
def test_continuous_against_quadrature(name):
    cls, make, frozen, (low, high) = CONTINUOUS[name]
    p1, p2 = make(), make()
    if name == 'pareto':  # the support of the first must lie in the second's
        p2['scale'] = p1['scale'] * numpy.random.uniform(0.5, 1, 3)
    kl = chainer.kl_divergence(cls(**p1), cls(**p2))
    assert kl.shape == (3,)
    for i in range(3):
        one1 = {k: v[i] for k, v in p1.items()}
        one2 = {k: v[i] for k, v in p2.items()}
        start = one1['scale'] if name == 'pareto' else low
        # The kinks of the Laplace densities are break points of the integrand.
        points = [one1['loc'], one2['loc']] if name == 'laplace' else None
        expected = _quad_kl(frozen(one1), frozen(one2), start, high, points)
        numpy.testing.assert_allclose(kl.array[i], expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize('name', sorted(CONTINUOUS))
def test_continuous_gradients(check_grads, name):
    cls, make, _, _ = CONTINUOUS[name]
    p1, p2 = make(), make()
    if name == 'pareto':
        p2['scale'] = p1['scale'] * numpy.random.uniform(0.5, 1, 3)
    params = {k + '1': v for k, v in p1.items()}
    params.update({k + '2': v for k, v in p2.items()})

    def make_pair(**kw):
        return (cls(**{k[:-1]: v for k, v in kw.items() if k.endswith('1')}),
                cls(**{k[:-1]: v for k, v in kw.items() if k.endswith('2')}))
    check_grads(make_pair, params, lambda pair: chainer.kl_divergence(*pair))


def test_uniform():
    low1, high1 = numpy.array([0.0, 0.0, -1.0]), numpy.array([1.0, 1.0, 2.0])
    low2, high2 = numpy.array([-1.0, 0.5, -1.0]), numpy.array([2.0, 3.0, 2.0])
    kl = chainer.kl_divergence(D.Uniform(low=low1, high=high1),
                               D.Uniform(low=low2, high=high2))
    for i in range(3):
        if low1[i] < low2[i]:
            assert kl.array[i] == numpy.inf
            continue
        expected = _quad_kl(stats.uniform(low1[i], high1[i] - low1[i]),
                            stats.uniform(low2[i], high2[i] - low2[i]),
                            low1[i], high1[i])
        numpy.testing.assert_allclose(kl.array[i], expected, rtol=1e-7, atol=1e-12)


def test_pareto_with_a_larger_scale_on_the_right_is_infinite():
    kl = chainer.kl_divergence(D.Pareto(numpy.array([1.0]), numpy.array([2.0])),
                               D.Pareto(numpy.array([2.0]), numpy.array([2.0])))
    assert kl.array[0] == numpy.inf


def _discrete_kl(pmf1, pmf2, support):
    p, q = pmf1(support), pmf2(support)
    mask = p > 0
    return (p[mask] * (numpy.log(p[mask]) - numpy.log(q[mask]))).sum()


@pytest.mark.parametrize('parameterization', ['p', 'logit', 'mixed'])
def test_bernoulli(check_grads, parameterization):
    p1, p2 = numpy.array([0.2, 0.5, 0.0, 1.0]), numpy.array([0.7, 0.5, 0.3, 0.6])

    def logit(p):
        if isinstance(p, chainer.Variable):
            return chainer.functions.log(p) - chainer.functions.log1p(-p)
        return special.logit(p)

    def make(p, q):
        if parameterization == 'p':
            return D.Bernoulli(p), D.Bernoulli(q)
        if parameterization == 'logit':
            return D.Bernoulli(logit=logit(p)), D.Bernoulli(logit=logit(q))
        return D.Bernoulli(p), D.Bernoulli(logit=logit(q))
    if parameterization == 'logit':  # logits of 0 and 1 are infinite
        p1, p2 = p1[:2], p2[:2]
    kl = chainer.kl_divergence(*make(p1, p2)).array
    for i in range(len(p1)):
        expected = _discrete_kl(lambda x: stats.bernoulli.pmf(x, p1[i]),
                                lambda x: stats.bernoulli.pmf(x, p2[i]),
                                numpy.array([0, 1]))
        numpy.testing.assert_allclose(kl[i], expected, rtol=1e-9, atol=1e-12)
    params = ({'p': _u(0.2, 0.8), 'q': _u(0.2, 0.8)})
    check_grads(make, params, lambda pair: chainer.kl_divergence(*pair))


def test_geometric_and_poisson(check_grads):
    p1, p2 = _u(0.2, 0.8), _u(0.2, 0.8)
    kl = chainer.kl_divergence(D.Geometric(p1), D.Geometric(p2)).array
    support = numpy.arange(1, 400)
    for i in range(3):
        expected = _discrete_kl(lambda x: stats.geom.pmf(x, p1[i]),
                                lambda x: stats.geom.pmf(x, p2[i]), support)
        numpy.testing.assert_allclose(kl[i], expected, rtol=1e-9)
    lam1, lam2 = _u(0.5, 5), _u(0.5, 5)
    kl = chainer.kl_divergence(D.Poisson(lam1), D.Poisson(lam2)).array
    support = numpy.arange(0, 100)
    for i in range(3):
        expected = _discrete_kl(lambda x: stats.poisson.pmf(x, lam1[i]),
                                lambda x: stats.poisson.pmf(x, lam2[i]), support)
        numpy.testing.assert_allclose(kl[i], expected, rtol=1e-9)
    for cls, params in ((D.Geometric, {'p1': p1, 'p2': p2}),
                        (D.Poisson, {'p1': lam1, 'p2': lam2})):
        check_grads(lambda p1, p2: (cls(p1), cls(p2)), params,
                    lambda pair: chainer.kl_divergence(*pair))


def _probs(shape):
    p = numpy.random.uniform(0.05, 1, shape)
    return p / p.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize('cls', [D.Categorical, D.OneHotCategorical])
def test_categorical(check_grads, cls):
    p1, p2 = _probs((2, 4)), _probs((2, 4))
    p1[1, 0] = 0  # a zero of the left distribution contributes nothing
    p1[1] /= p1[1].sum()
    kl = chainer.kl_divergence(cls(p1), cls(p2)).array
    for i in range(2):
        expected = sum(a * numpy.log(a / b) for a, b in zip(p1[i], p2[i]) if a > 0)
        numpy.testing.assert_allclose(kl[i], expected, rtol=1e-10)
    check_grads(lambda p, q: (cls(p), cls(q)),
                {'p': _probs((2, 4)), 'q': _probs((2, 4))},
                lambda pair: chainer.kl_divergence(*pair))


def test_categorical_with_logits(check_grads):
    l1, l2 = numpy.random.normal(size=(2, 3, 4))
    kl = chainer.kl_divergence(D.Categorical(logit=l1), D.Categorical(logit=l2)).array
    p, q = special.softmax(l1, axis=-1), special.softmax(l2, axis=-1)
    numpy.testing.assert_allclose(kl, (p * numpy.log(p / q)).sum(-1), rtol=1e-10)
    check_grads(lambda l1, l2: (D.Categorical(logit=l1), D.Categorical(logit=l2)),
                {'l1': l1, 'l2': l2}, lambda pair: chainer.kl_divergence(*pair))


def test_multivariate_normal(check_grads):
    d = 3

    def tril():
        a = numpy.tril(numpy.random.uniform(-0.5, 0.5, (2, d, d)))
        a[:, numpy.arange(d), numpy.arange(d)] = numpy.random.uniform(0.5, 1.5, (2, d))
        return a
    loc1, loc2 = numpy.random.normal(size=(2, 2, d))
    l1, l2 = tril(), tril()
    kl = chainer.kl_divergence(D.MultivariateNormal(loc1, scale_tril=l1),
                               D.MultivariateNormal(loc2, scale_tril=l2)).array
    for i in range(2):
        cov1, cov2 = l1[i] @ l1[i].T, l2[i] @ l2[i].T
        inv2 = numpy.linalg.inv(cov2)
        diff = loc2[i] - loc1[i]
        expected = 0.5 * (numpy.trace(inv2 @ cov1) + diff @ inv2 @ diff - d
                          + numpy.linalg.slogdet(cov2)[1]
                          - numpy.linalg.slogdet(cov1)[1])
        numpy.testing.assert_allclose(kl[i], expected, rtol=1e-9)
    check_grads(
        lambda m1, s1, m2, s2: (D.MultivariateNormal(m1, scale_tril=s1),
                                D.MultivariateNormal(m2, scale_tril=s2)),
        {'m1': loc1, 's1': l1, 'm2': loc2, 's2': l2},
        lambda pair: chainer.kl_divergence(*pair))


def test_dirichlet_against_monte_carlo(check_grads):
    alpha1, alpha2 = numpy.random.uniform(0.5, 3, (2, 2, 3))
    kl = chainer.kl_divergence(D.Dirichlet(alpha1), D.Dirichlet(alpha2)).array
    n = 20000
    for i in range(2):
        x = numpy.random.dirichlet(alpha1[i], n)
        x = numpy.clip(x, 1e-300, None)
        x /= x.sum(axis=1, keepdims=True)
        log_ratio = (stats.dirichlet.logpdf(x.T, alpha1[i])
                     - stats.dirichlet.logpdf(x.T, alpha2[i]))
        stderr = log_ratio.std() / numpy.sqrt(n)
        assert abs(kl[i] - log_ratio.mean()) < 6 * stderr
    check_grads(lambda a1, a2: (D.Dirichlet(a1), D.Dirichlet(a2)),
                {'a1': alpha1, 'a2': alpha2},
                lambda pair: chainer.kl_divergence(*pair))


def test_kl_of_a_distribution_with_itself_is_zero():
    cases = [
        D.Normal(_u(-1, 1), _u(0.5, 2)), D.Laplace(_u(-1, 1), _u(0.5, 2)),
        D.Gumbel(_u(-1, 1), _u(0.5, 2)), D.Exponential(_u(0.5, 2)),
        D.Gamma(_u(1, 3), _u(0.5, 2)), D.Beta(_u(1, 3), _u(1, 3)),
        D.Uniform(low=_u(-1, 0), high=_u(1, 2)), D.Pareto(_u(1, 2), _u(1, 3)),
        D.Poisson(_u(1, 3)), D.Geometric(_u(0.2, 0.8)), D.Bernoulli(_u(0.2, 0.8)),
        D.Dirichlet(_u(0.5, 2)), D.Chisquare(_u(1, 4)),
        D.LogNormal(_u(-1, 1), _u(0.5, 2)),
    ]
    for d in cases:
        numpy.testing.assert_allclose(chainer.kl_divergence(d, d).array, 0,
                                      atol=1e-12, err_msg=type(d).__name__)


def test_cross_entropy_of_normals():
    d1 = D.Normal(numpy.array([0.3]), numpy.array([0.8]))
    d2 = D.Normal(numpy.array([-0.5]), numpy.array([1.7]))
    expected, _ = integrate.quad(
        lambda x: -stats.norm.pdf(x, 0.3, 0.8) * stats.norm.logpdf(x, -0.5, 1.7),
        -numpy.inf, numpy.inf)
    numpy.testing.assert_allclose(chainer.cross_entropy(d1, d2).array, [expected],
                                  rtol=1e-8)
