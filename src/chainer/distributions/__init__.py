"""Probability distributions (see :class:`chainer.Distribution`).

Each class takes its parameters as Variables or arrays; what it computes from them
(densities, moments, entropies, KL divergences with
:func:`chainer.kl_divergence`, and the samples of the reparameterized
distributions) is differentiable with respect to them.
"""
from chainer.distribution import cross_entropy  # NOQA
from chainer.distribution import Distribution  # NOQA
from chainer.distribution import kl_divergence  # NOQA
from chainer.distribution import register_kl  # NOQA
from chainer.distributions import utils  # NOQA

from chainer.distributions import bernoulli  # NOQA
from chainer.distributions import beta  # NOQA
from chainer.distributions import categorical  # NOQA
from chainer.distributions import cauchy  # NOQA
from chainer.distributions import chisquare  # NOQA
from chainer.distributions import dirichlet  # NOQA
from chainer.distributions import exponential  # NOQA
from chainer.distributions import gamma  # NOQA
from chainer.distributions import geometric  # NOQA
from chainer.distributions import gumbel  # NOQA
from chainer.distributions import independent  # NOQA
from chainer.distributions import laplace  # NOQA
from chainer.distributions import log_normal  # NOQA
from chainer.distributions import multivariate_normal  # NOQA
from chainer.distributions import normal  # NOQA
from chainer.distributions import one_hot_categorical  # NOQA
from chainer.distributions import pareto  # NOQA
from chainer.distributions import poisson  # NOQA
from chainer.distributions import uniform  # NOQA

from chainer.distributions.bernoulli import Bernoulli  # NOQA
from chainer.distributions.beta import Beta  # NOQA
from chainer.distributions.categorical import Categorical  # NOQA
from chainer.distributions.cauchy import Cauchy  # NOQA
from chainer.distributions.chisquare import Chisquare  # NOQA
from chainer.distributions.dirichlet import Dirichlet  # NOQA
from chainer.distributions.exponential import Exponential  # NOQA
from chainer.distributions.gamma import Gamma  # NOQA
from chainer.distributions.geometric import Geometric  # NOQA
from chainer.distributions.gumbel import Gumbel  # NOQA
from chainer.distributions.independent import Independent  # NOQA
from chainer.distributions.laplace import Laplace  # NOQA
from chainer.distributions.log_normal import LogNormal  # NOQA
from chainer.distributions.multivariate_normal import MultivariateNormal  # NOQA
from chainer.distributions.normal import Normal  # NOQA
from chainer.distributions.one_hot_categorical import OneHotCategorical  # NOQA
from chainer.distributions.pareto import Pareto  # NOQA
from chainer.distributions.poisson import Poisson  # NOQA
from chainer.distributions.uniform import Uniform  # NOQA
