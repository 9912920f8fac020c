import io
import threading

import numpy
import pytest

import chainer
from chainer import configuration


def test_defaults():
    assert chainer.config.train is True
    assert chainer.config.enable_backprop is True
    assert chainer.config.type_check is True
    assert chainer.config.debug is False
    assert chainer.config.dtype == numpy.float32
    assert chainer.config.keep_graph_on_report is False
    assert chainer.config.lazy_grad_sum is False
    assert chainer.config.use_cudnn == 'auto'
    assert chainer.config.use_ideep == 'never'
    assert chainer.config.autotune is False


def test_using_config_restores_even_on_error():
    with pytest.raises(ZeroDivisionError):
        with chainer.using_config('train', False):
            assert chainer.config.train is False
            1 / 0
    assert chainer.config.train is True
    assert 'train' not in chainer.config.__dict__


def test_nested_using_config():
    with chainer.using_config('train', False):
        with chainer.using_config('train', True):
            assert chainer.config.train is True
        assert chainer.config.train is False
    assert chainer.config.train is True


def test_local_overrides_global_and_global_changes_are_seen():
    old = chainer.global_config.keep_graph_on_report
    try:
        chainer.global_config.keep_graph_on_report = True
        assert chainer.config.keep_graph_on_report is True
        chainer.config.keep_graph_on_report = False
        assert chainer.config.keep_graph_on_report is False
        assert chainer.global_config.keep_graph_on_report is True
        del chainer.config.keep_graph_on_report
        assert chainer.config.keep_graph_on_report is True
    finally:
        chainer.global_config.keep_graph_on_report = old


def test_new_global_entry_and_unknown_entry():
    chainer.global_config.my_user_key = 42
    try:
        assert chainer.config.my_user_key == 42
    finally:
        del chainer.global_config.my_user_key
    with pytest.raises(AttributeError, match='my_user_key'):
        chainer.config.my_user_key


def test_configuration_is_thread_local():
    seen = {}

    def worker():
        seen['before'] = chainer.config.train
        chainer.config.train = 'thread'
        seen['after'] = chainer.config.train

    with chainer.using_config('train', False):
        t = threading.Thread(target=worker)
        t.start()
        t.join()
        assert chainer.config.train is False
    assert seen == {'before': True, 'after': 'thread'}
    assert chainer.config.train is True


def test_separate_local_config_over_its_own_global():
    g = configuration.GlobalConfig()
    g.alpha = 1
    local = configuration.LocalConfig(g)
    assert local.alpha == 1
    with configuration.using_config('alpha', 2, local):
        assert local.alpha == 2
    assert local.alpha == 1
    with pytest.raises(AttributeError):
        local.train


def test_show():
    out = io.StringIO()
    with chainer.using_config('train', False):
        chainer.config.show(out)
    lines = out.getvalue().splitlines()
    assert any(line.split() == ['train', 'False'] for line in lines)
    names = [line.split()[0] for line in lines]
    assert names == sorted(names)
    out = io.StringIO()
    chainer.global_config.show(out)
    assert any(line.split() == ['train', 'True'] for line in out.getvalue().splitlines())


def test_show_lists_only_configuration_entries():
    # Internal bookkeeping attributes must not appear as entries.
    for config in (chainer.config, chainer.global_config):
        out = io.StringIO()
        config.show(out)
        names = [line.split()[0] for line in out.getvalue().splitlines()]
        assert '_mirrors' not in names
        assert {'train', 'enable_backprop', 'type_check', 'debug'} <= set(names)


def test_get_dtype_and_mixed16():
    assert chainer.get_dtype() == numpy.float32
    assert chainer.get_dtype(numpy.float64) == numpy.float64
    with chainer.using_config('dtype', chainer.mixed16):
        assert chainer.get_dtype() == numpy.float16
        assert chainer.get_dtype(map_mixed16=numpy.float32) == numpy.float32
    assert chainer.get_dtype('mixed16') == numpy.float16
    assert str(chainer.mixed16) == 'mixed16'


def test_debug_switches():
    assert not chainer.is_debug()
    chainer.set_debug(True)
    try:
        assert chainer.is_debug()
    finally:
        chainer.set_debug(False)
    with chainer.DebugMode(True):
        assert chainer.is_debug()
    assert not chainer.is_debug()


def test_no_backprop_and_force_backprop_modes():
    with chainer.no_backprop_mode():
        assert chainer.config.enable_backprop is False
        with chainer.force_backprop_mode():
            assert chainer.config.enable_backprop is True
    assert chainer.config.enable_backprop is True


def test_environment_variables_set_defaults(tmp_path):
    import subprocess
    import sys
    import os
    env = dict(os.environ, CHAINER_DEBUG='1', CHAINER_TYPE_CHECK='0',
               CHAINER_DTYPE='float16',
               PYTHONPATH=os.path.join(os.path.dirname(os.path.dirname(
                   os.path.abspath(__file__))), 'src'))
    out = subprocess.run(
        [sys.executable, '-c', 'import chainer; c = chainer.config; '
         'print(c.debug, c.type_check, c.dtype)'],
        env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ['True', 'False', 'float16']
