#!/usr/bin/env bash
# report_chromium_slow: the bundled example's report rendered by Debian's chromium, headless:
# the screenshot is not blank and the rendered DOM has the logos, the curves, the tables and
# the tracks. Exit 77 (ctest SKIP) only when chromium is not installed; CI installs it.
# Usage: report_chromium.sh path/to/motiftok SOURCE_DIR
set -euo pipefail
BIN="$1"
SRC="$2"
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export MOTIFTOK_EXAMPLE_OUT="$WORK/example"
bash "$SRC/examples/run_example.sh" "$BIN" >"$WORK/example.log" 2>&1 || {
  tail -n 30 "$WORK/example.log"
  exit 1
}
OUT="$MOTIFTOK_EXAMPLE_OUT"
# The example's outputs plus an evaluate table (a fixture: evaluate is a separate verb).
"$BIN" report -q --vocab "$OUT/vocab.json" --model "$OUT/model.bin" --metrics "$OUT/metrics.json" \
  --explain "$OUT/explain.jsonl" --evaluate "$SRC/test_data/report/evaluate.tsv" -o "$WORK/eval.html"

render() {  # render HTML PNG DOM
  local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
    --user-data-dir="$WORK/profile" --window-size=1280,2400)
  timeout 120 "$CHROMIUM" "${flags[@]}" --screenshot="$2" "file://$1" >/dev/null 2>&1
  timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$1" >"$3" 2>/dev/null
}
render "$OUT/report.html" "$WORK/report.png" "$WORK/report.dom"
render "$WORK/eval.html" "$WORK/eval.png" "$WORK/eval.dom"

python3 "$SRC/tests/report/png_check.py" "$WORK/report.png" 20 0.01
python3 "$SRC/tests/report/png_check.py" "$WORK/eval.png" 20 0.01
fail=0
need() {  # need DOM-FILE PATTERN COUNT: at least COUNT matches
  local n
  n=$(grep -o -- "$2" "$1" | wc -l)
  if [ "$n" -lt "$3" ]; then
    echo "FAIL: $(basename "$1") has $n of '$2', expected at least $3"
    fail=1
  else
    echo "ok: $(basename "$1") has $n of '$2'"
  fi
}
D="$WORK/report.dom"
need "$D" '<svg class="logo' 5
need "$D" 'class="letter"' 20
need "$D" 'id="roc-curve"' 1
need "$D" 'id="pr-curve"' 1
need "$D" '<polyline class="series"' 6
need "$D" 'id="loss-curve"' 1
need "$D" 'id="metrics-table"' 1
need "$D" '<svg class="track"' 3
need "$WORK/eval.dom" 'id="evaluate-table"' 1
need "$WORK/eval.dom" '<td class="num">' 4
exit $fail
