"""Warning about computations whose result is not reproducible."""
import warnings

import chainer


def nondeterministic(f_name):
    """Warn that ``f_name`` may give non-reproducible results, when
    ``chainer.config.warn_nondeterministic`` is True.

    Functions call this before using a non-deterministic algorithm (for
    example atomic additions on a GPU, where the order of the additions varies).

    Args:
        f_name (str): the name of the function, shown in the warning.
    """
    if getattr(chainer.config, 'warn_nondeterministic', False):
        warnings.warn(
            'Potentially non-deterministic code is being executed while '
            'config.warn_nondeterministic is set. Source: {}'.format(f_name),
            stacklevel=2)
