import numpy
import pytest

import chainer
from chainer import testing
import chainer.links as L


_backend_params = [{}]


@testing.parameterize(*testing.product({
    'dtype': [numpy.float32, numpy.float64],
    'shape': [(3, 4), (2, 6, 3)],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestGroupNormalization(testing.LinkTestCase):

    param_names = ('gamma', 'beta')

    def setUp(self):
        self.groups = 2
        self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
        if self.dtype == numpy.float32:
            self.check_forward_options = {'atol': 1e-4, 'rtol': 1e-4}

    def generate_params(self):
        c = self.shape[1]
        gamma = numpy.random.uniform(0.5, 1.5, c).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, c).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        return L.GroupNormalization(self.groups, initial_gamma=gamma,
                                    initial_beta=beta)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward_expected(self, link, inputs):
        x, = inputs
        n, c = x.shape[:2]
        y = numpy.empty(x.shape, numpy.float64)
        per = c // self.groups
        for i in range(n):
            for g in range(self.groups):
                block = x[i, g * per:(g + 1) * per].astype(numpy.float64)
                y[i, g * per:(g + 1) * per] = \
                    (block - block.mean()) / numpy.sqrt(block.var() + 1e-5)
        shape = (1, c) + (1,) * (x.ndim - 2)
        y = y * link.gamma.array.reshape(shape) + link.beta.array.reshape(shape)
        return y.astype(self.dtype),


def test_group_normalization_lazy_size_and_errors():
    link = L.GroupNormalization(3)
    assert link.gamma.array is None
    link(numpy.ones((2, 6), numpy.float32))
    assert link.gamma.shape == (6,) and link.beta.shape == (6,)
    numpy.testing.assert_array_equal(link.gamma.array, 1)
    numpy.testing.assert_array_equal(link.beta.array, 0)
    with pytest.raises(ValueError, match='must divide'):
        L.GroupNormalization(4, size=6)
    with pytest.raises(ValueError, match='groups must be a positive integer'):
        L.GroupNormalization(0)


@testing.parameterize(*testing.product({'dtype': [numpy.float32, numpy.float64]}))
@testing.inject_backend_tests(None, _backend_params)
class TestLayerNormalization(testing.LinkTestCase):

    param_names = ('gamma', 'beta')

    def setUp(self):
        self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
        if self.dtype == numpy.float32:
            self.check_forward_options = {'atol': 1e-4, 'rtol': 1e-4}

    def generate_params(self):
        gamma = numpy.random.uniform(0.5, 1.5, 5).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, 5).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        return L.LayerNormalization(5, initial_gamma=gamma, initial_beta=beta)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, (3, 5)).astype(self.dtype),

    def forward_expected(self, link, inputs):
        x, = inputs
        x = x.astype(numpy.float64)
        y = numpy.empty_like(x)
        for i in range(len(x)):
            y[i] = (x[i] - x[i].mean()) / numpy.sqrt(x[i].var() + 1e-6)
        return (y * link.gamma.array + link.beta.array).astype(self.dtype),


def test_layer_normalization_lazy():
    link = L.LayerNormalization()
    link(numpy.ones((2, 7), numpy.float32))
    assert link.gamma.shape == (7,)
    assert link.eps == 1e-6


def test_layer_normalization_lazy_with_an_empty_batch():
    link = L.LayerNormalization()
    y = link(numpy.ones((0, 3), numpy.float32))
    assert y.shape == (0, 3) and link.gamma.shape == (3,)


def test_layer_normalization_link_rejects_inputs_of_more_than_two_axes():
    from chainer.utils import type_check
    link = L.LayerNormalization()
    with pytest.raises(type_check.InvalidType, match='x.ndim == 2'):
        link(numpy.zeros((2, 4, 3), numpy.float32))


class TestBatchRenormalization:

    def test_rmax_1_dmax_0_is_batch_normalization(self):
        bn = L.BatchNormalization(3, dtype=numpy.float64)
        brn = L.BatchRenormalization(3, dtype=numpy.float64)
        brn.avg_mean[...] = bn.avg_mean[...] = [0.5, -0.5, 0]
        x = numpy.random.uniform(-1, 1, (5, 3, 2))
        numpy.testing.assert_allclose(brn(x).array, bn(x).array, rtol=1e-10)
        numpy.testing.assert_allclose(brn.avg_mean, bn.avg_mean, rtol=1e-12)
        numpy.testing.assert_allclose(brn.avg_var, bn.avg_var, rtol=1e-12)

    def test_correction_towards_running_statistics(self):
        brn = L.BatchRenormalization(2, rmax=100, dmax=100, dtype=numpy.float64,
                                     eps=0)
        brn.avg_mean[...] = [0.1, -0.2]
        brn.avg_var[...] = [0.5, 2.0]
        x = numpy.random.uniform(-1, 1, (6, 2))
        mean_before = brn.avg_mean.copy()
        var_before = brn.avg_var.copy()
        y = brn(x)
        # With wide bounds, r and d make the output the one of the running stats.
        expected = (x - mean_before) / numpy.sqrt(var_before)
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-10)
        numpy.testing.assert_allclose(
            brn.avg_mean, 0.9 * mean_before + 0.1 * x.mean(axis=0), rtol=1e-12)

    def test_testing_mode_and_finetune(self):
        brn = L.BatchRenormalization(2, rmax=2, dmax=1, dtype=numpy.float64)
        xs = [numpy.random.uniform(-1, 1, (4, 2)) for _ in range(2)]
        brn.start_finetuning()
        for x in xs:
            brn(x, finetune=True)
        assert brn.N == 2
        numpy.testing.assert_allclose(
            brn.avg_mean, numpy.mean([x.mean(axis=0) for x in xs], axis=0))
        with chainer.using_config('train', False):
            y = brn(xs[0])
        expected = (xs[0] - brn.avg_mean) / numpy.sqrt(brn.avg_var + 2e-5)
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-10)

    def test_backward_treats_corrections_as_constants(self):
        # r and d are constants for the gradient: gx is r times the one of batch
        # normalization.
        brn = L.BatchRenormalization(3, rmax=100, dmax=100, dtype=numpy.float64)
        bn = L.BatchNormalization(3, dtype=numpy.float64)
        brn.avg_var[...] = [0.5, 1.0, 2.0]
        x = numpy.random.uniform(-1, 1, (4, 3))
        gy = numpy.random.uniform(-1, 1, x.shape)
        sigma = numpy.sqrt(x.var(axis=0) + 2e-5)
        r = sigma / numpy.sqrt(brn.avg_var + 2e-5)
        xv = chainer.Variable(x)
        y = brn(xv)
        y.grad = gy
        y.backward()
        gx_renorm = xv.grad.copy()
        xv.cleargrad()
        y = bn(xv)
        y.grad = gy
        y.backward()
        numpy.testing.assert_allclose(gx_renorm, xv.grad * r, rtol=1e-6)


