import os
import pickle
import zipfile

import numpy
import pytest

import chainer
from chainer import datasets

Image = pytest.importorskip('PIL.Image')


def _write_image(path, array):
    Image.fromarray(array).save(path)


@pytest.fixture
def images(tmp_path):
    rng = numpy.random.RandomState(0)
    rgb = rng.randint(0, 256, size=(4, 5, 3)).astype(numpy.uint8)
    gray = rng.randint(0, 256, size=(3, 2)).astype(numpy.uint8)
    _write_image(str(tmp_path / 'rgb.png'), rgb)
    _write_image(str(tmp_path / 'gray.png'), gray)
    return tmp_path, rgb, gray


class TestImageDataset:

    def test_list_of_paths(self, images):
        root, rgb, gray = images
        ds = datasets.ImageDataset(['rgb.png', 'gray.png'], root=str(root))
        assert len(ds) == 2
        a = ds[0]
        assert a.shape == (3, 4, 5) and a.dtype == numpy.float32
        numpy.testing.assert_array_equal(a, rgb.transpose(2, 0, 1))
        b = ds[1]
        assert b.shape == (1, 3, 2)
        numpy.testing.assert_array_equal(b[0], gray)

    def test_paths_file_and_dtype(self, images):
        root, rgb, _ = images
        listing = root / 'list.txt'
        listing.write_text('rgb.png\n\ngray.png\n')
        ds = datasets.ImageDataset(str(listing), root=str(root), dtype=numpy.float64)
        assert len(ds) == 2
        assert ds[0].dtype == numpy.float64

    def test_default_dtype_follows_config(self, images):
        root, _, _ = images
        with chainer.using_config('dtype', numpy.float16):
            ds = datasets.ImageDataset(['rgb.png'], root=str(root))
        assert ds[0].dtype == numpy.float16


class TestLabeledImageDataset:

    def test_pairs_file(self, images):
        root, rgb, gray = images
        pairs = root / 'pairs.txt'
        pairs.write_text('rgb.png 3\ngray.png 7\n')
        ds = datasets.LabeledImageDataset(str(pairs), root=str(root))
        image, label = ds[1]
        assert label.dtype == numpy.int32 and int(label) == 7
        numpy.testing.assert_array_equal(image[0], gray)

    def test_pairs_list_and_label_dtype(self, images):
        root, rgb, _ = images
        ds = datasets.LabeledImageDataset([('rgb.png', 2)], root=str(root),
                                          label_dtype=numpy.int64)
        image, label = ds[0]
        assert label.dtype == numpy.int64
        numpy.testing.assert_array_equal(image, rgb.transpose(2, 0, 1))

    def test_bad_line(self, images):
        root, _, _ = images
        pairs = root / 'bad.txt'
        pairs.write_text('rgb.png\n')
        with pytest.raises(ValueError, match='line 1'):
            datasets.LabeledImageDataset(str(pairs), root=str(root))


