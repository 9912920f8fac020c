"""``params``, ``batch_shape``, ``event_shape`` and the dtype of samples, for every
distribution (the shared parameter plumbing of chainer.distributions.utils)."""
import numpy
import pytest

import chainer
from chainer import distributions as D


def _positive(*shape):
    return numpy.random.uniform(0.5, 2.0, shape).astype(numpy.float32)


def _probs(*shape):
    p = _positive(*shape)
    return p / p.sum(axis=-1, keepdims=True)


def _tril(*shape):
    return numpy.tril(_positive(*shape)) + 2 * numpy.eye(shape[-1], dtype=numpy.float32)


CASES = [
    # (make, expected parameter names, batch_shape, event_shape)
    (lambda: D.Normal(_positive(2, 3), _positive(2, 3)), ('loc', 'scale'), (2, 3), ()),
    (lambda: D.Normal(_positive(2, 3), log_scale=_positive(2, 3)), ('loc', 'scale'),
     (2, 3), ()),
    (lambda: D.Laplace(_positive(3), _positive(3)), ('loc', 'scale'), (3,), ()),
    (lambda: D.Gumbel(_positive(3), _positive(3)), ('loc', 'scale'), (3,), ()),
    (lambda: D.Cauchy(_positive(3), _positive(3)), ('loc', 'scale'), (3,), ()),
    (lambda: D.Uniform(low=-_positive(4), high=_positive(4)), ('low', 'high'), (4,), ()),
    (lambda: D.Bernoulli(p=_probs(2, 3)), ('p',), (2, 3), ()),
    (lambda: D.Bernoulli(logit=_positive(2, 3)), ('logit',), (2, 3), ()),
    (lambda: D.Categorical(p=_probs(2, 3)), ('p',), (2,), ()),
    (lambda: D.Categorical(logit=_positive(2, 3)), ('logit',), (2,), ()),
    (lambda: D.OneHotCategorical(_probs(2, 3)), ('p',), (2,), (3,)),
    (lambda: D.Dirichlet(_positive(2, 3)), ('alpha',), (2,), (3,)),
    (lambda: D.MultivariateNormal(_positive(2, 3), scale_tril=_tril(2, 3, 3)),
     ('loc', 'scale_tril'), (2,), (3,)),
    (lambda: D.Gamma(_positive(3), _positive(3)), ('k', 'theta'), (3,), ()),
    (lambda: D.Beta(_positive(3), _positive(3)), ('a', 'b'), (3,), ()),
    (lambda: D.Chisquare(_positive(3)), ('k',), (3,), ()),
    (lambda: D.Poisson(_positive(3)), ('lam',), (3,), ()),
    (lambda: D.Geometric(_probs(3)), ('p',), (3,), ()),
    (lambda: D.Exponential(_positive(3)), ('lam',), (3,), ()),
    (lambda: D.Pareto(_positive(3), _positive(3)), ('scale', 'alpha'), (3,), ()),
    (lambda: D.LogNormal(_positive(3), _positive(3)), ('mu', 'sigma'), (3,), ()),
]


@pytest.mark.parametrize('make,names,batch_shape,event_shape', CASES)
def test_params_and_shapes(make, names, batch_shape, event_shape):
    dist = make()
    params = dist.params
    assert tuple(params) == names
    for value in params.values():
        assert isinstance(value, chainer.Variable)
        assert value.dtype == numpy.float32
    assert dist.batch_shape == batch_shape
    assert dist.event_shape == event_shape
    sample = dist.sample(2)
    assert sample.shape == (2,) + batch_shape + event_shape
    if sample.dtype.kind == 'f':
        assert sample.dtype == numpy.float32


@pytest.mark.parametrize('make', [
    lambda: D.Dirichlet(_positive(2, 3)),
    lambda: D.OneHotCategorical(_probs(2, 3)),
    lambda: D.MultivariateNormal(_positive(2, 3), scale_tril=_tril(2, 3, 3)),
])
def test_log_prob_of_a_vector_of_the_wrong_size(make):
    dist = make()
    with pytest.raises(ValueError, match=r'\.log_prob: x must have shape .*\(3,\), got '
                                         r'shape \(2, 4\)'):
        dist.log_prob(numpy.full((2, 4), 0.25, numpy.float32))
