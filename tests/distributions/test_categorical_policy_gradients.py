"""Gradients of Categorical quantities that policy-gradient methods use."""
import numpy

import chainer
import chainer.distributions as D
import chainer.functions as F


def _softmax(z):
    e = numpy.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_kl_old_to_new_gradient_is_q_minus_p():
    rng = numpy.random.RandomState(0)
    old_logit = rng.randn(5, 4)
    new_logit = chainer.Variable(rng.randn(5, 4))
    old = D.Categorical(logit=old_logit)
    kl = chainer.kl_divergence(old, D.Categorical(logit=new_logit))
    p, q = _softmax(old_logit), _softmax(new_logit.array)
    numpy.testing.assert_allclose(
        kl.array, (p * (numpy.log(p) - numpy.log(q))).sum(axis=1), rtol=1e-10)
    F.sum(kl).backward()
    # d/dz_new sum_i p_i (log p_i - log softmax(z_new)_i) = softmax(z_new) - p
    numpy.testing.assert_allclose(new_logit.grad, q - p, rtol=1e-8, atol=1e-12)


def test_entropy_and_log_prob_gradients():
    rng = numpy.random.RandomState(1)
    logit = chainer.Variable(rng.randn(3, 5))
    dist = D.Categorical(logit=logit)
    p = _softmax(logit.array)
    log_p = numpy.log(p)
    entropy = -(p * log_p).sum(axis=1)
    numpy.testing.assert_allclose(dist.entropy.array, entropy, rtol=1e-10)
    F.sum(dist.entropy).backward()
    # dH/dz_j = -p_j (log p_j + H)
    numpy.testing.assert_allclose(
        logit.grad, -p * (log_p + entropy[:, None]), rtol=1e-8, atol=1e-12)
    logit.cleargrad()
    actions = numpy.array([4, 0, 2])
    F.sum(dist.log_prob(actions)).backward()
    one_hot = numpy.eye(5)[actions]
    numpy.testing.assert_allclose(logit.grad, one_hot - p, rtol=1e-8, atol=1e-12)
