#!/usr/bin/env bash
# The tests: the Swift suite, then exported ONNX models against onnxruntime (scripts/test-onnx.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift test
bash scripts/test-onnx.sh
