import unittest

import pytest

from chainer.testing import condition


def _run(case_class):
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case_class).run(result)
    return result


def _flaky_case(outcomes, decorator):
    """A TestCase whose test fails or passes by the list ``outcomes`` in turn,
    recording the calls of setUp, tearDown and the test."""
    log = []
    outcomes = list(outcomes)

    class TestFlaky(unittest.TestCase):
        def setUp(self):
            log.append('setUp')

        def tearDown(self):
            log.append('tearDown')

        @decorator
        def test_flaky(self):
            log.append('run')
            self.assertTrue(outcomes.pop(0), 'this run fails')
    return TestFlaky, log


def test_retry_passes_after_failures():
    case, log = _flaky_case([False, False, True, True], condition.retry(4))
    result = _run(case)
    assert result.wasSuccessful()
    assert log.count('run') == 3
    # The fixture is rebuilt between runs and torn down once at the end.
    assert log == ['setUp', 'run', 'tearDown', 'setUp', 'run', 'tearDown', 'setUp',
                   'run', 'tearDown']


def test_retry_fails_when_every_run_fails():
    case, log = _flaky_case([False] * 3, condition.retry(3))
    result = _run(case)
    assert len(result.failures) == 1
    message = result.failures[0][1]
    assert 'passed in 0 of 3 run(s)' in message
    assert 'this run fails' in message
    assert log.count('run') == 3


def test_repeat_needs_every_run():
    case, log = _flaky_case([True, True, False, True], condition.repeat(4))
    result = _run(case)
    assert len(result.failures) == 1
    assert log.count('run') == 3  # stops once success is impossible
    case, log = _flaky_case([True] * 4, condition.repeat(4))
    assert _run(case).wasSuccessful() and log.count('run') == 4


def test_repeat_with_success_at_least():
    case, log = _flaky_case([True, False, True, True, True],
                            condition.repeat_with_success_at_least(5, 3))
    assert _run(case).wasSuccessful()
    assert log.count('run') == 4  # stops after the third success
    case, log = _flaky_case([False, True, False, False, True],
                            condition.repeat_with_success_at_least(5, 3))
    result = _run(case)
    assert len(result.failures) == 1 and 'passed in 1 of 4' in result.failures[0][1]


def test_skip_is_not_retried():
    runs = []

    class TestSkipping(unittest.TestCase):
        @condition.retry(5)
        def test_skip(self):
            runs.append(1)
            raise unittest.SkipTest('not here')
    result = _run(TestSkipping)
    assert len(result.skipped) == 1 and runs == [1]


def test_errors_count_as_failures():
    case, log = _flaky_case([None], condition.retry(1))

    class TestError(unittest.TestCase):
        @condition.retry(2)
        def test_error(self):
            raise ValueError('boom')
    result = _run(TestError)
    assert len(result.failures) == 1 and 'ValueError: boom' in result.failures[0][1]


def test_no_success_needed_passes_after_one_run():
    case, log = _flaky_case([False, False], condition.repeat_with_success_at_least(2, 0))
    assert _run(case).wasSuccessful()
    assert log.count('run') == 1


def test_failure_message_shows_the_first_error():
    case, log = _flaky_case([False, False], condition.retry(2))
    message = _run(case).failures[0][1]
    assert 'The first error message:' in message
    assert 'AssertionError: False is not true : this run fails' in message


def test_pytest_skip_becomes_unittest_skip():
    calls = []

    def skipping(self):
        calls.append(1)
        pytest.skip('no device here')
    decorated = condition.repeat(3)(skipping)
    with pytest.raises(unittest.SkipTest, match='no device here'):
        decorated(object())
    assert calls == [1]


def test_bad_arguments():
    with pytest.raises(ValueError, match='times must be at least 1, got 0'):
        condition.retry(0)
    with pytest.raises(ValueError, match=r'min_success must be between 0 and times'):
        condition.repeat_with_success_at_least(2, 3)
    # As in Chainer, the error is also an AssertionError.
    with pytest.raises(AssertionError, match=r'between 0 and times \(2\), got -1'):
        condition.repeat_with_success_at_least(2, -1)
    with pytest.raises(TypeError, match='times must be an integer'):
        condition.repeat(1.5)


class TestPytestStyle:
    """A plain pytest class: setup_method and teardown_method are rerun."""

    calls = []

    def setup_method(self, method):
        self.calls.append('setup')

    def teardown_method(self, method):
        self.calls.append('teardown')

    @condition.retry(3)
    def test_second_run_passes(self):
        self.calls.append('run')
        assert self.calls.count('run') >= 2
        assert self.calls == ['setup', 'run', 'teardown', 'setup', 'run']
