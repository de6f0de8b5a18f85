#!/usr/bin/env bash
# One command for every benchmark: `pnpm bench` (or `bash bench/run.sh [fleet options]`).
# 10,000 stations hold 10,000 sockets in the fleet process and 10,000 in the central system's:
# raise the open-file limit of this shell (both children inherit it) before starting.
set -euo pipefail
cd "$(dirname "$0")/.."
want=65536
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
echo "open-file limit: $(ulimit -n) (hard $(ulimit -Hn))"
echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM, Node $(node --version), $(date -u +%Y-%m-%dT%H:%MZ)"
node --import tsx --conditions=@evse/source bench/rapi.ts
node --import tsx --conditions=@evse/source bench/fleet.ts "$@"
