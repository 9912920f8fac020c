import warnings

import pytest

import chainer
from chainer import utils


def _api():
    utils.experimental('mylib.api')


def _other_api():
    utils.experimental('mylib.other')


def test_warns_future_warning_naming_the_api():
    with pytest.warns(FutureWarning, match=r'^mylib\.api is experimental\. The '
                                           r'interface can change in the future\.$'):
        _api()


def test_warns_once_per_api_under_default_filters():
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter('default')
        # a fresh registry for the attributed module
        globals().pop('__warningregistry__', None)
        for _ in range(3):
            _api()
            _other_api()
    messages = [str(w.message) for w in caught]
    assert sorted(messages) == sorted([
        'mylib.api is experimental. The interface can change in the future.',
        'mylib.other is experimental. The interface can change in the future.'])
    # The warning points at the experimental API, not inside chainer.
    assert all(w.filename == __file__ for w in caught)


def test_disabled(monkeypatch):
    monkeypatch.setattr(chainer, 'disable_experimental_feature_warning', True)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        _api()


def test_api_name_must_be_a_string():
    with pytest.raises(TypeError, match='api_name must be a str'):
        utils.experimental(3)


def test_nondeterministic():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        utils.nondeterministic('F.my_function')  # off by default
    with chainer.using_config('warn_nondeterministic', True):
        with pytest.warns(UserWarning, match='non-deterministic.*Source: '
                                             'F.my_function'):
            utils.nondeterministic('F.my_function')


def test_performance_warning():
    assert issubclass(chainer.warnings.PerformanceWarning, RuntimeWarning)
    with pytest.warns(chainer.warnings.PerformanceWarning, match='slow'):
        warnings.warn('slow', chainer.warnings.PerformanceWarning)
