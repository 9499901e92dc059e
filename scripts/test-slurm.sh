#!/usr/bin/env bash
# End to end on a real SLURM: starts a one-node cluster (scripts/slurm-cluster.sh), runs a small
# study on synthetic data once in one local process and once through `report slurm --submit`,
# kills one task mid-run with scancel, resubmits (only the missing run goes again, and resumes),
# and checks that the gathered results equal the local ones bit for bit apart from timings, and
# that every run's weights are the same bytes. Skips, saying why, only without root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)
if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    echo "slurm test: SKIPPED: starting SLURM's daemons needs root or password-less sudo"
    exit 0
fi
started=$SECONDS
swift build --build-tests >/dev/null  # as `swift test` built it: no second build with other flags
report="$(swift build --show-bin-path)/report"
work=$(mktemp -d /tmp/convlab-slurm.XXXXXX)
cleanup() {  # keeps the test's own exit status: a leftover temporary folder does not fail it
    local status=$?
    bash "$repository/scripts/slurm-cluster.sh" stop "$work/cluster" || true
    rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work" || echo "slurm test: left $work behind" >&2; }
    exit "$status"
}
trap cleanup EXIT
bash scripts/slurm-cluster.sh start "$work/cluster"
export SLURM_CONF="$work/cluster/slurm.conf"

python3 - "$work/data" <<'PY'
import os, random, sys
folder = sys.argv[1]
os.makedirs(folder)
random.seed(7)
for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
    out = bytearray()
    for i in range(1000):
        out.append(i % 10)
        out += bytes((25 * (i % 10) + random.randrange(60)) % 256 for _ in range(3072))
    open(os.path.join(folder, name), "wb").write(out)
classes = "airplane automobile bird cat deer dog frog horse ship truck".split()
open(os.path.join(folder, "batches.meta.txt"), "w").write("\n".join(classes) + "\n")
PY
study=(--quick --seeds 1 --epochs 3 --data "$work/data" --accept-modified-data --quiet-data-warnings)
cd "$work"
"$report" "${study[@]}" --threads 2 --out local >local.log 2>&1

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND…: until COMMAND succeeds, at most SECONDS
    local limit=$1 what=$2
    shift 2
    for _ in $(seq $((limit * 5))); do
        if "$@"; then return 0; fi
        sleep 0.2
    done
    echo "slurm test: FAILED: $what within $limit s" >&2
    squeue >&2 || true
    tail -20 cluster/slurmctld.log "$work"/cluster/*/logs/* 2>/dev/null >&2 || true
    exit 1
}
queue_empty() { [ -z "$(squeue -h)" ]; }

"$report" slurm "${study[@]}" --out cluster --cpus-per-task 2 --time 10 --submit | tee submit-1.log
array=$(sed -n 's/^submitted array job \([0-9]*\).*/\1/p' submit-1.log)
# Task 2 trains cnn5 (the plan's third run); kill it once it has saved its first epoch to resume from.
wait_for 300 "task 2 saving its first epoch" sh -c "ls cluster/.convlab/runs/cnn5-*.partial.json >/dev/null 2>&1"
scancel "${array}_2"
wait_for 300 "the array ending" sh -c "[ -z \"\$(squeue -h -j $array)\" ]"
scancel --state=PENDING "$(sed -n 's/^submitted gather job \([0-9]*\).*/\1/p' submit-1.log)"
wait_for 60 "the queue emptying" queue_empty
"$report" plan "${study[@]}" --threads 2 --out cluster | tee plan.log
fail() { echo "slurm test: FAILED: $1" >&2; exit 1; }
grep -q "interrupted after epoch" plan.log || fail "the killed run is not interrupted"

"$report" slurm "${study[@]}" --out cluster --cpus-per-task 2 --time 10 --submit | tee submit-2.log
grep -q "^1 of 9 runs to train" submit-2.log || fail "resubmitted more than the missing run"
wait_for 600 "the resubmitted jobs finishing" queue_empty
grep -q "resuming cnn5 seed 0 after epoch" cluster/slurm/logs/run-*_0.log || fail "the resubmitted task did not resume"

python3 - local cluster <<'PY'
import json, pathlib, sys
local, cluster = (pathlib.Path(p) for p in sys.argv[1:])
TIMING = ("seconds", "Seconds", "perSecond", "PerSecond", "TimeRatio", "wall", "startedAt", "reused", "environment",
          "command")
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not any(t in k for t in TIMING)}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
a, b = (strip(json.load(open(p / "report/results.json"))) for p in (local, cluster))
def differences(x, y, path="results.json"):
    if isinstance(x, dict) and isinstance(y, dict):
        return [d for k in sorted(set(x) | set(y)) for d in differences(x.get(k), y.get(k), f"{path}.{k}")]
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        return [d for i, (u, v) in enumerate(zip(x, y)) for d in differences(u, v, f"{path}[{i}]")]
    return [] if x == y else [f"{path}: {x!r} (local) != {y!r} (cluster)"]
problems = differences(a, b)[:10]
keys = sorted(p.name for p in (local / ".convlab/runs").iterdir() if not p.name.startswith("."))
for key in keys:
    if (local / ".convlab/runs" / key / "model.weights").read_bytes() != \
            (cluster / ".convlab/runs" / key / "model.weights").read_bytes():
        problems.append(f"{key}: weights differ")
print(f"slurm test: {len(keys)} runs compared, results.json compared apart from timings")
for p in problems:
    print("slurm test: FAILED:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "slurm test: passed in $((SECONDS - started)) s"
