"""Imports the parts of the package that build on the core.

``chainer/__init__.py`` imports the core (variables, function nodes, functions)
itself and then this module, which imports the rest in order and puts the
top-level names they provide (``chainer.Link``, ``chainer.report``, ...) on the
package. Every part is ours and must import: an ImportError here is a bug that
is raised, not hidden. Optional third-party packages (h5py, matplotlib, SciPy,
CuPy) are imported by the parts that use them, when they are used. The test
tools (``chainer.testing``, ``chainer.gradient_check``) are not imported here:
``chainer.__getattr__`` imports them on first use.
"""
import importlib
import sys

_PARTS = [
    'chainer.utils.conv',
    'chainer.function_hooks',
    'chainer.computational_graph',
    'chainer.reporter',
    'chainer.link',
    'chainer.link_hook',
    'chainer.link_hooks',
    'chainer.sequential',
    'chainer.links',
    'chainer.optimizer',
    'chainer.optimizers',
    'chainer.optimizer_hooks',
    'chainer.serializer',
    'chainer.serializers',
    'chainer.dataset',
    'chainer.datasets',
    'chainer.iterators',
    'chainer.training',
    'chainer.distribution',
    'chainer.distributions',
    'chainer.graph_optimizations',
    'chainer.device_resident',
    'chainer.memory_layouts',
]


# Top-level names of chainer that live in those parts: name -> module.
_NAMES = {
    'Link': 'chainer.link',
    'Chain': 'chainer.link',
    'ChainList': 'chainer.link',
    'LinkHook': 'chainer.link_hook',
    'Sequential': 'chainer.sequential',
    'DeviceResident': 'chainer.device_resident',
    'Optimizer': 'chainer.optimizer',
    'GradientMethod': 'chainer.optimizer',
    'UpdateRule': 'chainer.optimizer',
    'AbstractSerializer': 'chainer.serializer',
    'Serializer': 'chainer.serializer',
    'Deserializer': 'chainer.serializer',
    'Reporter': 'chainer.reporter',
    'Summary': 'chainer.reporter',
    'DictSummary': 'chainer.reporter',
    'report': 'chainer.reporter',
    'report_scope': 'chainer.reporter',
    'get_current_reporter': 'chainer.reporter',
    'Distribution': 'chainer.distribution',
    'cross_entropy': 'chainer.distribution',
    'kl_divergence': 'chainer.distribution',
    'register_kl': 'chainer.distribution',
    'static_graph': 'chainer.graph_optimizations.static_graph',
    'static_code': 'chainer.graph_optimizations.static_graph',
}


def _import_parts():
    chainer = sys.modules['chainer']
    # Chainer's top-level namespace also exposes these two modules.
    chainer.array = importlib.import_module('chainer.functions.array')
    chainer.basic_math = importlib.import_module('chainer.functions.math.basic_math')
    for name in _PARTS:
        module = importlib.import_module(name)
        if name.count('.') == 1:
            setattr(chainer, name.rsplit('.', 1)[-1], module)
    for attr, name in _NAMES.items():
        setattr(chainer, attr, getattr(importlib.import_module(name), attr))


_import_parts()