class TestDecorrelatedBatchNormalization:

    def test_whitening_and_running_averages(self):
        link = L.DecorrelatedBatchNormalization(4, groups=2, dtype=numpy.float64,
                                                eps=1e-8)
        assert link.avg_mean.shape == (2, 2)
        assert link.avg_projection.shape == (2, 2, 2)
        numpy.testing.assert_array_equal(link.avg_projection, [numpy.eye(2)] * 2)
        assert list(link.params()) == []
        x = numpy.random.uniform(-1, 1, (50, 4, 3))
        x[:, 2:] += 3                     # the groups have different means
        y = link(x).array
        # Each group of consecutive channels (over batch and positions) becomes
        # white on its own.
        for g in range(2):
            cols = y[:, 2 * g:2 * g + 2].transpose(1, 0, 2).reshape(2, -1)
            numpy.testing.assert_allclose(cols.mean(axis=1), 0, atol=1e-10)
            numpy.testing.assert_allclose(numpy.cov(cols, bias=True), numpy.eye(2),
                                          atol=1e-6)
            xc = x[:, 2 * g:2 * g + 2].transpose(1, 0, 2).reshape(2, -1)
            numpy.testing.assert_allclose(link.avg_mean[g], 0.1 * xc.mean(axis=1),
                                          atol=1e-12)
        assert not numpy.allclose(link.avg_projection, numpy.eye(2))

    def test_testing_mode_uses_running_averages(self):
        link = L.DecorrelatedBatchNormalization(4, groups=2, dtype=numpy.float64)
        link.avg_mean[...] = [[0.5, -0.5], [1, 2]]
        link.avg_projection[...] = [[[2, 0.5], [0, 1]], [[1, 0], [3, 1]]]
        x = numpy.random.uniform(-1, 1, (3, 4))
        with chainer.using_config('train', False):
            y = link(x).array
        xc = x.reshape(3, 2, 2)   # (batch, group, channel in group)
        expected = numpy.einsum('gij,bgj->bgi', link.avg_projection,
                                xc - link.avg_mean).reshape(3, 4)
        numpy.testing.assert_allclose(y, expected, rtol=1e-12)

    def test_loads_saved_statistics_and_shared_ones(self, tmp_path):
        saved = L.DecorrelatedBatchNormalization(4, groups=2)
        saved.avg_mean[...] = [[1, 2], [3, 4]]
        saved.avg_projection[...] = numpy.arange(8).reshape(2, 2, 2)
        saved.N = 3
        path = str(tmp_path / 'dbn.npz')
        chainer.serializers.save_npz(path, saved)
        link = L.DecorrelatedBatchNormalization(4, groups=2)
        chainer.serializers.load_npz(path, link)
        numpy.testing.assert_array_equal(link.avg_mean, saved.avg_mean)
        numpy.testing.assert_array_equal(link.avg_projection, saved.avg_projection)
        assert link.N == 3
        # one (d,) mean and (d, d) matrix shared by all groups (Chainer 6 files)
        numpy.savez(path, avg_mean=numpy.array([5., 6.]),
                    avg_projection=numpy.array([[1., 2.], [3., 4.]]), N=2)
        chainer.serializers.load_npz(path, link)
        numpy.testing.assert_array_equal(link.avg_mean, [[5, 6], [5, 6]])
        numpy.testing.assert_array_equal(link.avg_projection, [[[1, 2], [3, 4]]] * 2)
        assert link.N == 2
        numpy.savez(path, avg_mean=numpy.zeros(3), avg_projection=numpy.eye(2), N=0)
        with pytest.raises(ValueError, match=r'avg_mean .* shape \(3,\), expected '
                           r'\(2, 2\)'):
            chainer.serializers.load_npz(path, link)

    def test_finetune_and_persistents(self):
        link = L.DecorrelatedBatchNormalization(4, groups=4)
        link(numpy.random.uniform(-1, 1, (8, 4)).astype(numpy.float32), finetune=True)
        assert link.N == 1
        link.start_finetuning()
        assert link.N == 0
        store = {}

        class S(object):
            def __getitem__(self, name):
                return self

            def __call__(self, key, value):
                store[key] = value
                return value

        link.serialize(S())
        assert sorted(store) == ['N', 'avg_mean', 'avg_projection']

    def test_groups_must_divide(self):
        with pytest.raises(ValueError, match='must divide'):
            L.DecorrelatedBatchNormalization(6, groups=4)
