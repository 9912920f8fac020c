"""Snapshot writers: how (and in which thread or process) snapshots are written.

A writer is called by the snapshot extension as ``writer(filename, outdir,
target)``. Every writer writes to a temporary file and puts it in place once
complete, so a reader never sees a partial snapshot.
"""
import multiprocessing
import os
import queue
import threading


def _default_savefun():
    from chainer import serializers
    return serializers.save_npz


class Writer(object):
    """Base class of snapshot writers.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)`` writes the file
            (default :func:`~chainer.serializers.save_npz`).
        fs: a file system object with ``makedirs``/``rename``-like behaviour is
            not supported here; it must be None (the local file system).
    """

    def __init__(self, savefun=None, fs=None):
        if fs is not None:
            raise ValueError('Snapshot writers of chainer-next write to the local '
                             'file system only; fs must be None')
        self._savefun = savefun if savefun is not None else _default_savefun()
        self._post_save_hooks = []

    def __call__(self, filename, outdir, target):
        """Write ``target`` to ``outdir/filename``.

        Args:
            filename (str): the file name (already formatted).
            outdir (str): the output directory (the trainer's ``out``).
            target: the object to save (the trainer, a link, or its captured
                state).
        """
        raise NotImplementedError(
            '{} must implement __call__(filename, outdir, target)'.format(
                type(self).__name__))

    def initialize(self, outdir):
        """Create the output directory."""
        os.makedirs(outdir, exist_ok=True)

    def wait(self):
        """Wait until the snapshots requested so far are written."""
        pass

    def finalize(self):
        """Wait for pending snapshots and release resources (at the end of
        training)."""
        pass

    def save(self, filename, outdir, target, savefun, append=False, **kwds):
        """Save ``target`` with ``savefun`` through a temporary file and a rename.

        Args:
            filename (str): the file name in ``outdir``.
            outdir (str): the output directory.
            target: the object to save.
            savefun (callable): ``savefun(path, target, **kwds)``.
            append (bool): not supported (must be False).
        """
        if append:
            raise ValueError('Snapshot writers do not support append=True')
        os.makedirs(outdir, exist_ok=True)
        from chainer.serializers import _common
        # Through a temporary file that replaces the snapshot once complete (a
        # symbolic link is written through, the mode of an existing file kept).
        with _common.atomic_write(os.path.join(outdir, filename)) as tmppath:
            savefun(tmppath, target, **kwds)
        for hook in self._post_save_hooks:
            hook()


class SimpleWriter(Writer):
    """Writer that saves in the calling thread, before training goes on.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``.
        fs: must be None.
        kwds: keyword arguments for ``savefun``.
    """

    def __init__(self, savefun=None, fs=None, **kwds):
        super(SimpleWriter, self).__init__(savefun=savefun, fs=fs)
        self._kwds = kwds

    def __call__(self, filename, outdir, target):
        self.save(filename, outdir, target, self._savefun, **self._kwds)


class StandardWriter(Writer):
    """Base class of writers that save in a new thread or process per snapshot.

    A snapshot waits for the previous one to be written before it starts.
    Subclasses implement :meth:`create_worker`.
    """

    def __init__(self, savefun=None, fs=None, **kwds):
        super(StandardWriter, self).__init__(savefun=savefun, fs=fs)
        self._kwds = kwds
        self._worker = None

    def __call__(self, filename, outdir, target):
        self.wait()
        self._worker = self.create_worker(filename, outdir, target, **self._kwds)
        self._worker.start()

    _worker_class = None   # threading.Thread or multiprocessing.Process

    def create_worker(self, filename, outdir, target, **kwds):
        """Return an object with ``start()`` and ``join()`` that writes the file
        (a ``_worker_class`` running :meth:`save`, where the class sets one)."""
        if self._worker_class is None:
            raise NotImplementedError(
                '{} must implement create_worker'.format(type(self).__name__))
        return self._worker_class(
            target=self.save,
            args=(filename, outdir, target, self._savefun, False),
            kwargs=kwds)

    def wait(self):
        if self._worker is not None:
            self._worker.join()
            exitcode = getattr(self._worker, 'exitcode', 0)
            self._worker = None
            if exitcode:
                raise RuntimeError('The snapshot process failed with exit code '
                                   '{}'.format(exitcode))

    def finalize(self):
        self.wait()


class ThreadWriter(StandardWriter):
    """Writer that saves each snapshot in a new thread.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``.
        fs: must be None.
        kwds: keyword arguments for ``savefun``.
    """

    _worker_class = threading.Thread


class ProcessWriter(StandardWriter):
    """Writer that saves each snapshot in a new process.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``.
        fs: must be None.
        kwds: keyword arguments for ``savefun``.
    """

    _worker_class = multiprocessing.Process


class QueueWriter(Writer):
    """Base class of writers that hand snapshots to one consumer through a queue.

    Args:
        savefun (callable): ``savefun(path, target)``.
        fs: must be None.
        task (callable): what the consumer calls with ``(filename, outdir,
            target)``; a :class:`SimpleWriter` of ``savefun`` by default.
    """

    def __init__(self, savefun=None, fs=None, task=None):
        super(QueueWriter, self).__init__(savefun=savefun, fs=fs)
        if task is None:
            task = SimpleWriter(savefun=self._savefun)
        self._task = task
        self._queue = None
        self._consumer = None

    def _start(self):
        if self._queue is None:
            self._queue = self.create_queue()
            self._consumer = self.create_consumer(self._queue)
            self._consumer.start()

    def __call__(self, filename, outdir, target):
        self._start()
        self._queue.put([self._task, filename, outdir, target])

    def create_queue(self):
        """Return the queue the snapshots are put into."""
        raise NotImplementedError(
            '{} must implement create_queue'.format(type(self).__name__))

    def create_consumer(self, q):
        """Return the thread or process (not started) that runs :meth:`consume`."""
        raise NotImplementedError(
            '{} must implement create_consumer'.format(type(self).__name__))

    def consume(self, q):
        """Write the snapshots put into ``q`` until None is put."""
        _consume(q)

    def wait(self):
        if self._queue is not None:
            self._queue.join()

    def finalize(self):
        if self._queue is not None:
            self._queue.put(None)
            self._queue.join()
            self._consumer.join()
            self._queue = None
            self._consumer = None


def _consume(q):
    # A module-level function, so that a consumer process needs no pickled writer.
    while True:
        task = q.get()
        if task is None:
            q.task_done()
            return
        try:
            task[0](task[1], task[2], task[3])
        finally:
            q.task_done()


class ThreadQueueWriter(QueueWriter):
    """Writer that saves the snapshots one after another in a consumer thread.

    Args:
        savefun (callable): ``savefun(path, target)``.
        fs: must be None.
        task (callable): what the consumer calls for each snapshot.
    """

    def create_queue(self):
        return queue.Queue()

    def create_consumer(self, q):
        return threading.Thread(target=_consume, args=(q,), daemon=True)


class ProcessQueueWriter(QueueWriter):
    """Writer that saves the snapshots one after another in a consumer process.

    The snapshot (the captured state of the target) is sent to the consumer
    process through a queue.

    Args:
        savefun (callable): ``savefun(path, target)``.
        fs: must be None.
        task (callable): what the consumer calls for each snapshot.
    """

    def create_queue(self):
        return multiprocessing.JoinableQueue()

    def create_consumer(self, q):
        return multiprocessing.Process(target=_consume, args=(q,), daemon=True)
