"""Multi-node optimizers: data-parallel training with any Chainer optimizer."""
import threading

import chainer  # NOQA (chainermn.optimizers.chainer, as in Chainer)

from chainermn.communicators import _memory_utility


def _params_signature(link):
    """Names and shapes of the initialized parameters: a change means new
    parameters that must be synchronized before training goes on."""
    return tuple((name, p.shape, str(p.dtype))
                 for name, p in _memory_utility.named_params(link))


class _OptimizerWrapper(object):
    """Forward attributes (``lr``, ``t``, ``target``, hooks...) to the actual
    optimizer, so the wrapper can be used wherever it is."""

    def __init__(self, actual_optimizer, communicator):
        object.__setattr__(self, 'actual_optimizer', actual_optimizer)
        object.__setattr__(self, 'communicator', communicator)
        object.__setattr__(self, '_synced_signature', None)

    def __getattr__(self, name):
        # (Only called for names not found on the wrapper; guard against
        # recursion while the wrapper is being copied or unpickled.)
        if name == 'actual_optimizer' or name.startswith('__'):
            raise AttributeError(name)
        return getattr(self.actual_optimizer, name)

    def __setattr__(self, name, value):
        if name in self.__dict__ or name.startswith('_mn_'):
            object.__setattr__(self, name, value)
        else:
            setattr(self.actual_optimizer, name, value)

    def setup(self, link):
        """Set up the actual optimizer on ``link``; returns this optimizer. The
        parameters are copied from rank 0 at the next :meth:`update`."""
        self.actual_optimizer.setup(link)
        object.__setattr__(self, '_synced_signature', None)
        return self

    def serialize(self, serializer):
        self.actual_optimizer.serialize(serializer)

    def _backward(self, lossfun, args, kwds):
        """Compute the loss and its gradients as the actual optimizer would."""
        actual = self.actual_optimizer
        target = actual.target
        loss = lossfun(*args, **kwds)
        if getattr(actual, '_use_cleargrads', True):
            target.cleargrads()
        else:
            for param in target.params():
                param.zerograd()
        loss.backward(loss_scale=getattr(actual, '_loss_scale', None))
        del loss

    def _synchronize_if_changed(self):
        """Copy the parameters of rank 0 everywhere when the set of parameters
        changed (first update, new or newly initialized links); True if so."""
        target = self.actual_optimizer.target
        sig = _params_signature(target)
        changed = sig != self._synced_signature
        # Every process must take the same branch: all of them must agree.
        changed = bool(self.communicator.allreduce_obj(int(changed)))
        if changed:
            self.communicator.bcast_data(target)
            object.__setattr__(self, '_synced_signature', sig)
        return changed

    def _mark_synchronized(self):
        """The parameters are known to be equal on all processes (e.g. all of
        them loaded the same snapshot): skip the copy at the next update."""
        object.__setattr__(self, '_synced_signature',
                           _params_signature(self.actual_optimizer.target))


class _MultiNodeOptimizer(_OptimizerWrapper):

    def __init__(self, actual_optimizer, communicator, zero_fill):
        super().__init__(actual_optimizer, communicator)
        object.__setattr__(self, 'zero_fill', zero_fill)

    def update(self, lossfun=None, *args, **kwds):
        """Compute the gradients (if ``lossfun`` is given), average them over
        all processes and update. The first update after :meth:`setup` (or
        after the model gained parameters) instead copies the parameters of
        rank 0 to every process, so all of them start from the same point."""
        target = self.actual_optimizer.target
        if target is None:
            raise RuntimeError('call setup(link) before update()')
        if lossfun is not None:
            self._backward(lossfun, args, kwds)
        if self._synchronize_if_changed():
            return
        self.communicator.multi_node_mean_grad(target, self.zero_fill)
        self.actual_optimizer.update(None)


