"""FailOnNonNumber: stop the training when parameters become NaN or infinite."""
from chainer import backend
from chainer.training import extension


class FailOnNonNumber(extension.Extension):
    """Extension that raises when a parameter of a model is NaN or infinite.

    After each update it checks every parameter of every optimizer's target and
    raises :class:`RuntimeError` naming the optimizer as soon as one holds a
    non-finite value, so that a diverged training stops instead of going on
    producing NaN.
    """

    def __call__(self, trainer):
        optimizers = trainer.updater.get_all_optimizers()
        for name, optimizer in optimizers.items():
            target = optimizer.target
            for param_name, param in target.namedparams():
                array = param.array
                if array is None:
                    continue
                xp = backend.get_array_module(array)
                if not xp.isfinite(array).all():
                    raise RuntimeError(
                        'Kill the process since parameters in optimizer \'{}\' '
                        'diverge: {} holds NaN or infinite values. R.I.P.'.format(
                            name, param_name))
