#!/usr/bin/env bash
# Executes every notebook in notebooks/ with the tslab (TypeScript) kernel and fails if any cell fails.
#
# Installs what is missing first: Jupyter from Debian (apt; PyPI is not used), the workspace's node
# modules (tslab), the tslab kernel registration, and the built packages (`dist`, which the notebooks
# import). Prints one line per notebook, then exits non-zero if any notebook failed.
#
#   bash scripts/notebooks.sh                  # every notebooks/*.ipynb
#   bash scripts/notebooks.sh notebooks/01-*   # some of them
#
# Environment: NOTEBOOK_TIMEOUT (seconds per cell, default 300), NOTEBOOK_OUTPUT_DIR (where the
# executed copies are written; default a fresh temporary directory, kept), NOTEBOOK_BUILD=always|never
# (default: build when a package's sources are newer than its dist).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON=/usr/bin/python3
TSLAB="$ROOT/notebooks/node_modules/.bin/tslab"
TIMEOUT="${NOTEBOOK_TIMEOUT:-300}"

say() { printf 'notebooks: %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- Node: the kernel require()s the packages' ES modules, which Node supports from 20.19 on.
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`notebooks: Node ${process.version} is too old: tslab loads the packages with require(esm), which needs Node >= 20.19`);
    process.exit(1);
  }'

# --- Jupyter (nbconvert, nbclient, IPython) from apt, under /usr/bin/python3.
jupyter_ready() {
  [ -x "$PYTHON" ] && "$PYTHON" -c 'import nbconvert, nbclient, jupyter_client, jupyter_core, IPython' >/dev/null 2>&1
}
if ! jupyter_ready; then
  start=$(now)
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    say "Jupyter is missing and installing it needs root (apt-get); run as root or install: jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython"
    exit 1
  fi
  say "installing Jupyter with apt-get ..."
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython >/dev/null
  jupyter_ready || { say "apt-get finished but /usr/bin/python3 still cannot import nbconvert"; exit 1; }
  say "apt-get took $(elapsed "$start") s"
fi

# --- Node modules (tslab lives in the notebooks workspace package).
if [ ! -x "$TSLAB" ]; then
  say "notebooks/node_modules is missing: pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile
fi

# --- The tslab kernel, registered with this checkout's binary.
registered=$("$PYTHON" -m jupyter kernelspec list --json 2>/dev/null | "$PYTHON" -c '
import json, sys
specs = json.load(sys.stdin).get("kernelspecs", {})
print(specs.get("tslab", {}).get("spec", {}).get("argv", [""])[0])' || true)
if [ "$registered" != "$TSLAB" ]; then
  say "registering the tslab kernel (${registered:-not registered} -> $TSLAB)"
  "$TSLAB" install --python "$PYTHON" --binary "$TSLAB" >/dev/null
fi

# --- Build the packages (tslab imports their dist) unless dist is newer than every source file.
needs_build() {
  local pkg
  for pkg in packages/*/; do
    [ -f "$pkg/package.json" ] || continue
    [ -f "$pkg/dist/index.js" ] && [ -f "$pkg/dist/index.d.ts" ] || return 0
    if [ -n "$(find "$pkg/src" "$pkg/package.json" -newer "$pkg/dist/index.d.ts" -print -quit 2>/dev/null)" ]; then return 0; fi
  done
  return 1
}
case "${NOTEBOOK_BUILD:-auto}" in
  always) build=1 ;;
  never) build=0 ;;
  *) if needs_build; then build=1; else build=0; fi ;;
esac
if [ "$build" -eq 1 ]; then
  start=$(now)
  log=$(mktemp)
  if ! pnpm -r --filter './packages/*' build >"$log" 2>&1; then
    # The build log is long: show the errors with a little context (else its end).
    if grep -q -E 'ERROR|error TS|Error:' "$log"; then grep -E -B2 -A8 'ERROR|error TS|Error:' "$log" | head -80 >&2; else tail -40 "$log" >&2; fi
    say "package build failed (pnpm -r --filter './packages/*' build)"
    exit 1
  fi
  rm -f "$log"
  say "built packages in $(elapsed "$start") s"
fi

# --- Execute the notebooks, in parallel (each in its own kernel), each from its own directory.
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
[ -e "${notebooks[0]}" ] || { say "no notebooks found"; exit 1; }
OUT="${NOTEBOOK_OUTPUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rooney-notebooks.XXXXXX")}"
mkdir -p "$OUT/logs"

run_notebook() {
  local notebook="$1" name log
  name=$(basename "$notebook" .ipynb)
  log="$OUT/logs/$name.log"
  local start
  start=$(now)
  if "$PYTHON" -m jupyter nbconvert --to notebook --execute "$notebook" --output-dir "$OUT" \
    --ExecutePreprocessor.timeout="$TIMEOUT" --ExecutePreprocessor.kernel_name=tslab >"$log" 2>&1; then
    echo "ok $(elapsed "$start")" >"$OUT/logs/$name.status"
  else
    echo "FAIL $(elapsed "$start")" >"$OUT/logs/$name.status"
  fi
}

pids=()
for notebook in "${notebooks[@]}"; do
  run_notebook "$notebook" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

# tslab reports a failing cell's diagnostic (type error, stack trace) on its stderr stream, not in the
# error reply, so nbconvert's message is empty: re-run a failed notebook with --allow-errors and show
# what its cells printed to stderr.
explain_failure() {
  local notebook="$1" name="$2" again="$OUT/failed"
  mkdir -p "$again"
  "$PYTHON" -m jupyter nbconvert --to notebook --execute "$notebook" --output-dir "$again" --allow-errors \
    --ExecutePreprocessor.timeout="$TIMEOUT" --ExecutePreprocessor.kernel_name=tslab >/dev/null 2>&1 || true
  sed -n '/CellExecutionError: /,$p' "$OUT/logs/$name.log" | grep -v -e '^<Error>: *$' -e '^ *$' | head -40 | sed 's/^/    /'
  if [ -f "$again/$name.ipynb" ]; then
    "$PYTHON" - "$again/$name.ipynb" <<'PY' | head -60 | sed 's/^/    /'
import json, sys
notebook = json.load(open(sys.argv[1]))
for index, cell in enumerate(notebook["cells"]):
    for output in cell.get("outputs", []):
        if output.get("name") == "stderr" or output.get("output_type") == "error":
            text = "".join(output.get("text", "")) or "\n".join(output.get("traceback", []))
            print(f"cell {index} stderr: {text.rstrip()}")
PY
  fi
}

failed=0
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook" .ipynb)
  read -r status seconds <"$OUT/logs/$name.status"
  if [ "$status" = ok ]; then
    printf 'ok    %-32s %6s s\n' "$name" "$seconds"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-32s %6s s   (log: %s)\n' "$name" "$seconds" "$OUT/logs/$name.log"
    explain_failure "$notebook" "$name"
  fi
done
say "executed copies in $OUT"
if [ "$failed" -gt 0 ]; then
  say "$failed of ${#notebooks[@]} notebooks failed"
  exit 1
fi
