"""The training loop: Trainer, updaters, triggers and extensions."""
from chainer.training import extension  # NOQA
from chainer.training import extensions  # NOQA
from chainer.training import trainer  # NOQA
from chainer.training import trigger  # NOQA
from chainer.training import triggers  # NOQA
from chainer.training import updater  # NOQA
from chainer.training import updaters  # NOQA
from chainer.training import util  # NOQA

from chainer.training._updater import Updater  # NOQA
from chainer.training.extension import Extension  # NOQA
from chainer.training.extension import make_extension  # NOQA
from chainer.training.extension import PRIORITY_EDITOR  # NOQA
from chainer.training.extension import PRIORITY_READER  # NOQA
from chainer.training.extension import PRIORITY_WRITER  # NOQA
from chainer.training.trainer import Trainer  # NOQA
from chainer.training.triggers import IntervalTrigger  # NOQA
from chainer.training.updaters import ParallelUpdater  # NOQA
from chainer.training.updaters import StandardUpdater  # NOQA
from chainer.training.util import get_trigger  # NOQA
