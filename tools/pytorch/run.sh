#!/usr/bin/env bash
# Regenerates core/src/test/resources/pytorch/reference.json.
#
# Uses Debian's PyTorch (python3-torch) and NumPy (python3-numpy), which are
# installed for Debian's own interpreter /usr/bin/python3 (NOT whatever python3
# comes first on PATH, e.g. a pyenv shim). Installs them with apt-get when
# missing; that step needs root.
#
# Run from anywhere:  bash tools/pytorch/run.sh
# Never run by the tests; the generated JSON is checked in.
set -euo pipefail

cd "$(dirname "$0")/../.."   # repository root

PY=/usr/bin/python3

if ! "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
    echo "python3-torch / python3-numpy missing: installing with apt-get" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: must run as root to apt-get install python3-torch python3-numpy" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y python3-torch python3-numpy
fi

exec "$PY" tools/pytorch/make_reference.py "$@"
