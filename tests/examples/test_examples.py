"""The examples, run as a user runs them (in a subprocess)."""
import json
import os
import subprocess
import sys

import numpy
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DIGITS = os.path.join(ROOT, 'examples', 'digits', 'train_digits.py')
MNIST = os.path.join(ROOT, 'examples', 'mnist', 'train_mnist.py')


def _run(script, *args, env=None, cwd=None):
    full_env = dict(os.environ)
    full_env['PYTHONPATH'] = os.path.join(ROOT, 'src') + os.pathsep + \
        full_env.get('PYTHONPATH', '')
    full_env.update(env or {})
    return subprocess.run([sys.executable, script] + list(args), env=full_env,
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def _log(out):
    with open(os.path.join(out, 'log')) as f:
        return json.load(f)


def _without_time(log):
    return [{k: v for k, v in e.items() if k != 'elapsed_time'} for e in log]


def _is_png(path):
    with open(path, 'rb') as f:
        return f.read(8) == b'\x89PNG\r\n\x1a\n'


def test_digits_training_plots_and_exact_resume(tmp_path):
    """A shortened run of the README's command, and the same run in two halves."""
    pytest.importorskip('matplotlib')
    straight = _run(DIGITS, '--epoch', '4', cwd=str(tmp_path))
    assert straight.returncode == 0, straight.stderr
    out = str(tmp_path / 'result')  # the default output folder
    log = _log(out)
    assert [e['epoch'] for e in log] == [1, 2, 3, 4]
    assert log[-1]['validation/main/accuracy'] >= 0.9
    assert log[-1]['main/loss'] < log[0]['main/loss'] / 2
    assert _is_png(os.path.join(out, 'loss.png'))
    assert _is_png(os.path.join(out, 'accuracy.png'))
    assert 'snapshot_epoch_4' in os.listdir(out)
    assert 'validation/main/accuracy' in straight.stdout
    assert 'Estimated time to finish' in straight.stdout
    assert 'Final test accuracy' in straight.stdout

    half = str(tmp_path / 'half')
    first = _run(DIGITS, '--epoch', '2', '--out', half, '--noplot')
    assert first.returncode == 0, first.stderr
    resumed = _run(DIGITS, '--epoch', '4', '--out', half, '--noplot', '--resume',
                   os.path.join(half, 'snapshot_epoch_2'))
    assert resumed.returncode == 0, resumed.stderr
    assert _without_time(_log(half)) == _without_time(log)
    assert not os.path.exists(os.path.join(half, 'loss.png'))


def _fake_mnist_cache(root, n_train=60, n_test=20):
    directory = os.path.join(root, 'pfnet', 'chainer', 'mnist')
    os.makedirs(directory)
    rng = numpy.random.RandomState(0)
    for name, n in (('train.npz', n_train), ('test.npz', n_test)):
        labels = rng.randint(0, 10, size=n).astype(numpy.uint8)
        images = numpy.zeros((n, 784), dtype=numpy.uint8)
        images[numpy.arange(n), labels * 70] = 255  # learnable: one pixel per class
        numpy.savez_compressed(os.path.join(directory, name), x=images, y=labels)


def test_mnist_example_with_cached_data(tmp_path):
    _fake_mnist_cache(str(tmp_path / 'datasets'))
    out = str(tmp_path / 'out')
    result = _run(MNIST, '--epoch', '2', '--unit', '20', '--batchsize', '10',
                  '--noplot', '--out', out, '--frequency', '1',
                  env={'CHAINER_DATASET_ROOT': str(tmp_path / 'datasets')})
    assert result.returncode == 0, result.stderr
    log = _log(out)
    # an epoch-0 row first (the initial model's validation), as in Chainer's
    # example, printed as well
    assert [e['epoch'] for e in log] == [0, 1, 2]
    assert [e['iteration'] for e in log] == [0, 6, 12]
    assert 'validation/main/loss' in log[0] and 'main/loss' not in log[0]
    printed = [line.split()[0] for line in result.stdout.splitlines()
               if line.split() and line.split()[0].isdigit()]
    assert printed[:3] == ['0', '1', '2']
    assert 'snapshot_iter_12' in os.listdir(out)
    assert not os.path.exists(os.path.join(out, 'snapshot_iter_6'))  # n_retains=1
    assert not os.path.exists(os.path.join(out, 'loss.png'))  # --noplot

    resumed = _run(MNIST, '--epoch', '3', '--unit', '20', '--batchsize', '10',
                   '--noplot', '--out', out, '--resume',
                   os.path.join(out, 'snapshot_iter_12'),
                   env={'CHAINER_DATASET_ROOT': str(tmp_path / 'datasets')})
    assert resumed.returncode == 0, resumed.stderr
    assert [e['epoch'] for e in _log(out)] == [0, 1, 2, 3]


def test_mnist_example_without_network_fails_clearly(tmp_path):
    # An unreachable proxy stands for "no network" whatever the machine has.
    result = _run(MNIST, '--epoch', '1', '--out', str(tmp_path / 'out'),
                  env={'CHAINER_DATASET_ROOT': str(tmp_path / 'empty'),
                       'http_proxy': 'http://127.0.0.1:9',
                       'HTTP_PROXY': 'http://127.0.0.1:9'})
    assert result.returncode == 1
    assert 'Traceback' not in result.stderr
    assert 'http://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz' in \
        result.stderr
    assert str(tmp_path / 'empty') in result.stderr
