# The device check of the cuDNN frontend path, for a session that is lent a GPU
# (see bench/RESULTS.md, "GPU"). Run from the repository root:
#
#   bash bench/gpu_check.sh [quick]
#
# It installs the nvidia-cudnn-frontend wheel carried in .whl/ (if any), makes the
# cuDNN library of the machine's nvidia-cudnn wheel findable, prints the versions,
# runs the GPU tests of the path, bench/gpu.py, then (unless "quick") the CUDA cases
# of the convolution and normalization test suites (the CuPy path: their cuDNN
# configurations need CuPy's own cuDNN module, which CuPy 14 lacks).
# Logs go to $OUT (or ./gpu-out).
set -u -o pipefail
OUT=${OUT:-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}

if ls .whl/*.whl >/dev/null 2>&1; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
        --target /tmp/site .whl/*.whl || exit 1
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi

# The frontend dlopens libcudnn from the nvidia-cudnn wheel, or "libcudnn.so" on
# the library path: point that at the wheel's libcudnn.so.9.
lib=$($PY - <<'EOF'
import glob, os, site, sys
for d in sys.path + site.getsitepackages():
    for p in glob.glob(os.path.join(d, 'nvidia', 'cu*', 'lib', 'libcudnn.so.9')) + \
            glob.glob(os.path.join(d, 'nvidia', 'cudnn', 'lib', 'libcudnn.so.9')):
        print(os.path.dirname(p))
        raise SystemExit
EOF
)
if [ -n "$lib" ]; then
    mkdir -p /tmp/cudnnlib
    ln -sf "$lib/libcudnn.so.9" /tmp/cudnnlib/libcudnn.so
    export LD_LIBRARY_PATH=/tmp/cudnnlib:$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi

{
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    $PY -c "import cupy; print('cupy', cupy.__version__)"
    $PY -c "import cudnn; print('cudnn frontend', cudnn.__version__, 'cuDNN', cudnn.backend_version())"
    PYTHONPATH=src${PYTHONPATH:+:$PYTHONPATH} $PY -c "
from chainer.backends import _cudnn_frontend as fe
print('frontend path available:', fe.available(), fe.import_error())"
} 2>&1 | tee "$OUT/versions.txt"

$PY -m pytest -q -rs tests/backends 2>&1 | tee "$OUT/tests_frontend.txt"
$PY bench/gpu.py --json "$OUT/gpu.json" 2>&1 | tee "$OUT/bench.txt"
if [ "${1:-}" != quick ]; then
    timeout 120 $PY -m pytest -q -x tests/functions/connection \
        tests/functions/normalization tests/links/normalization 2>&1 \
        | tail -30 | tee "$OUT/tests_functions.txt"
fi
