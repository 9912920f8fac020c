"""Reporting of observed values: the reporter, and online summaries of them.

A :class:`Reporter` holds an *observation*, a dictionary from names to values.
Code being run (a loss function, an evaluator) calls :func:`chainer.report` with
the values it wants to expose; they land in the observation of the reporter that
is current, under names prefixed with the name of the *observer* (usually a
link) that reported them: ``main/loss``, ``validation/main/accuracy``.

:class:`Summary` and :class:`DictSummary` accumulate such values over many
iterations and give their (weighted) mean and standard deviation; the training
extensions (:class:`~chainer.training.extensions.LogReport` and friends) use them.
"""
import contextlib
import json
import threading

import numpy

import chainer  # NOQA
from chainer import backend
from chainer.backends import cuda  # NOQA
import chainerx  # NOQA
from chainer import configuration
from chainer import serializer as serializer_module
from chainer import variable

class _ReporterStack(threading.local):
    def __init__(self):
        self.stack = []


_reporters = _ReporterStack()


def _is_deserializer(serializer):
    return isinstance(serializer, serializer_module.Deserializer)


def _copy_variable(value):
    # A reported Variable is cut off from its graph (unless keep_graph_on_report
    # is on), so that reporting a loss does not keep the whole graph alive.
    if isinstance(value, variable.Variable):
        return variable.Variable(value.array)
    return value


class Reporter(object):
    """Object that collects observed values into its current observation.

    A reporter keeps ``observation``, a dictionary that :meth:`report` writes into,
    and a registry of *observers*: objects (typically links) with names. Values
    reported with an observer are stored under ``'<observer name>/<key>'``.

    A reporter is made *current* by using it in a ``with`` statement (or
    :meth:`scope`); :func:`chainer.report` then writes to it. Reporters nest: the
    innermost ``with`` is current, per thread.

    Example::

        reporter = chainer.Reporter()
        reporter.add_observer('main', model)
        observation = {}
        with reporter.scope(observation):
            chainer.report({'loss': loss}, model)
        # observation == {'main/loss': loss}

    Attributes:
        observation (dict): where :meth:`report` writes.
    """

    def __init__(self):
        self._observer_names = {}
        self.observation = {}

    def __enter__(self):
        """Make this reporter the current one."""
        _reporters.stack.append(self)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        """Restore the reporter that was current before."""
        _reporters.stack.pop()

    @contextlib.contextmanager
    def scope(self, observation):
        """Context manager: report into ``observation`` and be current inside it.

        Args:
            observation (dict): the dictionary that values reported inside the
                ``with`` block are written to; the previous observation is restored
                afterwards.
        """
        old = self.observation
        self.observation = observation
        self.__enter__()
        try:
            yield
        finally:
            self.__exit__(None, None, None)
            self.observation = old

    def add_observer(self, name, observer):
        """Register ``observer`` under ``name``.

        Values reported with this observer get the key prefix ``name + '/'``.
        """
        self._observer_names[id(observer)] = name

    def add_observers(self, prefix, observers):
        """Register several observers, each under ``prefix + its name``.

        Args:
            prefix (str): prepended to each name.
            observers: iterable of ``(name, observer)`` pairs, such as
                ``link.namedlinks()``.
        """
        for name, observer in observers:
            self._observer_names[id(observer)] = prefix + name

    def report(self, values, observer=None):
        """Write ``values`` into the current observation.

        Args:
            values (dict): names to observed values (scalars, arrays, Variables).
                Variables are copied without their graph unless
                ``chainer.config.keep_graph_on_report`` is True.
            observer: an object registered with :meth:`add_observer`; when given,
                each name is prefixed with the observer's name and ``'/'``.

        Raises:
            KeyError: if ``observer`` is not registered to this reporter.
        """
        if not configuration.config.keep_graph_on_report:
            values = {k: _copy_variable(v) for k, v in values.items()}
        if observer is not None:
            name = self._observer_names.get(id(observer))
            if name is None:
                raise KeyError(
                    'Given observer is not registered to the reporter: {!r} (an '
                    'object of type {}). Register it with add_observer(name, '
                    'observer) first.'.format(observer, type(observer).__name__))
            prefix = name + '/'
            for key, value in values.items():
                self.observation[prefix + key] = value
        else:
            self.observation.update(values)


