"""Run a test several times: ``repeat``, ``retry`` and ``repeat_with_success_at_least``.

For tests whose outcome depends on random numbers. The decorated test method (of a
``unittest.TestCase`` or a plain pytest class) or test function runs up to
``times`` times; between two runs the test's fixture is rebuilt (``tearDown`` then
``setUp``, or ``teardown_method`` then ``setup_method``), so each run starts
fresh. A run that raises ``unittest.SkipTest`` skips the whole test.
"""
import functools
import traceback
import unittest


def _reset_fixture(args, method):
    """Tear the test's fixture down and set it up again between two runs."""
    if not args:
        return
    instance = args[0]
    if isinstance(instance, unittest.TestCase):
        instance.tearDown()
        instance.setUp()
        return
    teardown = getattr(instance, 'teardown_method', None)
    setup = getattr(instance, 'setup_method', None)
    if teardown is not None:
        teardown(method)
    if setup is not None:
        setup(method)


class InvalidCountError(ValueError, AssertionError):
    """Bad ``times`` or ``min_success``. Both a ValueError and, as in Chainer,
    an AssertionError."""


def _check_counts(times, min_success):
    for name, value in (('times', times), ('min_success', min_success)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError('{} must be an integer, got {!r}'.format(name, value))
    if times < 1:
        raise InvalidCountError('times must be at least 1, got {}'.format(times))
    if not 0 <= min_success <= times:
        raise InvalidCountError(
            'min_success must be between 0 and times ({}), got {}'.format(
                times, min_success))


def _pytest_skip_exception():
    """The exception ``pytest.skip`` raises, or None without pytest."""
    from chainer.testing import _marks
    pytest = _marks.get_pytest()
    if pytest is None:
        return None
    return pytest.skip.Exception


def repeat_with_success_at_least(times, min_success):
    """Run the test up to ``times`` times; it passes if ``min_success`` runs pass.

    Runs stop as soon as ``min_success`` runs have passed, or as soon as so many
    have failed that ``min_success`` can no longer be reached. On failure the
    AssertionError gives the counts and, after ``The first error message:``,
    the first failure's traceback. A run that skips (``unittest.SkipTest``, or
    ``pytest.skip``, which is turned into ``unittest.SkipTest``) skips the test.

    Args:
        times (int): the largest number of runs.
        min_success (int): the number of passing runs needed (0 to ``times``;
            with 0 the test runs once and passes whatever happens).
    Raises:
        InvalidCountError: (a ValueError and an AssertionError) if
            ``min_success`` is not between 0 and ``times``.
    """
    _check_counts(times, min_success)
    pytest_skip = _pytest_skip_exception()

    def decorator(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            successes = 0
            failures = []
            for trial in range(times):
                if trial > 0:
                    _reset_fixture(args, f)
                try:
                    f(*args, **kwargs)
                except unittest.SkipTest:
                    raise
                except BaseException as e:
                    if pytest_skip is not None and isinstance(e, pytest_skip):
                        raise unittest.SkipTest(str(e)) from e
                    if not isinstance(e, Exception):
                        raise  # KeyboardInterrupt, SystemExit, pytest.exit
                    # AssertionError and errors alike count as failed runs.
                    failures.append((e, traceback.format_exc()))
                else:
                    successes += 1
                if successes >= min_success:
                    return
                if len(failures) > times - min_success:
                    break
            first_error, first_trace = failures[0]
            message = ('{} passed in {} of {} run(s) (needed {} of at most {}).\n\n'
                       'The first error message:\n{}'.format(
                           getattr(f, '__name__', 'test'), successes,
                           successes + len(failures), min_success, times, first_trace))
            raise AssertionError(message) from first_error
        return wrapper
    return decorator


def repeat(times):
    """Run the test ``times`` times; it passes only if every run passes."""
    return repeat_with_success_at_least(times, times)


def retry(times):
    """Run the test up to ``times`` times; it passes as soon as one run passes."""
    return repeat_with_success_at_least(times, 1)
