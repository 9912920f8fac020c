"""examples/onnx/export_digits.py, run as a user runs it."""
import os
import subprocess
import sys

import numpy

import chainer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SCRIPT = os.path.join(ROOT, 'examples', 'onnx', 'export_digits.py')


def _run(*args, cwd):
    env = dict(os.environ)
    env['PYTHONPATH'] = os.path.join(ROOT, 'src') + os.pathsep + \
        env.get('PYTHONPATH', '')
    return subprocess.run([sys.executable, SCRIPT] + list(args), env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_train_export_and_compare(tmp_path, run):
    out = _run('--epoch', '2', '--out', 'digits.onnx', cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert 'same predictions: True' in out.stdout
    import onnx
    model = onnx.load(str(tmp_path / 'digits.onnx'))
    assert [i.name for i in model.graph.input] == ['x']
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == 'batch'
    # Any batch size runs.
    scores, = run(model, {'x': numpy.zeros((7, 64), numpy.float32)})
    assert scores.shape == (7, 10)


def test_export_a_saved_model(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, 'examples', 'digits'))
    try:
        from train_digits import MLP
    finally:
        sys.path.pop(0)
    model = MLP(20, 10)
    model(numpy.zeros((1, 64), numpy.float32))
    chainer.serializers.save_npz(str(tmp_path / 'mlp.npz'), model)
    out = _run('--model', 'mlp.npz', '--unit', '20', '--opset', '9',
               cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert 'same predictions: True' in out.stdout
    assert 'epoch' not in out.stdout