def get_current_reporter():
    """Return the reporter that is current in this thread.

    Raises:
        RuntimeError: if no reporter is current (no ``with reporter:`` block is
            active).
    """
    stack = _reporters.stack
    if not stack:
        raise RuntimeError(
            'No reporter is current: use a chainer.Reporter in a with statement '
            '(or reporter.scope(observation)) first.')
    return stack[-1]


def report(values, observer=None):
    """Report values to the current reporter, if there is one.

    This is what model code calls to expose a loss or an accuracy::

        chainer.report({'loss': loss, 'accuracy': acc}, self)

    Outside any reporter (no ``with reporter:`` active) it does nothing, so the
    same model works in and out of a training loop.

    Args:
        values (dict): names to values.
        observer: the object that observed the values (registered to the current
            reporter), or None.
    """
    stack = _reporters.stack
    if stack:
        stack[-1].report(values, observer)


@contextlib.contextmanager
def report_scope(observation):
    """Context manager: make the current reporter write into ``observation``.

    Values reported inside the block go to ``observation``; the reporter's
    previous observation is restored afterwards.

    Args:
        observation (dict): the dictionary to write reported values into.
    """
    current = get_current_reporter()
    old = current.observation
    current.observation = observation
    try:
        yield
    finally:
        current.observation = old


def _to_scalar_value(value):
    if isinstance(value, variable.Variable):
        value = value.array
    return value


class Summary(object):
    """Online weighted mean and standard deviation of a sequence of scalars.

    After ``add(x_i, w_i)`` for i = 1..n it holds :math:`S = \\sum w_i x_i`,
    :math:`S_2 = \\sum w_i x_i^2` and :math:`W = \\sum w_i`; the mean is
    :math:`S / W` and the standard deviation :math:`\\sqrt{S_2 / W - (S/W)^2}`.
    Values may be Python or NumPy scalars, 0-d arrays (on any device) or
    Variables holding 0-d arrays; they are accumulated on their device
    (float16 values in float32, so that long sums keep their precision).
    """

    def __init__(self):
        self._x = 0.
        self._x2 = 0.
        self._n = 0  # stays an int while the weights are (Chainer stores int64)

    def add(self, value, weight=1):
        """Add a scalar ``value`` with ``weight`` (default 1)."""
        value = _to_scalar_value(value)
        weight = _to_scalar_value(weight)
        if getattr(value, 'dtype', None) == numpy.float16:
            # A float16 running sum stops growing once its spacing exceeds the
            # values (3000 losses of 0.1 would average 0.085): sum in float32.
            value = value.astype(numpy.float32)
        self._x = self._x + weight * value
        self._x2 = self._x2 + weight * value * value
        self._n = self._n + weight

    def compute_mean(self):
        """The weighted mean of the values added so far."""
        return self._x / self._n

    def make_statistics(self):
        """The tuple ``(mean, std)`` of the values added so far."""
        mean = self._x / self._n
        var = self._x2 / self._n - mean * mean
        xp = backend.get_array_module(var)
        std = xp.sqrt(xp.maximum(var, 0))
        return mean, std

    def serialize(self, serializer):
        """Save or load the accumulated sums (``_x``, ``_x2``, ``_n``).

        ``_x`` and ``_x2`` are stored as float64, ``_n`` as int64 when the
        weights were integers (float64 otherwise), as Chainer stores them.
        """
        self._x = _serialize_float(serializer, '_x', self._x)
        self._x2 = _serialize_float(serializer, '_x2', self._x2)
        self._n = _serialize_count(serializer, '_n', self._n)


def _serialize_float(serializer, key, value):
    loaded = serializer(key, float(value))
    if loaded is None:
        return value
    return float(numpy.asarray(loaded))


