"""Marking experimental APIs."""
import warnings

import chainer


def experimental(api_name):
    """Declare that the caller is an experimental API named ``api_name``.

    Call it at the start of an experimental function (or of the ``__init__`` of an
    experimental class). It issues a :class:`FutureWarning` saying
    ``<api_name> is experimental. The interface can change in the future.``,
    attributed to the caller, so Python's default warning filter shows it once
    per API. Setting ``chainer.disable_experimental_feature_warning = True`` (or the
    environment variable ``CHAINER_DISABLE_EXPERIMENTAL_FEATURE_WARNING=1``)
    silences it.

    Example::

        def f(x):
            utils.experimental('mylib.f')
            ...
    """
    if not isinstance(api_name, str):
        raise TypeError('experimental: api_name must be a str, got {}'.format(
            type(api_name).__name__))
    if getattr(chainer, 'disable_experimental_feature_warning', False):
        return
    warnings.warn('{} is experimental. The interface can change in the future.'.format(
        api_name), FutureWarning, stacklevel=2)
