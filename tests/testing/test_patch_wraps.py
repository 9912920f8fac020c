"""testing.patch: by default the mock wraps the patched object (spy semantics)."""
import os.path

from chainer import testing


class _Counter:
    def __init__(self):
        self.total = 0


_counter = _Counter()


def _add(a, b=1):
    _counter.total += a + b
    return a + b


def test_calls_reach_the_real_object_and_are_recorded():
    before = _counter.total
    with testing.patch(__name__ + '._add') as m:
        assert _add(2, b=5) == 7          # real result, not a MagicMock
        assert _add(1) == 2
    assert _counter.total - before == 9   # the real body ran twice
    assert m.call_count == 2
    m.assert_any_call(2, b=5)
    assert _add(1) == 2                   # restored


def test_library_function_spy():
    with testing.patch('os.path.join') as m:
        assert os.path.join('a', 'b') == 'a' + os.sep + 'b'
    m.assert_called_once_with('a', 'b')


def test_return_value_and_explicit_wraps_override():
    with testing.patch(__name__ + '._add') as m:
        m.return_value = 42
        assert _add(1) == 42
    with testing.patch(__name__ + '._add', wraps=lambda a, b=1: a * 100) as m:
        assert _add(3) == 300
    with testing.patch(__name__ + '._add', new=lambda a, b=1: -1):
        assert _add(3) == -1
