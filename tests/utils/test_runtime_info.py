import io
import platform
import sys

import numpy

import chainer
import chainerx


def test_print_runtime_info():
    out = io.StringIO()
    chainer.print_runtime_info(out)
    lines = out.getvalue().splitlines()
    fields = dict(line.split(': ', 1) for line in lines)
    assert fields['Platform'] == platform.platform()
    assert fields['Chainer'] == chainer.__version__
    assert fields['NumPy'] == numpy.__version__
    assert fields['ChainerX'] == 'Not Available'
    assert fields['iDeep'] == 'Not Available'
    if not chainer.backends.cuda.available:
        assert fields['CuPy'] == 'Not Available'
    assert list(fields)[:2] == ['Platform', 'Chainer']


def test_print_runtime_info_to_stdout(capsys):
    chainer.print_runtime_info()
    assert 'Chainer: {}'.format(chainer.__version__) in capsys.readouterr().out


def test_chainerx_stub():
    assert chainerx.is_available() is False
    assert 'chainerx' in sys.modules
    x = numpy.zeros(2)
    assert not isinstance(x, chainerx.ndarray)
    try:
        chainerx.zeros((2,))
    except RuntimeError as e:
        assert 'ChainerX is not available' in str(e)
    else:
        raise AssertionError('chainerx.zeros should raise')
