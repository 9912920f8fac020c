"""OnceTrigger: fire once."""
from chainer.training import _serialize


class OnceTrigger(object):
    """Trigger that fires only at its first call.

    Args:
        call_on_resume (bool): also fire once more after the training is resumed
            from a snapshot.

    Attributes:
        finished (bool): whether it has fired (and will not again).
    """

    def __init__(self, call_on_resume=False):
        self._flag_first = True
        self._flag_resumed = call_on_resume

    @property
    def finished(self):
        return not (self._flag_first or self._flag_resumed)

    def __call__(self, trainer):
        fire = self._flag_first or self._flag_resumed
        self._flag_first = False
        self._flag_resumed = False
        return fire

    def serialize(self, serializer):
        """Save or load whether it has fired.

        A snapshot without it (an old version's) loads with a UserWarning, as a
        trigger that has fired (the training was under way).
        """
        self._flag_first, found = _serialize.load_scalar_or_warn(
            serializer, '_flag_first', self._flag_first, bool,
            'OnceTrigger: the snapshot does not say whether the trigger has fired '
            '(it was written by an old version); it is taken as fired')
        if not found:
            self._flag_first = False
