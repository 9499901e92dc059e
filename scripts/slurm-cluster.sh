#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for tests: `start DIR` installs Debian's slurm-wlm and
# munge when missing, writes DIR/slurm.conf and starts munged, slurmctld and slurmd as root on
# loopback (state, logs and sockets under DIR); `stop DIR` stops them. Use it with
# `export SLURM_CONF=DIR/slurm.conf`. Needs root (or sudo): SLURM's daemons run as root here.
set -euo pipefail
action="${1:?usage: slurm-cluster.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: slurm-cluster.sh start|stop DIR}" && cd "$2" && pwd)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# Stops each daemon and waits (up to 30 s) until it has exited: slurmctld saves its state as it
# goes, so removing DIR before it is gone fails with "Directory not empty".
stop() {
    local pid_file pid
    for pid_file in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
        [ -f "$pid_file" ] || continue
        pid=$(cat "$pid_file")
        $sudo kill "$pid" 2>/dev/null || continue
        for _ in $(seq 300); do
            $sudo kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
}

if [ "$action" = stop ]; then stop; exit 0; fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm-cluster: installing slurm-wlm and munge" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
# munge: a key of our own, its socket in DIR (so it does not meet a system munged).
if [ ! -f "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 600 "$dir/munge/munge.key"
fi
$sudo munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
cpus=$(nproc)
cat >"$dir/slurm.conf" <<CONF
ClusterName=convlab
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
$sudo env SLURM_CONF="$SLURM_CONF" slurmctld -c
$sudo env SLURM_CONF="$SLURM_CONF" slurmd -N localhost
for _ in $(seq 60); do
    state=$(sinfo -h -N -o %t 2>/dev/null || true)
    if [ "$state" = idle ]; then echo "slurm-cluster: up (SLURM_CONF=$SLURM_CONF)"; exit 0; fi
    sleep 1
done
echo "slurm-cluster: the node did not become idle; logs in $dir" >&2
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
stop
exit 1
