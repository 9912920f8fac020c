import copy
import pickle
import re
import warnings

import numpy
import pytest

import chainer
from chainer import initializers
import chainer.links as L
from chainer import serializers


class Simple(chainer.Link):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
            self.u = chainer.Parameter(initializers.Constant(2.0))   # uninitialized
        self.add_persistent('count', 0)
        self.add_persistent('stat', numpy.ones(3, dtype=numpy.float32))

    def forward(self, x):
        return x * 2


class Tree(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.b = Simple()
            self.a = L.Linear(3, 2)
            self.p = chainer.Parameter(numpy.zeros(1, numpy.float32))


def test_init_scope_registers_parameters_and_names_them():
    link = Simple()
    assert link._params == {'W', 'u'}
    assert link.W.name == 'W'
    assert link.within_init_scope is False
    with link.init_scope():
        assert link.within_init_scope
    # outside init_scope a Parameter is a plain attribute
    link.extra = chainer.Parameter(numpy.zeros(2, numpy.float32))
    assert 'extra' not in link._params


def test_add_param_shape_dtype_initializer():
    link = chainer.Link()
    link.add_param('w', (2, 3))
    assert link.w.shape == (2, 3) and link.w.dtype == numpy.float32
    assert numpy.isnan(link.w.array).all()
    link.add_param('v', 4, dtype=numpy.float64, initializer=initializers.One())
    numpy.testing.assert_array_equal(link.v.array, numpy.ones(4))
    link.add_param('lazy')
    assert link.lazy.array is None
    with pytest.raises(AttributeError, match='attribute exists'):
        link.add_param('w', (1,))


def test_old_style_link_params():
    link = chainer.Link(x=(2, 3), y=((4,), numpy.float64))
    assert link.x.shape == (2, 3)
    assert link.y.dtype == numpy.float64


def test_persistent():
    link = Simple()
    assert link._persistent == {'count', 'stat'}
    with pytest.raises(AttributeError, match='attribute exists'):
        link.add_persistent('count', 1)
    link.other = 5
    link.register_persistent('other')
    assert 'other' in link._persistent
    with pytest.raises(AttributeError, match='non-existent'):
        link.register_persistent('nothing')
    del link.other
    assert 'other' not in link._persistent


def test_namedparams_and_include_uninit():
    tree = Tree()
    names = [n for n, _ in tree.namedparams()]
    assert names == ['/p', '/a/W', '/a/b', '/b/W', '/b/u']
    names = [n for n, _ in tree.namedparams(include_uninit=False)]
    assert '/b/u' not in names
    assert [p for p in tree.params()] == [p for _, p in tree.namedparams()]


def test_links_namedlinks_children():
    tree = Tree()
    assert [n for n, _ in tree.namedlinks()] == ['/', '/a', '/b']
    assert [n for n, _ in tree.namedlinks(skipself=True)] == ['/a', '/b']
    assert list(tree.links()) == [tree, tree.a, tree.b]
    assert list(tree.children()) == [tree.a, tree.b]
    assert tree['a'] is tree.a
    assert tree.a.name == 'a'
    assert list(Simple().children()) == []


def test_chain_add_link_and_errors():
    chain = chainer.Chain()
    chain.add_link('x', L.Linear(2, 2))
    assert list(chain.children()) == [chain.x]
    with pytest.raises(AttributeError, match='attribute exists'):
        chain.add_link('x', L.Linear(2, 2))
    with pytest.raises(TypeError, match='chainer.Link'):
        chain.add_link('y', object())
    del chain.x
    assert list(chain.children()) == []
    old = chainer.Chain(l1=L.Linear(2, 3))
    assert old.l1.name == 'l1'


def test_chainlist_list_operations():
    a, b, c = L.Linear(2, 2), L.Linear(2, 2), L.Linear(2, 2)
    cl = chainer.ChainList(a, b)
    assert len(cl) == 2 and cl[0] is a and list(cl) == [a, b]
    cl.insert(0, c)
    assert [x.name for x in cl] == ['0', '1', '2'] and cl[0] is c
    del cl[0]
    assert list(cl) == [a, b] and a.name == '0'
    cl.append(c)
    assert [n for n, _ in cl.namedparams()] == ['/0/W', '/0/b', '/1/W', '/1/b',
                                                '/2/W', '/2/b']
    assert [n for n, _ in cl.namedlinks()] == ['/', '/0', '/1', '/2']
    with pytest.raises(TypeError):
        with cl.init_scope():
            cl.x = L.Linear(1, 1)
    with pytest.raises(TypeError, match='chainer.Link'):
        cl.append(3)


def test_copy_share_copy_init():
    numpy.random.seed(1)
    tree = Tree()
    tree.b.W.grad = numpy.ones((2, 3), numpy.float32)
    shared = tree.copy('share')
    assert shared.b.W is not tree.b.W
    assert shared.b.W.array is tree.b.W.array
    assert shared.b.W.grad is None
    assert shared.name is None and shared.b.name == 'b'
    deep = tree.copy('copy')
    assert deep.a.W.array is not tree.a.W.array
    numpy.testing.assert_array_equal(deep.a.W.array, tree.a.W.array)
    init = tree.copy('init')
    assert not numpy.array_equal(init.a.W.array, tree.a.W.array)  # new draw
    assert init.a.W.shape == tree.a.W.shape
    numpy.testing.assert_array_equal(init.b.W.array, tree.b.W.array)  # Constant init
    with pytest.raises(ValueError, match='mode'):
        tree.copy('bad')
    cl = chainer.ChainList(L.Linear(2, 2))
    cl2 = cl.copy()
    assert cl2[0] is not cl[0] and cl2[0].W.array is cl[0].W.array
    # an uninitialized parameter's shared copy has no gradient either, and
    # gets none when it is initialized
    lazy = L.Linear(None, 2)
    lazy_copy = lazy.copy('share')
    assert lazy_copy.W.array is None and lazy_copy.W.grad is None
    lazy_copy.W.initialize((2, 3))
    assert lazy_copy.W.grad is None and lazy.W.array is lazy_copy.W.array


def test_copyparams_addgrads_cleargrads_zerograds():
    src, dst = Tree(), Tree()
    src.b.count = 7
    src.b.stat[...] = 5
    dst.copyparams(src)
    numpy.testing.assert_array_equal(dst.a.W.array, src.a.W.array)
    assert dst.a.W.array is not src.a.W.array
    assert dst.b.count == 7
    numpy.testing.assert_array_equal(dst.b.stat, 5)
    dst2 = Tree()
    dst2.copyparams(src, copy_persistent=False)
    assert dst2.b.count == 0

    for p in src.params(include_uninit=False):
        p.grad = numpy.full(p.shape, 2, p.dtype)
    for p in dst.params(include_uninit=False):
        p.grad = numpy.full(p.shape, 3, p.dtype)
    dst.addgrads(src)
    for p in dst.params(include_uninit=False):
        numpy.testing.assert_array_equal(p.grad, 5)
    dst.cleargrads()
    assert all(p.grad is None for p in dst.params())
    with pytest.warns(DeprecationWarning):
        dst.zerograds()
    for p in dst.params(include_uninit=False):
        numpy.testing.assert_array_equal(p.grad, 0)


def test_count_params_warns_for_uninitialized():
    tree = Tree()
    with pytest.warns(UserWarning, match='/b/u'):
        n = tree.count_params()
    assert n == 1 + 6 + 2 + 6


def test_device_to_cpu_and_to_device():
    import warnings
    tree = Tree()
    # to_cpu/to_gpu/to_intel64 are deprecated in favour of to_device
    with pytest.warns(DeprecationWarning, match=r"to_cpu\(\) is deprecated; use "
                      r"to_device\('@numpy'\)"):
        assert tree.to_cpu() is tree
    with pytest.warns(DeprecationWarning, match='to_intel64'):
        chainer.Link().to_intel64()
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        tree.to_device('@numpy')   # no warning


    with pytest.warns(DeprecationWarning):
        assert tree.to_cpu() is tree
    assert tree.device == chainer.get_device('@numpy')
    assert tree.xp is numpy
    assert tree.to_device('@numpy') is tree
    assert tree.b.device == chainer.get_device('@numpy')
    assert isinstance(tree.b.stat, numpy.ndarray)
    assert tree.from_chx() is tree
    with pytest.raises(RuntimeError, match='ChainerX'):
        tree.to_chx()
    if not chainer.backends.cuda.available:
        with pytest.raises(RuntimeError, match='CUDA|CuPy|cupy'), \
                pytest.warns(DeprecationWarning, match='to_gpu'):
            tree.to_gpu()


def test_update_enabled_with_optimizer():
    tree = Tree()
    assert tree.update_enabled is False  # no update rules yet
    opt = chainer.optimizers.SGD(lr=1.0)
    opt.setup(tree)
    assert tree.update_enabled
    tree.a.disable_update()
    assert tree.a.update_enabled is False and tree.update_enabled
    before = tree.a.W.array.copy()
    for p in tree.params(include_uninit=False):
        p.grad = numpy.ones(p.shape, p.dtype)
    opt.update()
    numpy.testing.assert_array_equal(tree.a.W.array, before)
    numpy.testing.assert_array_equal(tree.p.array, [-1.0])
    tree.enable_update()
    assert tree.a.update_enabled


class Recorder(chainer.LinkHook):
    name = 'Recorder'

    def __init__(self):
        self.events = []

    def added(self, link):
        self.events.append(('added', link))

    def deleted(self, link):
        self.events.append(('deleted', link))

    def forward_preprocess(self, args):
        self.events.append(('pre', args.link, args.forward_name, args.args))

    def forward_postprocess(self, args):
        self.events.append(('post', args.link, args.out))


def test_local_and_global_link_hooks():
    link = Simple()
    hook = Recorder()
    assert link.add_hook(hook) is link
    assert link.local_link_hooks['Recorder'] is hook
    out = link(3)
    assert out == 6
    assert hook.events == [('added', link), ('pre', link, 'forward', (3,)),
                           ('post', link, 6)]
    with pytest.raises(KeyError):
        link.add_hook(hook)
    link.delete_hook('Recorder')
    assert hook.events[-1] == ('deleted', link)
    with pytest.raises(KeyError):
        link.delete_hook('Recorder')
    with pytest.raises(TypeError, match='LinkHook'):
        link.add_hook(object())

    global_hook = Recorder()
    with global_hook:
        Simple()(1)
    kinds = [e[0] for e in global_hook.events]
    assert kinds == ['added', 'pre', 'post', 'deleted']
    assert chainer.link_hook._get_link_hooks() == {}


def test_call_without_forward():
    with pytest.raises(AttributeError, match='forward'):
        chainer.Link()()


def test_str_and_repr():
    # str() gives the printable tree; repr() stays Python's default (as in
    # Chainer, where test names show '<...Linear object at 0x...>').
    tree = Tree()
    assert re.fullmatch(r'<\S+\.Tree object at 0x[0-9a-f]+>', repr(tree))
    assert re.fullmatch(r'<chainer\.links\.connection\.linear\.Linear object at '
                        r'0x[0-9a-f]+>', repr(L.Linear(2, 3)))
    text = str(tree)
    assert text.startswith('Tree(\n')
    assert '  (a): Linear(in_size=3, out_size=2, nobias=False),\n' in text
    assert '  (b): Simple(),\n' in text
    cl = chainer.ChainList(L.Linear(2, 3, nobias=True))
    assert str(cl) == 'ChainList(\n  (0): Linear(in_size=2, out_size=3, nobias=True),\n)'
    # repr() is Python's default, as in Chainer (parameterized test names
    # holding links show '<chainer.links.connection.linear.Linear object at ...>')
    for link in (tree, cl, cl[0]):
        assert repr(link) == object.__repr__(link)
        assert repr(link).startswith('<{}.{} object at 0x'.format(
            type(link).__module__, type(link).__qualname__))


def test_repeat():
    lin = L.Linear(2, 2)
    seq = lin.repeat(3)
    assert isinstance(seq, chainer.Sequential) and len(seq) == 3
    assert all(s is not lin for s in seq)
    shared = lin.repeat(2, mode='share')
    assert shared[0].W.array is lin.W.array
    assert len(lin.repeat(0)) == 0
    with pytest.raises(ValueError, match='mode'):
        lin.repeat(2, mode='deep')


def test_serialize_keys_and_values():
    tree = Tree()
    s = serializers.DictionarySerializer()
    tree.serialize(s)
    assert sorted(s.target) == ['a/W', 'a/b', 'b/W', 'b/count', 'b/stat', 'b/u', 'p']
    assert s.target['b/u'].dtype == object and s.target['b/u'][()] is None
    numpy.testing.assert_array_equal(s.target['a/W'], tree.a.W.array)


def test_lazy_parameter_takes_shape_at_first_call():
    lin = L.Linear(None, 4)
    assert lin.W.array is None
    y = lin(numpy.ones((2, 3, 2), numpy.float32))
    assert lin.W.shape == (4, 6) and y.shape == (2, 4)
    assert lin.in_size == 6


def test_deepcopy_and_pickle_keep_structure():
    tree = Tree()
    clone = pickle.loads(pickle.dumps(tree))
    assert [n for n, _ in clone.namedparams()] == [n for n, _ in tree.namedparams()]
    numpy.testing.assert_array_equal(clone.a.W.array, tree.a.W.array)
    dc = copy.deepcopy(tree)
    assert dc.a.W.array is not tree.a.W.array


def test_from_params_base_raises():
    with pytest.raises(NotImplementedError):
        chainer.Link.from_params()


def test_no_warning_for_initialized_count():
    lin = L.Linear(3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert lin.count_params() == 8


# -- copies share the array slot, as Chainer's shallow copies do ------------------

def test_share_copy_follows_later_assignments_of_the_array():
    tree = Tree()
    shared = tree.copy()   # 'share' is the default
    # Initializing the original's lazy parameter initializes the copy's too.
    tree.b.u.initialize((2,))
    assert shared.b.u.array is tree.b.u.array
    numpy.testing.assert_array_equal(shared.b.u.array, [2.0, 2.0])
    # ... and the other way round; a new array assigned to either is seen by both.
    new = numpy.full((2, 3), 7.0, numpy.float32)
    shared.b.W.array = new
    assert tree.b.W.array is new
    tree.a.W.data = numpy.zeros((2, 3), numpy.float32)
    assert shared.a.W.array is tree.a.W.array
    # Gradients are not shared: the copy's are None, also for parameters that
    # were uninitialized when it was made.
    assert shared.b.W.grad is None and shared.b.u.grad is None
    tree.a.W.grad = numpy.ones((2, 3), numpy.float32)
    assert shared.a.W.grad is None
    # A deep copy shares nothing.
    deep = tree.copy('copy')
    deep.a.W.array = numpy.ones((2, 3), numpy.float32)
    assert tree.a.W.array is not deep.a.W.array
    assert float(tree.a.W.array.sum()) == 0


def test_share_copy_of_uninitialized_parameter_is_initialized_with_the_original():
    lin = L.Linear(None, 3)
    shared = lin.copy()
    lin(numpy.ones((2, 4), numpy.float32))
    assert shared.W.array is lin.W.array and shared.W.shape == (3, 4)
    assert shared.W.grad is None


def test_copy_modes_names_and_gradients():
    link = Simple()
    link.name = 'a'
    link.W.grad = numpy.ones((2, 3), numpy.float32)
    assert link.copy('share').name is None
    copied = link.copy('copy')
    assert copied.name == 'a'
    numpy.testing.assert_array_equal(copied.W.grad, link.W.grad)  # copied as is
    assert copied.W.grad is not link.W.grad
    init = link.copy('init')
    assert init.name == 'a'
    assert numpy.isnan(init.W.grad).all()   # a fresh NaN gradient
    assert init.u.array is None   # uninitialized stays uninitialized
    with pytest.raises(RuntimeError, match='uninitialized parameter "u"'):
        init.u.grad


def test_shallow_copy_of_a_parameter_shares_the_array_slot():
    p = chainer.Parameter(numpy.zeros(2, numpy.float32))
    q = copy.copy(p)
    p.array = numpy.ones(2, numpy.float32)
    assert q.array is p.array
    r = copy.deepcopy(p)
    p.array = numpy.zeros(3, numpy.float32)
    assert r.array.shape == (2,) and q.array.shape == (3,)


def test_uninitialized_parameter_has_no_gradient_to_read():
    p = chainer.Parameter()
    with pytest.raises(RuntimeError, match='uninitialized parameter'):
        p.grad
    with pytest.raises(RuntimeError, match='uninitialized parameter'):
        p.grad_var
    p.cleargrad()
    assert p.grad is None and p.grad_var is None
    p.initialize((2,))
    assert p.grad is None   # cleared before initialization
    q = chainer.Parameter(shape=None)
    q.initialize((3,))
    assert numpy.isnan(q.grad).all()
    # An optimizer skips uninitialized parameters, and its per-parameter hooks too.
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter()
        link.v = chainer.Parameter(numpy.ones(2, numpy.float32))
    link.v.grad = numpy.ones(2, numpy.float32)
    opt = chainer.optimizers.SGD(lr=0.5)
    opt.setup(link)
    opt.add_hook(chainer.optimizer_hooks.WeightDecay(0.5))
    opt.update()
    numpy.testing.assert_allclose(link.v.array, 1 - 0.5 * (1 + 0.5))
    assert link.w.array is None


def test_addgrads_initializes_an_uninitialized_parameter():
    src = chainer.Link()
    dst = chainer.Link()
    for link in (src, dst):
        with link.init_scope():
            link.u = chainer.Parameter(initializers.NaN('d'))
            link.v = chainer.Parameter()
    src.u.initialize((2, 3))
    src.u.grad = numpy.full((2, 3), 3.0)
    src.v.cleargrad()
    dst.addgrads(src)
    assert dst.u.shape == (2, 3) and dst.u.dtype == numpy.float64
    numpy.testing.assert_array_equal(dst.u.grad, src.u.grad)
    assert dst.u.grad is not src.u.grad
    assert dst.v.array is None   # nothing to add: still uninitialized


def test_chainlist_slice_assignment_renames_children():
    links = [chainer.Link() for _ in range(6)]
    cl = chainer.ChainList(*links[:3])
    cl[3:0:-1] = [links[3], links[4]]   # extended slice: positions 2 and 1
    assert list(cl) == [links[0], links[4], links[3]]
    assert [child.name for child in cl] == ['0', '1', '2']
    cl[1:3] = [links[5]]
    assert list(cl) == [links[0], links[5]] and links[5].name == '1'
    cl[1:] = [links[1], links[2], links[3]]
    assert len(cl) == 4 and links[3].name == '3'
    with pytest.raises(TypeError, match='must be chainer.Link'):
        cl[0:1] = [1]
    with pytest.raises(ValueError):
        cl[::2] = [links[0]]   # extended slice of another length, as for a list


def test_link_whose_init_was_not_called():
    class NoInit(chainer.Link):
        def __init__(self):
            pass

        def forward(self, x):
            return x

    with pytest.raises(RuntimeError, match=r'^Link\.__init__\(\) has not been called\.$'):
        NoInit()(1)

    class InitScope(chainer.Link):
        def __init__(self):
            with self.init_scope():
                pass
    with pytest.raises(RuntimeError, match='Link.__init__'):
        InitScope()

    class AddParam(chainer.Link):
        def __init__(self):
            self.add_param('p', (2,))
    with pytest.raises(RuntimeError, match='Link.__init__'):
        AddParam()


def test_call_of_a_mixin_stands_for_forward():
    class Mixin(object):
        def __call__(self, x, scale=1):
            return ('mixin', x * scale)

    class Mixed(chainer.Link, Mixin):
        pass
    assert Mixed()(2, scale=3) == ('mixin', 6)


# -- device moves: to_cpu and friends are deprecated ------------------------------

def test_to_cpu_is_deprecated_and_overrides_still_work():
    link = Simple()
    with pytest.warns(DeprecationWarning, match='use to_device'):
        assert link.to_cpu() is link
    with pytest.warns(DeprecationWarning, match='to_intel64'):
        link.to_intel64()
    link.to_device('@numpy')

    with pytest.warns(DeprecationWarning, match='overriding to_cpu is deprecated'):
        class Child(chainer.Link):
            calls = 0

            def to_cpu(self):
                super().to_cpu()
                type(self).calls += 1
                return self

    parent = chainer.Chain()
    with parent.init_scope():
        parent.child = Child()
    parent.to_device('@numpy')   # the override is called by to_device
    assert Child.calls == 1
    with pytest.warns(DeprecationWarning):
        parent.to_cpu()
    assert Child.calls == 2

    for name in ('to_device', 'to_chx', 'from_chx'):
        with pytest.raises(TypeError, match='cannot be overridden'):
            type('Bad', (chainer.Link,), {name: lambda self, *args: None})
