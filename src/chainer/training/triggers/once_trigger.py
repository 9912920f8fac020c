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
        """Save or load whether it has fired."""
        self._flag_first = _serialize.serialize_scalar(
            serializer, '_flag_first', self._flag_first, bool)