class TestZippedImageDatasets:

    def _zip(self, tmp_path, name, files):
        path = str(tmp_path / name)
        with zipfile.ZipFile(path, 'w') as archive:
            archive.writestr('dir/', b'')
            for file_name, source in files:
                archive.write(source, file_name)
        return path

    def test_zipped(self, images):
        root, rgb, gray = images
        path = self._zip(root, 'a.zip', [('dir/rgb.png', str(root / 'rgb.png')),
                                         ('gray.png', str(root / 'gray.png'))])
        ds = datasets.ZippedImageDataset(path)
        assert len(ds) == 2
        numpy.testing.assert_array_equal(ds[0], rgb.transpose(2, 0, 1))
        numpy.testing.assert_array_equal(ds.get_example('gray.png')[0], gray)
        # It survives pickling (as needed by worker processes).
        clone = pickle.loads(pickle.dumps(ds))
        numpy.testing.assert_array_equal(clone[1][0], gray)

    def test_multi_zipped(self, images):
        root, rgb, gray = images
        a = self._zip(root, 'a.zip', [('rgb.png', str(root / 'rgb.png'))])
        b = self._zip(root, 'b.zip', [('gray.png', str(root / 'gray.png')),
                                      ('rgb.png', str(root / 'rgb.png'))])
        ds = datasets.MultiZippedImageDataset([a, b])
        assert len(ds) == 3
        numpy.testing.assert_array_equal(ds[1][0], gray)
        numpy.testing.assert_array_equal(ds[2], rgb.transpose(2, 0, 1))

    def test_labeled_zipped(self, images):
        root, rgb, gray = images
        path = self._zip(root, 'a.zip', [('rgb.png', str(root / 'rgb.png')),
                                         ('gray.png', str(root / 'gray.png'))])
        labels = root / 'labels.txt'
        labels.write_text('gray.png 4\nrgb.png 1\n')
        ds = datasets.LabeledZippedImageDataset(path, str(labels))
        image, label = ds[0]
        numpy.testing.assert_array_equal(image[0], gray)
        assert int(label) == 4 and label.dtype == numpy.int32


class TestTextDataset:

    def test_single_file(self, tmp_path):
        path = tmp_path / 'a.txt'
        path.write_text('first\nsecond\nthird\n')
        ds = datasets.TextDataset(str(path))
        assert len(ds) == 3
        assert ds[1] == 'second\n'
        assert ds[-1] == 'third\n'
        assert ds[0] == 'first\n'
        ds.close()

    def test_several_files_and_filter(self, tmp_path):
        a = tmp_path / 'a.txt'
        b = tmp_path / 'b.txt'
        a.write_text('x1\nx2\nx3\n')
        b.write_text('y1\n\ny3\n')
        ds = datasets.TextDataset([str(a), str(b)],
                                  filter_func=lambda s, t: t.strip() != '')
        assert len(ds) == 2
        assert ds[1] == ('x3\n', 'y3\n')

    def test_encoding(self, tmp_path):
        path = tmp_path / 'e.txt'
        path.write_bytes('caf\u00e9\n'.encode('latin-1'))
        ds = datasets.TextDataset(str(path), encoding='latin-1')
        assert ds[0] == 'caf\u00e9\n'

    def test_line_count_mismatch(self, tmp_path):
        a = tmp_path / 'a.txt'
        b = tmp_path / 'b.txt'
        a.write_text('1\n2\n')
        b.write_text('1\n')
        with pytest.raises(ValueError, match='different numbers of lines'):
            datasets.TextDataset([str(a), str(b)])

    def test_pickle(self, tmp_path):
        path = tmp_path / 'a.txt'
        path.write_text('a\nb\n')
        ds = pickle.loads(pickle.dumps(datasets.TextDataset(str(path))))
        assert ds[1] == 'b\n'

    def test_a_list_of_one_path_gives_strings(self, tmp_path):
        path = tmp_path / 'a.txt'
        path.write_text('a\nb\n')
        ds = datasets.TextDataset([str(path)])
        assert ds[1] == 'b\n'

    def test_close(self, tmp_path):
        path = tmp_path / 'a.txt'
        path.write_text('a\nb\n')
        ds = datasets.TextDataset([str(path), str(path)])
        assert all(not fp.closed for fp in ds._fps)   # open from the start
        assert ds[0] == ('a\n', 'a\n')
        ds.close()
        assert all(fp.closed for fp in ds._fps)
        with pytest.raises(ValueError, match='closed'):
            ds[0]

    def test_close_closes_every_file_before_raising(self, tmp_path):
        path = tmp_path / 'a.txt'
        path.write_text('a\n')
        ds = datasets.TextDataset([str(path)] * 3)

        class Broken(object):
            def close(self):
                raise OSError('cannot close')
        first, _, last = ds._fps
        ds._fps[1] = Broken()
        with pytest.raises(OSError, match='cannot close'):
            ds.close()
        assert first.closed and last.closed

    @pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs fork')
    def test_forked_child_reads_its_own_files(self, tmp_path):
        import multiprocessing
        path = tmp_path / 'a.txt'
        path.write_text('a\nb\nc\n')
        ds = datasets.TextDataset(str(path))
        assert ds[2] == 'c\n'
        queue = multiprocessing.get_context('fork').Queue()

        def child():
            queue.put([ds[i] for i in (1, 0, 2)])
        process = multiprocessing.get_context('fork').Process(target=child)
        process.start()
        assert queue.get(timeout=30) == ['b\n', 'a\n', 'c\n']
        process.join()
        assert ds[1] == 'b\n'


