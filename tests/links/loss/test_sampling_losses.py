import numpy

import chainer
import chainer.links as L


def _log_sigmoid(v):
    return -numpy.logaddexp(0, -v)


class TestNegativeSampling:

    def test_parameters_and_sampler(self):
        link = L.NegativeSampling(3, [1, 4, 9, 0], 2, power=0.5)
        assert link.W.shape == (4, 3)
        numpy.testing.assert_array_equal(link.W.array, 0)
        samples = link.sampler.sample((20000,))
        freq = numpy.bincount(samples, minlength=4) / 20000.
        # counts ** 0.5 = 1, 2, 3, 0 -> probabilities 1/6, 2/6, 3/6, 0.
        numpy.testing.assert_allclose(freq, [1 / 6., 2 / 6., 3 / 6., 0], atol=0.02)

    def test_loss_with_returned_samples(self):
        link = L.NegativeSampling(3, [1, 2, 3, 4], 2)
        link.W.array[...] = numpy.random.uniform(-1, 1, link.W.shape)
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
        t = numpy.array([0, 3, -1, 2], numpy.int32)
        loss, samples = link(x, t, reduce='no', return_samples=True)
        assert loss.shape == (4,) and samples.shape == (4, 3)
        W = link.W.array
        for n in range(4):
            if t[n] == -1:
                assert loss.array[n] == 0
                continue
            expected = -_log_sigmoid(x[n] @ W[t[n]]) - sum(
                _log_sigmoid(-x[n] @ W[s]) for s in samples[n, 1:])
            numpy.testing.assert_allclose(loss.array[n], expected, rtol=1e-5)
        total = link(x, t)
        assert total.shape == ()

    def test_gradient_at_zero_initial_weights(self):
        link = L.NegativeSampling(3, [1, 2, 3], 2)
        link.cleargrads()
        x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
        link(x, numpy.array([0, 1], numpy.int32)).backward()
        assert link.W.grad is not None and numpy.abs(link.W.grad).sum() > 0

    def test_gradient_reaches_W(self):
        link = L.NegativeSampling(3, [1, 2, 3], 2)
        link.W.array[...] = numpy.random.uniform(-1, 1, link.W.shape)
        link.cleargrads()
        x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
        link(x, numpy.array([0, 1], numpy.int32)).backward()
        assert numpy.abs(link.W.grad).sum() > 0


class TestBlackOut:

    def test_loss_with_given_samples(self):
        link = L.BlackOut(3, [3, 2, 1, 4], 2)
        assert link.W.shape == (4, 3)
        x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
        t = numpy.array([1, 3], numpy.int32)
        link.sample_data = numpy.array([[0, 2], [1, 2]], numpy.int32)
        y1 = link(x, t)
        y2 = link(x, t)
        numpy.testing.assert_array_equal(y1.array, y2.array)
        W = link.W.array
        losses = []
        for n in range(2):
            ids = [t[n]] + list(link.sample_data[n])
            scores = numpy.array([x[n] @ W[i] for i in ids], numpy.float64)
            log_z = numpy.log(numpy.exp(scores).sum())
            p = scores - log_z
            losses.append(-(p[0] + numpy.log1p(-numpy.exp(p[1:])).sum()))
        numpy.testing.assert_allclose(y1.array, numpy.mean(losses), rtol=1e-5)

    def test_random_samples(self):
        link = L.BlackOut(3, [1, 1, 1, 1], 3)
        x = numpy.ones((2, 3), numpy.float32)
        y = link(x, numpy.array([0, 1], numpy.int32))
        assert y.shape == () and numpy.isfinite(y.array)


class TestCRF1d:

    def _score(self, cost, x, y):
        return sum(x[i, y[i]] for i in range(len(y))) + sum(
            cost[y[i - 1], y[i]] for i in range(1, len(y)))

    def _nll(self, cost, x, y):
        # Brute force over all label sequences.
        import itertools
        k = cost.shape[0]
        scores = [self._score(cost, x, seq)
                  for seq in itertools.product(range(k), repeat=len(y))]
        log_z = numpy.log(numpy.exp(scores).sum())
        return log_z - self._score(cost, x, y)

    def test_transpose_mode(self):
        link = L.CRF1d(3, initial_cost=numpy.random.uniform(-1, 1, (3, 3)).astype(
            numpy.float32))
        lengths = (2, 3, 1)
        xs = [numpy.random.uniform(-1, 1, (n, 3)).astype(numpy.float32)
              for n in lengths]
        ys = [numpy.random.randint(0, 3, n).astype(numpy.int32) for n in lengths]
        cost = link.cost.array.astype(numpy.float64)
        expected = [self._nll(cost, x.astype(numpy.float64), y)
                    for x, y in zip(xs, ys)]
        loss = link(xs, ys, reduce='no', transpose=True)
        numpy.testing.assert_allclose(loss.array, expected, rtol=1e-4)
        mean = link(xs, ys, transpose=True)
        numpy.testing.assert_allclose(mean.array, numpy.mean(expected), rtol=1e-4)
        score, path = link.argmax(xs, transpose=True)
        for b, x in enumerate(xs):
            import itertools
            best = max(itertools.product(range(3), repeat=len(x)),
                       key=lambda seq: self._score(cost, x, seq))
            numpy.testing.assert_array_equal(path[b], best)
            numpy.testing.assert_allclose(score.array[b],
                                          self._score(cost, x, best), rtol=1e-5)

    def test_time_major_mode(self):
        link = L.CRF1d(2)
        numpy.testing.assert_array_equal(link.cost.array, 0)
        xs = [numpy.array([[1., 0.], [0., 2.]], numpy.float32),
              numpy.array([[0., 3.]], numpy.float32)]
        ys = [numpy.array([0, 1], numpy.int32), numpy.array([1], numpy.int32)]
        loss = link(xs, ys, reduce='no')
        # Zero costs: each position is an independent softmax.
        lse = lambda v: numpy.log(numpy.exp(v).sum())  # NOQA
        expected = [lse([1, 0]) - 1 + lse([0, 3]) - 3, lse([0, 2]) - 2]
        numpy.testing.assert_allclose(loss.array, expected, rtol=1e-5)
        score, path = link.argmax(xs)
        numpy.testing.assert_array_equal(path[0], [0, 1])
        numpy.testing.assert_array_equal(path[1], [1])
