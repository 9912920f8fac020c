"""The attribute forwarding of the multi-node iterator wrappers."""


class IteratorWrapper(object):
    """Wraps ``actual_iterator`` (set with ``object.__setattr__``): reading an
    attribute the wrapper lacks, and setting any attribute, goes to the actual
    iterator, so the wrapper can be used wherever it is."""

    def __getattr__(self, name):
        # (Only called for names not found on the wrapper; guard against
        # recursion while the wrapper is being copied or unpickled.)
        if name == 'actual_iterator' or name.startswith('__'):
            raise AttributeError(name)
        return getattr(self.actual_iterator, name)

    def __setattr__(self, name, value):
        setattr(self.actual_iterator, name, value)

    def __iter__(self):
        return self
