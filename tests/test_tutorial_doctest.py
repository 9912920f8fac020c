"""The seed tutorial (docs/tutorial/variables_and_derivatives.rst) runs as a doctest."""
import doctest
import os


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(path, globs=None):
    result = doctest.testfile(path, module_relative=False, globs=globs or {},
                              optionflags=doctest.ELLIPSIS, verbose=False,
                              report=True)
    return result


def test_variables_and_derivatives_tutorial():
    path = os.path.join(ROOT, 'docs', 'tutorial', 'variables_and_derivatives.rst')
    result = _run(path)
    assert result.attempted >= 20
    assert result.failed == 0


def test_tutorial_text_is_the_seed_verbatim():
    # Every example line of the seed appears unchanged in the documentation page.
    path = os.path.join(ROOT, 'docs', 'tutorial', 'variables_and_derivatives.rst')
    with open(path, encoding='utf-8') as f:
        page = f.read()
    for line in ('>>> x_data = np.array([5], dtype=np.float32)',
                 '>>> y = x**2 - 2 * x + 1',
                 '>>> y.backward(retain_grad=True)',
                 '>>> y.grad = np.ones((2, 3), dtype=np.float32)',
                 'array([[ 0.,  2.,  4.],\n       [ 6.,  8., 10.]], dtype=float32)'):
        assert line in page


def test_readme_example():
    path = os.path.join(ROOT, 'README.md')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    block = text.split('```python', 1)[1].split('```', 1)[0]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, 'README', path, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0
    assert runner.tries >= 5
