"""fix_random, with_requires, assert_warns, patch, generate_matrix, save_and_load,
assert_allclose and the array helpers."""
import os
import random
import unittest
import warnings

import numpy
import pytest

import chainer
import chainer.links as L
from chainer import testing
from chainer.testing import array as array_module
from chainer.testing import random as random_module


def _draw():
    return random.random(), numpy.random.uniform()


class TestFixRandom:

    def test_function_sees_the_same_numbers_each_run(self):
        draws = []

        @testing.fix_random()
        def f():
            draws.append(_draw())
        numpy.random.seed(1)
        f()
        numpy.random.seed(2)
        f()
        assert draws[0] == draws[1]

    def test_state_is_restored(self):
        @testing.fix_random()
        def f():
            numpy.random.uniform(size=10)
        numpy.random.seed(5)
        random.seed(5)
        f()
        after = _draw()
        numpy.random.seed(5)
        random.seed(5)
        assert _draw() == after

    def test_seed_from_environment(self, monkeypatch):
        monkeypatch.setenv('CHAINER_TEST_RANDOM_SEED', '7')
        assert testing.generate_seed() == 7
        seen = []

        @testing.fix_random()
        def f():
            seen.append(numpy.random.uniform())
        f()
        numpy.random.seed(7)
        assert seen == [numpy.random.uniform()]
        monkeypatch.setenv('CHAINER_TEST_RANDOM_SEED', 'x')
        with pytest.raises(ValueError, match='must be an integer'):
            testing.generate_seed()
        monkeypatch.setenv('CHAINER_TEST_RANDOM_NONDETERMINISTIC', '1')
        assert 0 <= testing.generate_seed() < 2 ** 32

    def test_unittest_class(self):
        seen = []

        @testing.fix_random()
        class TestSomething(unittest.TestCase):
            def setUp(self):
                self.x = numpy.random.uniform()

            def test_a(self):
                seen.append((self.x, numpy.random.uniform()))

            def test_b(self):
                seen.append((self.x, numpy.random.uniform()))
        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(TestSomething).run(result)
        assert result.wasSuccessful() and len(seen) == 2
        assert seen[0] == seen[1]

    def test_pytest_style_class_names(self):
        @testing.fix_random(setup_method='setup_method',
                            teardown_method='teardown_method')
        class TestThing:
            pass
        instance = TestThing()
        instance.setup_method(None)
        first = numpy.random.uniform()
        instance.teardown_method(None)
        instance.setup_method(None)
        assert numpy.random.uniform() == first
        instance.teardown_method(None)

    def test_bad_arguments(self):
        with pytest.raises(TypeError, match='setup_method must be a method name'):
            testing.fix_random(setup_method=3)
        assert random_module.generate_seed() == 0


class TestWithRequires:

    def test_satisfied_requirement_runs(self):
        ran = []

        @testing.with_requires('numpy>=1.0', 'pytest')
        def f():
            ran.append(1)
        f()
        assert ran == [1]

    @pytest.mark.parametrize('requirement', [
        'numpy<1.0', 'numpy>=999', 'no-such-package-here', 'numpy==0.1.*'])
    def test_unsatisfied_requirement_skips(self, requirement):
        @testing.with_requires(requirement)
        def f():
            raise AssertionError('should not run')
        with pytest.raises(unittest.SkipTest, match='requires: ' + requirement):
            f()
        assert any(m.name == 'skipif' for m in f.pytestmark)

    def test_version_comparisons(self):
        from chainer.testing import helper
        assert helper._matches('1.24.0', '>=', '1.24')
        assert helper._matches('2.0.0rc1', '<', '2.0')
        assert helper._matches('1.10', '>', '1.9')
        assert helper._matches('1.4.5', '~=', '1.4.2')
        assert not helper._matches('1.5.0', '~=', '1.4.2')
        assert helper._matches('3.1.2', '==', '3.1.*')
        assert helper._matches('3.1', '==', '3.1.0')
        assert helper._matches('3.1', '!=', '3.2')

    def test_invalid_requirement(self):
        with pytest.raises(ValueError, match="Invalid version specifier '=>1'"):
            testing.with_requires('numpy=>1')
        with pytest.raises(TypeError, match='requirements must be strings'):
            testing.with_requires(numpy)

    def test_without_requires(self):
        @testing.without_requires('numpy')
        def f():
            raise AssertionError('should not run')
        with pytest.raises(unittest.SkipTest, match='absence of: numpy'):
            f()

    def test_unittest_class_is_skipped(self):
        @testing.with_requires('no-such-package-here')
        class TestSkipped(unittest.TestCase):
            def test_it(self):
                raise AssertionError('should not run')
        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(TestSkipped).run(result)
        assert len(result.skipped) == 1 and not result.failures


def test_assert_warns():
    with testing.assert_warns(DeprecationWarning):
        warnings.warn('old', DeprecationWarning)
    with pytest.raises(AssertionError, match=r'DeprecationWarning not triggered '
                                             r'\(warnings issued: UserWarning\)'):
        with testing.assert_warns(DeprecationWarning):
            warnings.warn('other')


def _target(a, b=1):
    return a + b


