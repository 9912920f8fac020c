"""ParameterStatistics: report statistics of the parameters and gradients."""
import numpy

from chainer import backend
from chainer import reporter
from chainer.training import extension
from chainer.training import trigger as trigger_module

_PERCENTILE_SIGMAS = (0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87)


def _percentiles(x):
    xp = backend.get_array_module(x)
    return xp.percentile(x, _PERCENTILE_SIGMAS)


def _count_zeros(x):
    xp = backend.get_array_module(x)
    return xp.count_nonzero(x == 0)


# The default statistics, as plain functions of an array (their repr is that of
# Chainer's, '<function <lambda> at ...>').
_default_statistics = {
    'mean': lambda x: backend.get_array_module(x).mean(x),
    'std': lambda x: backend.get_array_module(x).std(x),
    'min': lambda x: backend.get_array_module(x).min(x),
    'max': lambda x: backend.get_array_module(x).max(x),
    'zeros': lambda x: _count_zeros(x),
    'percentile': lambda x: _percentiles(x),
}


class ParameterStatistics(extension.Extension):
    """Extension that reports statistics of the parameters of links.

    When triggered, it computes for each parameter of the given links, of its
    data and/or its gradient, the registered statistics and reports them under
    ``[prefix/]<link name>/<param path>/<data|grad>/<statistic>``, e.g.
    ``predictor/l1/W/data/mean`` (the link name of a link that is no chain's
    child is ``None``: ``None/l1/W/data/mean``). Statistics returning several values (the
    percentiles) get ``/0``, ``/1``, ... appended. The default statistics are
    ``mean``, ``std``, ``min``, ``max``, ``zeros`` (the number of zeros) and
    ``percentile`` (at 0.13, 2.28, 15.87, 50, 84.13, 97.72 and 99.87 %).

    Args:
        links (~chainer.Link or list of Link): the links to watch.
        statistics (dict or 'default'): names to functions of an array.
        report_params (bool): report statistics of the parameter values.
        report_grads (bool): report statistics of the gradients.
        prefix (str): a prefix of the keys.
        trigger: when to report (``(1, 'epoch')``).
        skip_nan_params (bool): do not compute the statistics of an array
            holding NaN (the gradient of a parameter that has not been through a
            backward pass is NaN-filled): a single NaN is reported for each
            statistic instead. Otherwise the statistics are computed as they
            are.
    """

    default_name = 'parameter_statistics'
    priority = extension.PRIORITY_WRITER

    report_key_template = '{prefix}{link_name}{param_name}/{attr_name}/{function_name}'

    default_statistics = _default_statistics

    def __init__(self, links, statistics='default', report_params=True,
                 report_grads=True, prefix=None, trigger=(1, 'epoch'),
                 skip_nan_params=False):
        if not isinstance(links, (list, tuple)):
            links = links,
        self._links = links

        if statistics is None:
            statistics = {}
        elif statistics == 'default':
            statistics = self.default_statistics
        self._statistics = dict(statistics)

        attrs = []
        if report_params:
            attrs.append('data')
        if report_grads:
            attrs.append('grad')
        self._attrs = attrs

        self._prefix = prefix
        self._trigger = trigger_module.get_trigger(trigger)
        self._summary = reporter.DictSummary()
        self._skip_nan_params = skip_nan_params

    def __call__(self, trainer):
        """Compute and report the statistics (when the trigger fires)."""
        if not self._trigger(trainer):
            return
        statistics = {}
        prefix = self._prefix + '/' if self._prefix else ''
        for link in self._links:
            # the link's name, 'None' for a link that is no chain's child (as
            # Chainer writes it); parameter paths start with '/'
            link_name = str(getattr(link, 'name', None))
            for param_name, param in link.namedparams(include_uninit=False):
                for attr_name in self._attrs:
                    array = getattr(param, attr_name)
                    if array is None or array.size == 0:
                        continue
                    xp = backend.get_array_module(array)
                    has_nan = self._skip_nan_params and bool(xp.isnan(array).any())
                    for function_name, function in self._statistics.items():
                        key = self.report_key_template.format(
                            prefix=prefix, link_name=link_name,
                            param_name=param_name, attr_name=attr_name,
                            function_name=function_name)
                        if has_nan:
                            # not computed: one NaN stands for the statistic
                            statistics[key] = float('nan')
                            continue
                        value = function(array)
                        value = numpy.asarray(backend.CpuDevice().send(
                            xp.asarray(value)))
                        if value.ndim == 0:
                            statistics[key] = float(value)
                        else:
                            for i, v in enumerate(value.ravel()):
                                statistics['{}/{}'.format(key, i)] = float(v)
        reporter.report(statistics)

    def register_statistics(self, name, function):
        """Add the statistic ``name``, computed by ``function(array)``."""
        self._statistics[name] = function
