"""``static_graph``: the decorator for a chain whose forward graph never changes.

In Chainer 7 a method decorated with ``static_graph`` recorded the computational
graph of its first call into a *static schedule* and replayed it on later calls
with inputs of the same kind. chainer-next computes every call define-by-run
(the replay optimization is not implemented), but keeps the bookkeeping users
can see: while ``chainer.config.use_static_graph`` is True (the default), the
first call gives the chain a ``schedule_manager``, which holds one
:class:`StaticScheduleFunction` per kind of call (train or test mode, with or
without backprop, input shapes and dtypes), and each call sets
``chain.static_schedule`` to the schedule it used. With
``use_static_graph=False`` the method simply runs, and nothing is recorded.
"""
import functools

import chainer

_ACCEPTED = ('train_func', 'verbosity_level', 'enable_double_backprop',
             'force_test_define_by_run', 'minimize_cache_size')


def _describe_input(x):
    array = x.array if isinstance(x, chainer.Variable) else x
    shape = getattr(array, 'shape', None)
    dtype = getattr(array, 'dtype', None)
    if shape is None:
        return (type(x).__name__,)
    return (tuple(shape), str(dtype))


class StaticScheduleFunction(object):
    """The schedule of one kind of call of a ``static_graph`` method.

    Attributes:
        key (tuple): what the calls it serves have in common: train mode,
            backprop mode, and the shape and dtype of each positional input.
        call_count (int): how many calls used it.
    """

    def __init__(self, schedule_id, key):
        self.schedule_id = schedule_id
        self.key = key
        self.call_count = 0

    def __repr__(self):
        train, backprop, inputs = self.key
        return ('<StaticScheduleFunction {} train={} enable_backprop={} inputs={} '
                'calls={}>'.format(self.schedule_id, train, backprop, list(inputs),
                                   self.call_count))


class ScheduleManager(object):
    """The schedules of a chain's ``static_graph`` method (``chain.schedule_manager``).

    Args:
        minimize_cache_size (bool): keep only the schedule of the latest kind of
            call.
        verbosity_level (int): 1 or more prints a line when a schedule is made.
    """

    def __init__(self, minimize_cache_size=True, verbosity_level=0):
        self.minimize_cache_size = minimize_cache_size
        self.verbosity_level = verbosity_level
        self.schedules = {}
        self._next_id = 0

    def get_schedule(self, in_vars):
        """The schedule for a call with the positional inputs ``in_vars`` in the
        current configuration (a new one if there is none yet)."""
        config = chainer.config
        key = (bool(config.train), bool(config.enable_backprop),
               tuple(_describe_input(x) for x in in_vars))
        schedule = self.schedules.get(key)
        if schedule is None:
            if self.minimize_cache_size:
                self.schedules.clear()
            schedule = StaticScheduleFunction(self._next_id, key)
            self._next_id += 1
            self.schedules[key] = schedule
            if self.verbosity_level >= 1:
                print('static_graph: made schedule {}'.format(schedule))
        schedule.call_count += 1
        return schedule

    def __repr__(self):
        lines = ['ScheduleManager ({} schedule(s))'.format(len(self.schedules))]
        lines.extend('  {!r}'.format(s) for s in self.schedules.values())
        return '\n'.join(lines)


def static_graph(*args, **kwargs):
    """Declare a chain's ``__call__``/``forward`` as having a static graph.

    Accepts Chainer's options (``verbosity_level``, ``enable_double_backprop``,
    ``force_test_define_by_run``, ``minimize_cache_size``, ``train_func``).
    The decorated method computes exactly what it computes undecorated (always
    define-by-run); while ``chainer.config.use_static_graph`` is True its
    calls are recorded in ``chain.schedule_manager`` and ``chain.static_schedule``
    (see the module documentation). Usable as ``@static_graph`` or
    ``@static_graph(...)``.
    """
    unknown = [k for k in kwargs if k not in _ACCEPTED]
    if unknown:
        raise TypeError('static_graph got unexpected keyword arguments: {}'.format(
            ', '.join(sorted(unknown))))
    verbosity_level = kwargs.get('verbosity_level', 0)
    minimize_cache_size = kwargs.get('minimize_cache_size', True)

    def wrap(func):
        @functools.wraps(func)
        def wrapper(self, *a, **kw):
            if chainer.config.use_static_graph:
                manager = self.__dict__.get('schedule_manager')
                if manager is None:
                    manager = ScheduleManager(minimize_cache_size, verbosity_level)
                    self.__dict__['schedule_manager'] = manager
                self.__dict__['static_schedule'] = manager.get_schedule(a)
            return func(self, *a, **kw)
        wrapper._chainer_static_graph = True
        return wrapper

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    if args:
        raise TypeError('static_graph takes keyword options only, got positional '
                        'arguments {!r}'.format(args))
    return wrap


from chainer.graph_optimizations.static_graph_utilities import static_code  # NOQA