def test_patch_wraps_target():
    # Chainer's testing.patch wraps the target (no autospec): calls reach the
    # real function, so a bad call fails there, unless return_value is set.
    with testing.patch(__name__ + '._target') as mocked:
        assert _target(1) == 2
        with pytest.raises(TypeError):
            _target(1, 2, 3)  # the real function rejects it
        mocked.return_value = 5
        assert _target(1) == 5
    assert _target(1) == 2
    with testing.patch(__name__ + '._target', new=lambda a, b=1: 0):
        assert _target(3) == 0


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64, numpy.complex128])
@pytest.mark.parametrize('shape', [(3, 3), (4, 2), (2, 5), (3, 2, 4)])
def test_generate_matrix(dtype, shape):
    k = min(shape[-2:])
    singular_values = numpy.linspace(1, 3, k)
    a = testing.generate_matrix(shape, dtype, singular_values=singular_values)
    assert a.shape == shape and a.dtype == dtype
    s = numpy.linalg.svd(a.astype(numpy.complex128), compute_uv=False)
    numpy.testing.assert_allclose(s, numpy.broadcast_to(singular_values[::-1],
                                                        s.shape), rtol=1e-5)


def test_generate_matrix_errors():
    with pytest.raises(TypeError, match='singular_values keyword argument is required'):
        testing.generate_matrix((2, 2))
    with pytest.raises(ValueError, match='non-negative'):
        testing.generate_matrix((2, 2), singular_values=[1, -1])
    with pytest.raises(ValueError, match='at least two dimensions'):
        testing.generate_matrix((2,), singular_values=[1])
    with pytest.raises(TypeError, match='float or complex'):
        testing.generate_matrix((2, 2), numpy.int32, singular_values=[1, 1])
    with pytest.raises(ValueError, match='cannot be broadcast'):
        testing.generate_matrix((2, 2), singular_values=[1, 2, 3])


@pytest.mark.parametrize('save_and_load', ['save_and_load_npz', 'save_and_load_hdf5'])
def test_save_and_load(save_and_load):
    if save_and_load.endswith('hdf5'):
        pytest.importorskip('h5py')
    src = L.Linear(3, 2)
    dst = L.Linear(3, 2)
    dst.W.array[...] = 0
    getattr(testing, save_and_load)(src, dst)
    numpy.testing.assert_array_equal(dst.W.array, src.W.array)
    numpy.testing.assert_array_equal(dst.b.array, src.b.array)


def test_save_and_load_calls_saver_then_loader(tmp_path):
    calls = []
    testing.save_and_load('src', 'dst', str(tmp_path / 'f'),
                          lambda path, obj: calls.append(('save', path, obj)),
                          lambda path, obj: calls.append(('load', path, obj)))
    path = str(tmp_path / 'f')
    assert calls == [('save', path, 'src'), ('load', path, 'dst')]


class TestAssertAllclose:

    def test_passes_within_tolerance(self):
        testing.assert_allclose(numpy.array([1.0, 2.0]), numpy.array([1.0, 2.0 + 1e-6]))
        testing.assert_allclose(chainer.Variable(numpy.ones(2)), 1.0)

    def test_report(self):
        x = numpy.array([[1.0, 2.0], [3.0, 4.0]])
        y = x.copy()
        y[1, 0] = 3.5
        with pytest.raises(AssertionError) as info:
            testing.assert_allclose(x, y, atol=1e-3, rtol=0)
        message = str(info.value)
        assert 'shape: (2, 2) (2, 2)' in message
        assert 'i: (1, 0)' in message
        assert 'absolute error[i]: 0.5' in message
        assert 'number of mismatches: 1 / 4' in message

    def test_shape_mismatch(self):
        with pytest.raises(AssertionError, match=r'shapes differ: x \(2,\) vs y \(3,\)'):
            testing.assert_allclose(numpy.zeros(2), numpy.zeros(3))

    def test_scalar_on_either_side_is_compared_with_every_element(self):
        testing.assert_allclose(0, numpy.zeros(3))
        testing.assert_allclose(numpy.ones((2, 2)), 1)
        with pytest.raises(AssertionError) as info:
            testing.assert_allclose(1, numpy.array([1.0, 3.0]), atol=0, rtol=0)
        message = str(info.value)
        assert 'number of mismatches: 1 / 2' in message
        assert 'at (1,): x=1 y=3.0' in message


@pytest.mark.parametrize('shape', [(3, 4), (5,), (2, 3, 4), (1, 1)])
def test_as_noncontiguous_array(shape):
    x = numpy.random.uniform(size=shape).astype(numpy.float32)
    y = array_module._as_noncontiguous_array(x)
    assert y.shape == x.shape and y.dtype == x.dtype
    numpy.testing.assert_array_equal(x, y)
    if x.size > 1:
        assert not y.flags.c_contiguous
    a, b = array_module._as_noncontiguous_array((x, None))
    assert b is None and not (a.flags.c_contiguous and x.size > 1)


def test_run_module_only_runs_as_main():
    testing.run_module('not_main', __file__)  # does nothing


def test_attr_module_exposed():
    assert testing.attr.slow.name == 'slow'
    assert os.path.basename(testing.helper.__file__) == 'helper.py'
