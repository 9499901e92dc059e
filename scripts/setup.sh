#!/usr/bin/env bash
# Installs the Debian packages ConvLab builds against, when any is missing:
# oneDNN (GEMM), Cairo + DejaVu fonts (figures), libpng (PNG files), tar/gzip (the data archive),
# GNU time (a test measures a refused command's peak memory), and Python's venv when it is missing
# (the ONNX check installs onnxruntime into a virtual environment).
set -euo pipefail
packages=(libdnnl-dev libcairo2-dev libpng-dev fonts-dejavu-core tar gzip time)
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then packages+=(python3 python3-venv); fi
if [ "$(uname)" != "Linux" ]; then
    echo "setup: not Linux; install cairo and libpng (e.g. brew install cairo libpng); Accelerate provides GEMM." >&2
    exit 0
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
