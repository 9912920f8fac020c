"""Vanilla stochastic gradient descent."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01)


class SGDRule(_common.ElementwiseRule):
    """Update rule of SGD: ``param -= lr * grad``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
    """

    def __init__(self, parent_hyperparam=None, lr=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr)

    def make_kernel(self, xp, dtype):
        lr = float(self.hyperparam.lr)

        def kernel(p, g, t):
            xp.multiply(g, lr, out=t)
            p -= t
        return kernel


class SGD(_common.GradientMethod):
    """Vanilla stochastic gradient descent: ``param -= lr * grad``.

    Args:
        lr (float): learning rate.
    """

    _rule_class = SGDRule

    def __init__(self, lr=_default_hyperparam.lr):
        super().__init__(lr=lr)

    lr = optimizer.HyperparameterProxy('lr')
