#!/usr/bin/env bash
# The tests: the Swift suite, exported ONNX models against onnxruntime (scripts/test-onnx.sh), and
# a study through a real one-node SLURM cluster (scripts/test-slurm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift test
bash scripts/test-onnx.sh
bash scripts/test-slurm.sh
