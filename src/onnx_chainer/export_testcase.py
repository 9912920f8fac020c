"""Saving a model with input, output (and gradient) data, as ONNX test cases."""
import os

import chainer
import chainer.functions as F
from onnx_chainer import onnx_helper
from onnx_chainer.export import export


def export_testcase(model, args, out_dir, output_grad=False, **kwargs):
    """Export a model with its inputs and outputs, as an ONNX test case.

    Like :func:`~onnx_chainer.export`, runs the model once on ``args``; saves the
    model to ``<out_dir>/model.onnx`` and, in ``<out_dir>/test_data_set_0``, the
    inputs (``input_<i>.pb``) and outputs (``output_<i>.pb``) of that run as ONNX
    tensors named like the graph's inputs and outputs, the layout of the ONNX
    backend tests that runtimes check themselves with.

    Args:
        model (~chainer.Chain): the model.
        args: its inputs, as for :func:`~onnx_chainer.export`.
        out_dir (str): the directory to write to (created if needed).
        output_grad (bool): also save the gradients of the model's parameters,
            backpropagated from the sum of the outputs, as ``gradient_<i>.pb``
            (named like the parameters in the graph, in the order of
            ``model.namedparams()``).
        **kwargs: the other arguments of :func:`~onnx_chainer.export`.

    Returns:
        ``onnx.ModelProto``: the exported model.
    """
    for key in ('filename', 'return_named_inout'):
        if key in kwargs:
            raise TypeError('export_testcase: {} cannot be given, it is set by '
                            'export_testcase'.format(key))
    os.makedirs(out_dir, exist_ok=True)
    kwargs['no_testcase'] = True
    onnx_model, inputs, outputs = export(
        model, args, filename=os.path.join(out_dir, 'model.onnx'),
        return_named_inout=True, **kwargs)

    test_data_dir = os.path.join(out_dir, 'test_data_set_0')
    os.makedirs(test_data_dir, exist_ok=True)
    for i, (name, var) in enumerate(inputs.items()):
        onnx_helper.write_tensor_pb(
            os.path.join(test_data_dir, 'input_{}.pb'.format(i)), name, var)
    for i, (name, var) in enumerate(outputs.items()):
        onnx_helper.write_tensor_pb(
            os.path.join(test_data_dir, 'output_{}.pb'.format(i)), name, var)

    if output_grad:
        if not isinstance(model, chainer.Link):
            raise TypeError('export_testcase: output_grad needs a chainer.Link model '
                            '(its parameters receive the gradients), got {}'.format(
                                type(model).__name__))
        model.cleargrads()
        losses = [F.sum(var) for var in outputs.values() if var.dtype.kind == 'f']
        if not losses:
            raise ValueError('export_testcase: output_grad needs a floating point '
                             'output to backpropagate from')
        loss = losses[0]
        for other in losses[1:]:
            loss = loss + other
        loss.backward()
        index = 0
        for path, param in model.namedparams():
            if param.grad is None:
                continue
            onnx_helper.write_tensor_pb(
                os.path.join(test_data_dir, 'gradient_{}.pb'.format(index)),
                onnx_helper.cleanse_param_name(path), param.grad)
            index += 1
    return onnx_model
