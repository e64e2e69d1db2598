#!/usr/bin/env bash
# Translation time of Kiln Python programs, per phase of the frontend
# (parse, flow graphs, annotate, lower, verify), in a release build.
#
#   bench/translate.sh [-n RUNS] [PROG.py ...]
#
# Runs `kiln check --timings PROG.py` RUNS times (default 20) for each
# program and prints, per phase, the median and the minimum in
# milliseconds. Without programs: bench/hello.py (the fixed cost: the
# prelude is translated with every program), the three largest conformance
# programs (047-049), examples/demo/shapes.py, and the main file of every
# example interpreter (examples/*/main.py). A program that does not translate is
# listed with its first error instead of times.
#
# KILN=path/to/kiln selects the binary; by default target/release/kiln,
# built first with `cargo build --release -p kiln`. The source lines
# counted are those of the program's directory when it has several
# modules (examples/*/), else of the file; the prelude the frontend adds
# to every program (frontend/prelude/kiln_prelude.py) is not counted but
# is translated every time.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs=20
if [ "${1:-}" = "-n" ]; then
  runs="$2"
  shift 2
fi
if [ -z "${KILN:-}" ]; then
  (cd "$root" && cargo build --release -q -p kiln) || exit 1
  kiln="$root/target/release/kiln"
else
  kiln="$KILN"
fi
conformance="$root/../shared/conformance"
programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
  for p in "$here"/hello.py "$conformance"/04[789]_*.py "$root"/examples/demo/shapes.py "$root"/examples/*/main.py; do
    [ -f "$p" ] && programs+=("$p")
  done
fi

# The lines of the program: its directory's .py files for a multi-module
# example, else the file alone.
lines_of() {
  local p="$1"
  if [ "$(basename "$p")" = main.py ]; then
    cat "$(dirname "$p")"/*.py | wc -l
  else
    wc -l < "$p"
  fi
}

printf '%s\n' "kiln check --timings, $runs runs each; median (min) in ms; $(nproc) cores, $(date -u +%F)"
printf '%-44s %6s %16s %16s %16s %16s %16s %16s\n' program lines parse "flow graphs" annotate lower verify total
for p in "${programs[@]}"; do
  name="$(realpath --relative-to="$root" "$p" 2>/dev/null || echo "$p")"
  out="$(mktemp)"
  if ! "$kiln" check --timings "$p" > /dev/null 2> "$out"; then
    printf '%-44s %6s  does not translate: %s\n' "$name" "$(lines_of "$p")" "$(head -1 "$out")"
    rm -f "$out"
    continue
  fi
  : > "$out"
  for _ in $(seq "$runs"); do
    "$kiln" check --timings "$p" 2>> "$out" > /dev/null
  done
  # Lines look like `kiln: flow graphs    22.287 ms`.
  row="$(awk '
    /^kiln: / {
      ms = $(NF - 1); phase = $0
      sub(/^kiln: +/, "", phase); sub(/ +[0-9.]+ ms$/, "", phase)
      n[phase]++; v[phase, n[phase]] = ms
    }
    function cell(ph,    k, i, j, t, m, a) {
      k = n[ph]
      if (k == 0) return "-"
      for (i = 1; i <= k; i++) a[i] = v[ph, i] + 0
      for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      m = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
      return sprintf("%.1f (%.1f)", m, a[1])
    }
    END {
      printf "%16s %16s %16s %16s %16s %16s", cell("parse"), cell("flow graphs"), cell("annotate"), cell("lower"), cell("verify"), cell("total")
    }' "$out")"
  printf '%-44s %6s %s\n' "$name" "$(lines_of "$p")" "$row"
  rm -f "$out"
done
