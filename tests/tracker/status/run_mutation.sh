#!/usr/bin/env bash
# Mutation testing of the status engine (tracker/status/) with cosmic-ray, bounded for a small
# shared machine: comparison-boundary mutants only (< ↔ <=, > ↔ >=, == ↔ !=), one module at a
# time, each against the status tests that exercise it, in a scratch copy of the tree (cosmic-ray
# edits files in place, so the worktree is never touched).
#
#   tests/tracker/status/run_mutation.sh [module ...]     # default: every module below
#
# Prints, per module, the mutants run, killed and surviving, the survivors' positions, and the
# overall survival rate. Needs cosmic-ray (requirements/dev.in). See docs/status-rules.md.
set -euo pipefail

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
SCRATCH=${MUTATION_DIR:-$(mktemp -d /tmp/status-mutation.XXXXXX)}
PY=${PYTHON:-$ROOT/.venv/bin/python}
BIN=$(dirname "$PY")  # the venv's bin (not the interpreter it links to)
T=tests/tracker/status
B=$T/test_boundaries.py
BUDGET=${MUTATION_BUDGET:-1440}  # seconds of wall time; no new module is started after it

declare -A TESTS=(
  [air]="$B $T/test_air.py $T/test_dispatch.py $T/test_whatif.py"
  [days]="$B $T/test_days.py $T/test_sites.py $T/test_projection.py"
  [period]="$B $T/test_air.py $T/test_days.py"
  [progress]="$B $T/test_progress.py"
  [rank]="$B $T/test_rank.py"
  [sites]="$B $T/test_sites.py"
  [series]="$T/test_series.py $T/test_air.py $T/test_days.py"
  [evaluation]="$B $T/test_evaluation.py $T/test_air.py"
  [dispatch]="$B $T/test_dispatch.py"
  [aqi]="$T/test_aqi.py"
  [spec]="$T/test_dispatch.py $T/test_evaluation.py"
  [seasonal]="$T/test_projection.py $T/test_whatif.py"
  [whatif]="$T/test_whatif.py $T/test_projection.py"
  [allowances]="$T/test_allowances.py"
  [projection]="$T/test_projection.py $T/test_whatif.py $T/test_allowances.py"
)
ORDER=(air days period progress rank sites series evaluation dispatch aqi spec seasonal whatif allowances projection)
MODULES=("${@:-${ORDER[@]}}")

mkdir -p "$SCRATCH"
(cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$SCRATCH")
ln -sfn "$(readlink -f "$ROOT/.venv")" "$SCRATCH/.venv"
cd "$SCRATCH"
export DJANGO_SETTINGS_MODULE=config.settings_test

began=$(date +%s)
for module in "${MODULES[@]}"; do
  if (( $(date +%s) - began > BUDGET )); then
    echo "MUTATION $module: not run (wall-time budget of ${BUDGET}s spent)"; continue
  fi
  cat > "cr-$module.toml" <<EOF
[cosmic-ray]
module-path = "tracker/status/$module.py"
timeout = 120.0
excluded-modules = []
test-command = "$PY -m pytest -x -q -p no:cacheprovider -p no:django --noconftest ${TESTS[$module]}"

[cosmic-ray.distributor]
name = "local"

[cosmic-ray.filters.operators-filter]
exclude-operators = ['^(?!core/ReplaceComparisonOperator_(Lt_LtE|LtE_Lt|Gt_GtE|GtE_Gt|Eq_NotEq|NotEq_Eq)$)']
EOF
  rm -f "cr-$module.sqlite"
  "$BIN/cosmic-ray" init "cr-$module.toml" "cr-$module.sqlite"
  "$BIN/cr-filter-operators" "cr-$module.sqlite" "cr-$module.toml"
  "$BIN/cr-filter-pragma" "cr-$module.sqlite"
  start=$(date +%s)
  "$BIN/cosmic-ray" exec "cr-$module.toml" "cr-$module.sqlite"
  "$PY" - "$module" "cr-$module.sqlite" "$(( $(date +%s) - start ))" <<'EOF'
import sqlite3, sys
module, db, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
rows = sqlite3.connect(db).execute(
    "select m.operator_name, m.start_pos_row, r.test_outcome, r.worker_outcome from mutation_specs m "
    "join work_results r on r.job_id = m.job_id").fetchall()
run = [r for r in rows if r[3] != "SKIPPED"]
alive = [r for r in run if r[2] == "SURVIVED"]
print(f"MUTATION {module}: {len(run)} run, {len(run) - len(alive)} killed, {len(alive)} survived, {seconds}s")
for name, line, *_ in alive:
    print(f"  survivor tracker/status/{module}.py:{line} {name.split('_', 1)[1]}")
EOF
done | tee mutation-report.txt
"$PY" - mutation-report.txt <<'EOF'
import re, sys
runs = survived = 0
for line in open(sys.argv[1]):
    m = re.match(r"MUTATION \S+: (\d+) run, \d+ killed, (\d+) survived", line)
    if m:
        runs += int(m[1]); survived += int(m[2])
print(f"TOTAL: {runs} comparison mutants, {survived} survived, survival rate {survived / max(runs, 1):.1%}")
EOF
echo "report: $SCRATCH/mutation-report.txt"
