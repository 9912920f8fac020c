"""Test helpers: ``with_requires``, ``without_requires``, ``assert_warns``, ``patch``."""
import contextlib
import importlib.metadata
import pkgutil
import re
import unittest
from unittest import mock
import warnings

from chainer.testing import _marks

_REQUIREMENT = re.compile(
    r'^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*$')
_SPECIFIER = re.compile(r'^(~=|===|==|!=|<=|>=|<|>)\s*([^\s,]+)$')


def _version_key(version):
    """A sortable key of a version string: numeric release parts, then a flag
    that puts pre-releases (a, b, rc, dev) before the release itself."""
    match = re.match(r'^\s*v?(\d+(?:\.\d+)*)(.*)$', version)
    if match is None:
        return ((), 0, version)
    release = [int(p) for p in match.group(1).split('.')]
    while release and release[-1] == 0:
        release.pop()
    rest = match.group(2).lower()
    if rest.startswith(('a', 'b', 'rc', 'c', '.dev', 'dev', '-dev')):
        pre = -1
    elif rest.startswith(('.post', 'post', '-')):
        pre = 1
    else:
        pre = 0
    return (tuple(release), pre, rest)


def _matches(installed, op, wanted):
    if wanted.endswith('.*') and op in ('==', '!='):
        prefix = wanted[:-2].split('.')
        parts = installed.split('.')[:len(prefix)]
        equal = parts == prefix
        return equal if op == '==' else not equal
    a = _version_key(installed)
    b = _version_key(wanted)
    if op in ('==', '==='):
        return a[:2] == b[:2] if op == '==' else installed == wanted
    if op == '!=':
        return a[:2] != b[:2]
    if op == '<':
        return a < b
    if op == '<=':
        return a <= b
    if op == '>':
        return a > b
    if op == '>=':
        return a >= b
    if op == '~=':
        release = b[0]
        upper = list(release[:-1]) if len(release) > 1 else list(release)
        if len(release) > 1:
            upper[-1] += 1
        else:
            upper = [release[0] + 1]
        return a >= b and a[0] < tuple(upper)
    raise ValueError('unknown version operator {!r}'.format(op))


def _parse_requirement(requirement):
    match = _REQUIREMENT.match(requirement)
    if match is None:
        raise ValueError('Invalid requirement {!r}: expected a package name '
                         'optionally followed by version specifiers such as '
                         '"numpy>=1.24,<3"'.format(requirement))
    name, _, spec = match.groups()
    specifiers = []
    if spec:
        for part in spec.split(','):
            m = _SPECIFIER.match(part.strip())
            if m is None:
                raise ValueError('Invalid version specifier {!r} in requirement {!r}'
                                 .format(part.strip(), requirement))
            specifiers.append((m.group(1), m.group(2)))
    return name, specifiers


def _is_satisfied(requirement):
    name, specifiers = _parse_requirement(requirement)
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return all(_matches(installed, op, wanted) for op, wanted in specifiers)


def _requirements_met(requirements):
    for r in requirements:
        if not isinstance(r, str):
            raise TypeError('requirements must be strings such as "scipy>=1.10", got '
                            '{!r}'.format(r))
    return all(_is_satisfied(r) for r in requirements)


def with_requires(*requirements):
    """Decorator: run a test only if the given packages are installed.

    Args:
        requirements (str): requirement strings in pip's form, such as
            ``'scipy'`` or ``'numpy>=1.24,<3'``.

    The decorated test function or class is skipped, with a reason naming the
    requirements, when any of them is not satisfied.
    """
    met = _requirements_met(requirements)
    reason = 'requires: {}'.format(', '.join(requirements))
    return _marks.skip_decorator(not met, reason)


def without_requires(*requirements):
    """Decorator: run a test only if the given requirements are *not* all satisfied.

    The opposite of :func:`with_requires`, for tests of what happens when an
    optional package is missing.
    """
    met = _requirements_met(requirements)
    reason = 'requires the absence of: {}'.format(', '.join(requirements))
    return _marks.skip_decorator(met, reason)


@contextlib.contextmanager
def assert_warns(expected):
    """Context manager asserting that a warning of class ``expected`` is issued.

    Example::

        with testing.assert_warns(DeprecationWarning):
            old_api()
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        yield caught
    if any(issubclass(w.category, expected) for w in caught):
        return
    name = getattr(expected, '__name__', repr(expected))
    seen = ', '.join(sorted({w.category.__name__ for w in caught})) or 'none'
    raise AssertionError('{} not triggered (warnings issued: {})'.format(name, seen))


def patch(target, *args, **kwargs):
    """:func:`unittest.mock.patch` whose mock wraps the patched object.

    Unless ``wraps`` (or a replacement object ``new``) is given, the mock is
    created with ``wraps=`` the object named by ``target``: calls are
    recorded on the mock and still reach the real object (so the code under
    test keeps working), unless the test sets ``return_value`` or
    ``side_effect`` on the mock. Unbound methods are not supported as the
    wrapped object.

    Args:
        target (str): full dotted name of the object to patch.
        wraps: object the mock wraps; by default the target itself.
        *args, **kwargs: passed to :func:`unittest.mock.patch`.
    """
    if not args and 'new' not in kwargs and 'wraps' not in kwargs:
        kwargs['wraps'] = pkgutil.resolve_name(target)
    return mock.patch(target, *args, **kwargs)


# Re-exported for tests that skip conditionally.
SkipTest = unittest.SkipTest