class _DoubleBufferingOptimizer(_OptimizerWrapper):

    def __init__(self, actual_optimizer, communicator, zero_fill):
        super().__init__(actual_optimizer, communicator)
        object.__setattr__(self, 'zero_fill', zero_fill)
        # The background allreduce uses its own communicator, so it never
        # interleaves with collectives of the main thread.
        object.__setattr__(self, 'background_communicator',
                           communicator.split(0, communicator.rank))
        object.__setattr__(self, 'communicated_target', None)
        object.__setattr__(self, '_thread', None)
        object.__setattr__(self, '_error', None)
        object.__setattr__(self, '_has_communicated', False)

    def setup(self, link):
        self.wait()
        super().setup(link)
        object.__setattr__(self, 'communicated_target', None)
        object.__setattr__(self, '_has_communicated', False)
        return self

    def update(self, lossfun=None, *args, **kwds):
        """Update with the gradients averaged during the previous iteration,
        while this iteration's gradients are averaged in the background.

        The first update (and the first after the model changes) copies the
        parameters of rank 0 everywhere; the next only starts the first
        allreduce; from then on every update uses gradients one iteration old.
        """
        target = self.actual_optimizer.target
        if target is None:
            raise RuntimeError('call setup(link) before update()')
        if lossfun is not None:
            self._backward(lossfun, args, kwds)
        self.wait()
        if self._synchronize_if_changed():
            object.__setattr__(self, 'communicated_target',
                               target.copy(mode='copy'))
            object.__setattr__(self, '_has_communicated', False)
            return
        if self.communicated_target is None or _params_signature(
                self.communicated_target) != _params_signature(target):
            object.__setattr__(self, 'communicated_target',
                               target.copy(mode='copy'))
        had = self._has_communicated
        # Swap: the target gets (a copy of) last iteration's averaged
        # gradients, the communicated copy gets this iteration's fresh ones.
        # A copy, because the background allreduce reuses its buffers.
        fresh = dict(target.namedparams(include_uninit=False))
        comm_params = dict(self.communicated_target.namedparams(include_uninit=False))
        for name, p in fresh.items():
            q = comm_params[name]
            new_grad = p.grad
            old = q.grad
            p.grad = None if old is None else old.copy()
            q.grad = new_grad
        self._start_allreduce()
        if had:
            self.actual_optimizer.update(None)

    def _start_allreduce(self):
        comm = self.background_communicator
        model = self.communicated_target
        zero_fill = self.zero_fill

        def run():
            try:
                comm.multi_node_mean_grad(model, zero_fill)
            except BaseException as e:  # reported by wait()
                object.__setattr__(self, '_error', e)

        thread = threading.Thread(target=run, name='chainermn-double-buffering',
                                  daemon=True)
        object.__setattr__(self, '_thread', thread)
        object.__setattr__(self, '_has_communicated', True)
        thread.start()

    def wait(self):
        """Wait for the background allreduce to finish (re-raising its error)."""
        thread = self._thread
        if thread is not None:
            thread.join()
            object.__setattr__(self, '_thread', None)
        err = self._error
        if err is not None:
            object.__setattr__(self, '_error', None)
            raise err


def create_multi_node_optimizer(actual_optimizer, communicator,
                                double_buffering=False, zero_fill=True):
    """Make a Chainer optimizer data-parallel.

    The returned optimizer behaves like ``actual_optimizer`` (its attributes
    and methods are reachable through it) except that :meth:`update` averages
    the gradients over all processes (``communicator.multi_node_mean_grad``)
    before updating, and that the first update after ``setup`` copies the
    parameters of rank 0 to every process instead of updating.

    Args:
        actual_optimizer (chainer.Optimizer): the optimizer (e.g. Adam).
        communicator: the ChainerMN communicator.
        double_buffering (bool): average the gradients in a background thread
            while the next iteration computes its own, and update with the
            gradients of the previous iteration (faster, but one step stale,
            which may affect accuracy). The background thread uses a
            communicator of its own (``communicator.split``).
        zero_fill (bool): gradients of unused links (None) count as zeros.

    Returns:
        The multi-node optimizer.
    """
    if double_buffering:
        return _DoubleBufferingOptimizer(actual_optimizer, communicator, zero_fill)
    return _MultiNodeOptimizer(actual_optimizer, communicator, zero_fill)
