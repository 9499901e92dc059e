#!/usr/bin/env bash
# Exported ONNX models against onnxruntime: trains each kind of architecture for one epoch into a
# temporary run cache, exports it (model.tar.gz and model.onnx) and runs Tests/ONNX/check_onnxruntime.py
# in a virtual environment with onnxruntime and numpy from PyPI (.build/onnx-venv).
# Skips, saying why, only without the CIFAR-10 data or without PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${CIFAR10_DIR:-../shared/cifar-10-batches-bin}"
models=(mlp cnn3 cnn5 cnn3-valid cnn3-stride2 cnn3-bn cnn3-dropout cnn3-3blocks-bn)
if [ ! -f "$data/test_batch.bin" ]; then
    echo "onnx check: SKIPPED: no CIFAR-10 test_batch.bin in $data (set CIFAR10_DIR)"
    exit 0
fi
venv=.build/onnx-venv
if ! "$venv/bin/python" -c "import onnxruntime, numpy" 2>/dev/null; then
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install -q onnxruntime numpy; then
        if ! python3 -c "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/', timeout=20)"; then
            echo "onnx check: SKIPPED: PyPI cannot be reached to install onnxruntime and numpy"
            exit 0
        fi
        echo "onnx check: pip could not install onnxruntime and numpy although PyPI answers" >&2
        exit 1
    fi
fi
swift build --build-tests  # as `swift test` built it: no second build with other flags
report="$(swift build --show-bin-path)/report"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for model in "${models[@]}"; do
    "$report" train --model "$model" --epochs 1 --data "$data" --cache "$work/runs" >"$work/$model.log"
    key=$(sed -n 's/^run \([^ ]*\) is in .*/\1/p' "$work/$model.log")
    "$report" export --run "$key" --cache "$work/runs" --out "$work/$model.tar.gz" >/dev/null
    "$report" export --run "$key" --cache "$work/runs" --format onnx --out "$work/$model.onnx" >/dev/null
done
"$venv/bin/python" Tests/ONNX/check_onnxruntime.py --report "$report" --data "$data" --work "$work" "${models[@]}"