class TestPickleDataset:

    def test_write_and_read(self, tmp_path):
        path = str(tmp_path / 'data.pkl')
        examples = [(numpy.arange(i), {'label': i}) for i in range(5)]
        with datasets.open_pickle_dataset_writer(path) as writer:
            for example in examples:
                writer.write(example)
            writer.flush()
        with datasets.open_pickle_dataset(path) as ds:
            assert len(ds) == 5
            for i in (3, 0, 4):
                numpy.testing.assert_array_equal(ds[i][0], examples[i][0])
                assert ds[i][1] == {'label': i}
            clone = pickle.loads(pickle.dumps(ds))
            assert clone[2][1] == {'label': 2}

    @pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs fork')
    def test_reader_after_fork_is_called_in_a_forked_child(self, tmp_path):
        import io
        import multiprocessing
        context = multiprocessing.get_context('fork')
        calls = context.Value('i', 0)

        class Reader(io.BytesIO):
            def after_fork(self):
                calls.value += 1
        reader = Reader()
        datasets.PickleDatasetWriter(reader).write('x')
        ds = datasets.PickleDataset(reader)
        process = context.Process()
        process.start()
        process.join()
        assert calls.value == 1 and process.exitcode == 0
        assert ds[0] == 'x'

    def test_file_reader_reopens_after_fork_and_unpickling(self, tmp_path):
        from chainer.datasets import pickle_dataset
        path = str(tmp_path / 'data.pkl')
        with datasets.open_pickle_dataset_writer(path) as writer:
            writer.write('a')
            writer.write('b')
        reader = pickle_dataset._FileReader(path)
        old_file = reader._file
        reader.after_fork()
        assert old_file.closed and not reader._file.closed
        clone = pickle.loads(pickle.dumps(reader))
        assert not clone._file.closed and clone._file is not reader._file
        assert pickle.load(clone) == 'a'
        reader.close()
        clone.close()

    def test_from_file_objects(self, tmp_path):
        path = str(tmp_path / 'data.pkl')
        with open(path, 'wb') as f:
            writer = datasets.PickleDatasetWriter(f, protocol=2)
            writer.write('a')
            writer.write('b')
        with open(path, 'rb') as f:
            ds = datasets.PickleDataset(f)
            assert [ds[1], ds[0]] == ['b', 'a']
        assert os.path.exists(path)


def test_labeled_datasets_name_a_bad_pair_or_label_file(tmp_path):
    with pytest.raises(ValueError, match=r"item 1 is \('b.png',\)"):
        datasets.LabeledImageDataset([('a.png', 0), ('b.png',)], root=str(tmp_path))
    path = str(tmp_path / 'empty.zip')
    with zipfile.ZipFile(path, 'w'):
        pass
    with pytest.raises(TypeError, match='labelfilename must be the path.*got list'):
        datasets.LabeledZippedImageDataset(path, [('a.png', 0)])


def test_image_dataset_tells_whether_pillow_is_there():
    from chainer.datasets import image_dataset
    try:
        import PIL  # NOQA
        installed = True
    except ImportError:
        installed = False
    assert image_dataset.available is installed
