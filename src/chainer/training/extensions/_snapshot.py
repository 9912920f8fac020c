"""snapshot and snapshot_object: save the training state (or any object) to files."""
import glob
import os
import re

import numpy

from chainer.training import _serialize
from chainer.training import extension
from chainer.training.extensions import snapshot_writers
from chainer.utils import argument


def _default_savefun():
    from chainer import serializers
    return serializers.save_npz


def _find_snapshot_files(fmt, path):
    """The files in ``path`` that ``fmt`` (a format string) could have named,
    as ``(mtime, name)`` pairs, oldest first."""
    prefix_pattern = re.sub(r'\{[^{}]*\}', '*', fmt.replace('{{', '\0').replace(
        '}}', '\1')).replace('\0', '{').replace('\1', '}')
    regex = re.compile('^' + '.*'.join(
        re.escape(part) for part in prefix_pattern.split('*')) + '$')
    found = []
    for full in glob.glob(os.path.join(glob.escape(path), '*')):
        name = os.path.basename(full)
        if name.startswith('tmp'):
            continue
        if regex.match(name) and os.path.isfile(full):
            found.append(((os.stat(full).st_mtime_ns, _natural_key(name)), name))
    found.sort()
    return found


def _natural_key(name):
    return [(0, int(part), '') if part.isdigit() else (1, 0, part)
            for part in re.split(r'(\d+)', name)]


def _find_latest_snapshot(fmt, path):
    files = _find_snapshot_files(fmt, path)
    if not files:
        return None
    return files[-1][1]


def _find_stale_snapshots(fmt, path, n_retains):
    files = _find_snapshot_files(fmt, path)
    if n_retains <= 0 or len(files) <= n_retains:
        return []
    return [name for _, name in files[:len(files) - n_retains]]


class _CapturedState(object):
    """The state of an object as its ``serialize`` wrote it, kept in memory.

    Replaying it into a serializer reproduces the same file, even after the
    object has changed: asynchronous writers save this instead of the live
    object, so a snapshot is consistent while training goes on.
    """

    def __init__(self, target):
        from chainer import serializers
        serializer = serializers.DictionarySerializer()
        serializer.save(target)
        # Copies: the live arrays keep changing while the snapshot is written.
        self.items = [(key, numpy.array(value, copy=True))
                      for key, value in serializer.target.items()]

    def serialize(self, serializer):
        for key, value in self.items:
            parts = key.split('/')
            current = serializer
            for part in parts[:-1]:
                current = current[part]
            current(parts[-1], value)


class _Snapshot(extension.Extension):
    """The extension that :func:`snapshot` and :func:`snapshot_object` make."""

    trigger = 1, 'epoch'
    priority = -100

    def __init__(self, target=None, condition=None, writer=None,
                 filename='snapshot_iter_{.updater.iteration}',
                 snapshot_on_error=False, n_retains=-1, autoload=False,
                 loadfun=None, numpy_random_state=False):
        if condition is None:
            condition = _always_true
        if writer is None:
            writer = snapshot_writers.SimpleWriter()
        self._target = target
        self.filename = filename
        self.condition = condition
        self.writer = writer
        self._snapshot_on_error = snapshot_on_error
        self.n_retains = n_retains
        self.autoload = autoload
        self._loadfun = loadfun
        self.numpy_random_state = numpy_random_state

    def initialize(self, trainer):
        target = trainer if self._target is None else self._target
        outdir = trainer.out
        if self.autoload:
            if not isinstance(self.filename, str):
                raise ValueError('autoload needs the snapshot filename to be a '
                                 'format string, got {!r}'.format(self.filename))
            latest = _find_latest_snapshot(self.filename, outdir)
            if latest is not None:
                loadfun = self._loadfun
                if loadfun is None:
                    from chainer import serializers
                    loadfun = serializers.load_npz
                if self.numpy_random_state:
                    target = _serialize.WithNumpyRandomState(target)
                loadfun(os.path.join(outdir, latest), target)
        self.writer.initialize(outdir)

    def on_error(self, trainer, exc, tb):
        if self._snapshot_on_error:
            self._make_snapshot(trainer)

    def __call__(self, trainer):
        if self.condition():
            self._make_snapshot(trainer)

    def _make_snapshot(self, trainer):
        target = trainer if self._target is None else self._target
        if self.numpy_random_state:
            target = _serialize.WithNumpyRandomState(target)
        if isinstance(self.filename, str):
            filename = self.filename.format(trainer)
        else:
            filename = self.filename(trainer)
        if not isinstance(self.writer, snapshot_writers.SimpleWriter) and \
                isinstance(self.writer, snapshot_writers.Writer):
            target = _CapturedState(target)
        self.writer(filename, trainer.out, target)
        if self.n_retains > 0 and isinstance(self.filename, str):
            if isinstance(self.writer, snapshot_writers.Writer):
                self.writer.wait()
            for stale in _find_stale_snapshots(self.filename, trainer.out,
                                               self.n_retains):
                path = os.path.join(trainer.out, stale)
                if os.path.exists(path):
                    os.remove(path)

    def finalize(self):
        if hasattr(self.writer, 'finalize'):
            self.writer.finalize()


