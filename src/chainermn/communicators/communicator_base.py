"""The interface every ChainerMN communicator implements."""
import contextlib
import warnings


class CommunicatorBase(object):
    """Interface of all ChainerMN communicators.

    The methods are named after the MPI operations they stand for (``bcast``
    after ``MPI_Bcast``, ...). Those without a suffix move arrays (NumPy or
    CuPy ndarrays, or tuples of them); those with the ``_obj`` suffix move any
    picklable Python object. ``multi_node_mean_grad`` and ``bcast_data`` work on
    whole models: they average the gradients, or copy the parameters of rank 0,
    across all processes.

    Settings that change how a communicator works (``batched_copy``,
    ``allreduce_grad_dtype``, ...) are read with :meth:`get_config` and changed
    with :meth:`set_config`; a communicator rejects names it does not know.
    """

    def __init__(self):
        object.__setattr__(self, '_configs', {})
        object.__setattr__(self, '_within_config_scope', False)

    # -- configuration --------------------------------------------------------

    @property
    def within_config_scope(self):
        """True inside :meth:`config_scope`, where attribute assignments are
        stored as configuration values."""
        return self.__dict__.get('_within_config_scope', False)

    @contextlib.contextmanager
    def config_scope(self):
        """A context in which ``self.name = value`` stores a configuration value
        (read back as ``self.name`` or ``get_config(name)``)."""
        old = self.within_config_scope
        object.__setattr__(self, '_within_config_scope', True)
        try:
            yield
        finally:
            object.__setattr__(self, '_within_config_scope', old)

    def __setattr__(self, name, value):
        if self.__dict__.get('_within_config_scope', False):
            self._configs[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # Only called when the normal lookup fails: configuration values.
        configs = self.__dict__.get('_configs')
        if configs is not None and name in configs:
            return configs[name]
        raise AttributeError('{!r} object has no attribute {!r}'.format(
            type(self).__name__, name))

    def set_config(self, name, **kwargs):
        """Change the configuration value ``name`` (communicators define which
        names exist; an unknown name raises ValueError)."""
        raise ValueError('{} has no configuration named {!r}'.format(
            type(self).__name__, name))

    def get_config(self, name=None):
        """The configuration value ``name``, or a dict of all of them if None."""
        configs = self.__dict__.get('_configs', {})
        if name is None:
            return dict(configs)
        if name not in configs:
            raise ValueError('{} has no configuration named {!r} (it has: {})'.format(
                type(self).__name__, name, ', '.join(sorted(configs)) or 'none'))
        return configs[name]

    # Communicators stand for processes and connections: copying a link that
    # holds one (``link.copy(mode='copy')``, ``copy.deepcopy``) shares it.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    # -- layout ---------------------------------------------------------------

    @property
    def rank(self):
        """The rank of this process among all processes (0 .. size - 1)."""
        raise NotImplementedError()

    @property
    def size(self):
        """The number of processes."""
        raise NotImplementedError()

    @property
    def intra_rank(self):
        """The rank of this process among the processes of its node."""
        raise NotImplementedError()

    @property
    def intra_size(self):
        """The number of processes on this node."""
        raise NotImplementedError()

    @property
    def inter_rank(self):
        """The rank of this node among the nodes."""
        raise NotImplementedError()

    @property
    def inter_size(self):
        """The number of nodes."""
        raise NotImplementedError()

    def split(self, color, key):
        """A communicator over the processes with the same ``color``, ranked by
        ``key`` (``MPI_Comm_split``)."""
        raise NotImplementedError()

    # -- arrays ---------------------------------------------------------------

    def alltoall(self, xs):
        """Send ``xs[i]`` to process ``i``; returns the tuple of arrays received
        from each process."""
        raise NotImplementedError()

    def send(self, data, dest, tag):
        """Send an array (or a tuple of arrays) to ``dest``."""
        raise NotImplementedError()

    def recv(self, source, tag):
        """Receive what :meth:`send` sent from ``source``."""
        raise NotImplementedError()

    def bcast(self, data, max_buf_len=None, root=0):
        """The array of ``root``, on every process."""
        raise NotImplementedError()

    def gather(self, data, root=0):
        """The arrays of all processes, as a tuple on ``root`` (None elsewhere)."""
        raise NotImplementedError()

    def allgather(self, x):
        """The arrays of all processes, as a tuple on every process."""
        raise NotImplementedError()

    def allreduce(self, data):
        """The elementwise sum of the arrays of all processes, on every process."""
        raise NotImplementedError()

    def scatter(self, xs, root=0):
        """``xs[i]`` of ``root``, on process ``i``."""
        raise NotImplementedError()

    # -- Python objects -------------------------------------------------------

    def send_obj(self, obj, dest, tag):
        """Send a picklable object to ``dest``."""
        raise NotImplementedError()

    def recv_obj(self, source, tag):
        """Receive an object sent by :meth:`send_obj`."""
        raise NotImplementedError()

    def bcast_obj(self, obj, max_buf_len=None, root=0):
        """The object of ``root``, on every process."""
        raise NotImplementedError()

    def gather_obj(self, obj, root=0):
        """The objects of all processes, as a list on ``root`` (None elsewhere)."""
        raise NotImplementedError()

    def allreduce_obj(self, obj):
        """The sum (``+``) of the objects of all processes, on every process."""
        raise NotImplementedError()

    # -- models ---------------------------------------------------------------

    def bcast_data(self, model):
        """Copy the parameters of ``model`` on rank 0 to every process."""
        raise NotImplementedError()

    def broadcast_data(self, model):
        """Same as :meth:`bcast_data` (its older name)."""
        return self.bcast_data(model)

    def multi_node_mean_grad(self, model, zero_fill=False):
        """Replace the gradient of every parameter of ``model`` with its mean
        over all processes.

        Args:
            model (chainer.Link): the model (the same structure everywhere).
            zero_fill (bool): count a parameter whose gradient is None (a link
                not used in this iteration) as a zero gradient, so it takes
                part in the mean and gets a gradient. If False, parameters
                without a gradient are skipped (they must then lack it on every
                process). Uninitialized parameters are always skipped.
        """
        raise NotImplementedError()

    def allreduce_grad(self, model, zero_fill=False):
        """Deprecated name of :meth:`multi_node_mean_grad` (it averages too)."""
        warnings.warn('allreduce_grad() is deprecated: use multi_node_mean_grad(), '
                      'which computes the same mean', DeprecationWarning, stacklevel=2)
        return self.multi_node_mean_grad(model, zero_fill)

    def finalize(self):
        """Release what the communicator holds (buffers, NCCL communicators)."""
        pass
