"""unchain_variables: release the graphs of the reported variables."""
from chainer import variable
from chainer.training import extension


class unchain_variables(extension.Extension):
    """Extension that unchains the variables of the observation.

    With ``chainer.config.keep_graph_on_report`` on, reported variables keep
    their computational graphs; this extension, called last in every iteration,
    cuts them so that the memory is released.
    """

    priority = -10000

    def __init__(self):
        pass

    def initialize(self, _):
        pass

    def trigger(self, _):
        return True

    def __call__(self, trainer):
        for value in trainer.observation.values():
            if isinstance(value, variable.Variable):
                value.unchain_backward()