def _always_true():
    return True


def _loadfun_for(savefun):
    if savefun is None:
        return None
    name = getattr(savefun, '__name__', '')
    if name == 'save_hdf5':
        from chainer import serializers
        return serializers.load_hdf5
    return None


def snapshot(savefun=None, filename='snapshot_iter_{.updater.iteration}', **kwargs):
    """Return an extension that saves the whole training state (a snapshot).

    The trainer (or ``target``) is serialized to ``trainer.out/filename`` once
    per epoch by default, through a temporary file renamed into place. Loading
    such a file into a freshly built trainer with
    :func:`~chainer.serializers.load_npz` resumes the training exactly. The
    priority is -100, so the snapshot sees what the other extensions did in the
    same iteration.

    Args:
        savefun (callable): ``savefun(path, obj)`` saves (default
            :func:`~chainer.serializers.save_npz`); give either this or
            ``writer``.
        filename (str): the file name, a format string receiving the trainer
            (``'snapshot_iter_{.updater.iteration}'``).
        target: the object to save (default: the trainer).
        condition (callable): called with no argument; the snapshot is skipped
            when it returns False.
        writer: a :mod:`~chainer.training.extensions.snapshot_writers` writer
            deciding how (in which thread or process) the file is written.
        snapshot_on_error (bool): also take a snapshot when training fails.
        n_retains (int): keep only the latest ``n_retains`` snapshot files
            (found by ``filename``'s pattern); -1 keeps all.
        autoload (bool): before training, load the latest snapshot found in the
            output directory (if any) into the target.
        numpy_random_state (bool): also save NumPy's global random state
            (``numpy.random.get_state()``: the Mersenne Twister's 624 words, its
            position and the cached Gaussian), under ``_numpy_random_state/`` in
            the file. It is what ``numpy.random`` functions draw from: the
            shuffling of :class:`~chainer.iterators.SerialIterator`,
            :func:`~chainer.functions.dropout` and other random functions on the
            CPU, and initializers without their own ``rng``. Loading such a file
            into a :class:`~chainer.training.Trainer` (``load_npz(path,
            trainer)``, or ``autoload``) restores it, so that the resumed run
            draws the same numbers as an uninterrupted one and its results are
            identical. Not restored: Python's :mod:`random`, CuPy's generator,
            ``numpy.random.Generator`` objects and initializers' own ``rng``.
            Chainer 7.8.1 loads such a file as any snapshot (it ignores the
            extra entries). Default False.
    """
    target, condition, writer, snapshot_on_error, n_retains, autoload, \
        numpy_random_state = argument.parse_kwargs(
            kwargs, ('target', None), ('condition', None), ('writer', None),
            ('snapshot_on_error', False), ('n_retains', -1), ('autoload', False),
            ('numpy_random_state', False))
    return _make(target, savefun, filename, condition, writer, snapshot_on_error,
                 n_retains, autoload, numpy_random_state)


def snapshot_object(target, filename, savefun=None, **kwargs):
    """Return an extension that saves one object (e.g. the model) to a file.

    Like :func:`snapshot` with ``target``: ``filename`` is a format string
    receiving the trainer, e.g. ``'model_iter_{.updater.iteration}'``.

    Args:
        target: the object to save (anything with ``serialize``).
        filename (str): the file name format.
        savefun (callable): ``savefun(path, obj)`` (default
            :func:`~chainer.serializers.save_npz`).
        condition, writer, snapshot_on_error, n_retains, autoload,
        numpy_random_state: as for :func:`snapshot` (the random state is then
            restored by ``autoload``, not by loading the file into ``target``).
    """
    condition, writer, snapshot_on_error, n_retains, autoload, \
        numpy_random_state = argument.parse_kwargs(
            kwargs, ('condition', None), ('writer', None),
            ('snapshot_on_error', False), ('n_retains', -1), ('autoload', False),
            ('numpy_random_state', False))
    return _make(target, savefun, filename, condition, writer, snapshot_on_error,
                 n_retains, autoload, numpy_random_state)


def _make(target, savefun, filename, condition, writer, snapshot_on_error,
          n_retains, autoload, numpy_random_state=False):
    if savefun is not None and writer is not None:
        raise TypeError('savefun and writer arguments cannot be specified together')
    if writer is None:
        writer = snapshot_writers.SimpleWriter(
            savefun=savefun if savefun is not None else _default_savefun())
    return _Snapshot(target=target, condition=condition, writer=writer,
                     filename=filename, snapshot_on_error=snapshot_on_error,
                     n_retains=n_retains, autoload=autoload,
                     loadfun=_loadfun_for(savefun),
                     numpy_random_state=numpy_random_state)