def _serialize_count(serializer, key, value):
    value = _to_scalar_value(value)
    if isinstance(value, numpy.ndarray) or not isinstance(value, (int, numpy.integer)):
        value = float(value)
        if value.is_integer():
            value = int(value)
    loaded = serializer(key, numpy.asarray(value))
    if loaded is None:
        return value
    loaded = numpy.asarray(loaded)
    if loaded.dtype.kind in 'iub':
        return int(loaded)
    loaded = float(loaded)
    return int(loaded) if loaded.is_integer() else loaded


class DictSummary(object):
    """Online summary of a sequence of dictionaries of scalars.

    Each entry name has its own :class:`Summary`. Only scalars, 0-d arrays and
    Variables of 0-d arrays are accumulated; other values are ignored. A value
    given as a tuple ``(value, weight)`` is added with that weight.
    """

    def __init__(self):
        self._summaries = {}

    def add(self, d):
        """Add the scalar entries of the dictionary ``d``."""
        summaries = self._summaries
        for key, value in d.items():
            weight = 1
            if isinstance(value, tuple):
                if len(value) != 2:
                    raise ValueError(
                        'DictSummary.add: the value of {!r} is a tuple of length {}; '
                        'expected (value, weight)'.format(key, len(value)))
                value, weight = value
            value = _to_scalar_value(value)
            if isinstance(value, (bool, numpy.bool_)):
                continue
            if numpy.isscalar(value) and not isinstance(value, (int, float, complex,
                                                                numpy.number)):
                continue  # strings and other non-numbers
            if not numpy.isscalar(value) and getattr(value, 'ndim', -1) != 0:
                continue
            summary = summaries.get(key)
            if summary is None:
                summary = summaries[key] = Summary()
            summary.add(value, weight)

    def compute_mean(self):
        """A dictionary from each entry name to its mean."""
        return {name: summary.compute_mean()
                for name, summary in self._summaries.items()}

    def make_statistics(self):
        """A dictionary with ``name`` -> mean and ``name.std`` -> std for each entry."""
        stats = {}
        for name, summary in self._summaries.items():
            mean, std = summary.make_statistics()
            stats[name] = mean
            stats[name + '.std'] = std
        return stats

    def serialize(self, serializer):
        """Save or load the names of the entries and each entry's summary.

        The layout is Chainer's: ``_names`` holds the JSON list of the entry
        names, and the summary of the i-th name is under ``_summaries/<i>/``
        (``_x``, ``_x2``, ``_n``). Files written by earlier versions of this
        project, with the summary under ``<name>/``, load too.
        """
        if _is_deserializer(serializer):
            loaded = serializer('_names', '')
            names = json.loads(_as_str(loaded))
            summaries = {}
            by_index = bool(names) and _has_entry(serializer, ('_summaries', '0'), '_n')
            for i, name in enumerate(names):
                summary = Summary()
                if by_index:
                    summary.serialize(serializer['_summaries'][str(i)])
                else:  # the older layout, by name
                    summary.serialize(serializer[name])
                summaries[name] = summary
            self._summaries = summaries
        else:
            names = list(self._summaries.keys())
            serializer('_names', json.dumps(names))
            for i, name in enumerate(names):
                self._summaries[name].serialize(serializer['_summaries'][str(i)])


def _has_entry(deserializer, groups, key):
    """Whether a deserializer holds ``key`` under the groups ``groups`` (a
    strict one raises KeyError for a missing group or key, a lenient one
    returns the value given, here None)."""
    try:
        for group in groups:
            deserializer = deserializer[group]
        return deserializer(key, None) is not None
    except KeyError:
        return False


def _as_str(value):
    """A string a deserializer returned (possibly as a 0-d array of str or bytes)."""
    if isinstance(value, numpy.ndarray):
        value = value.item() if value.ndim == 0 else value.tolist()
    if isinstance(value, bytes):
        value = value.decode('utf-8')
    return str(value)
