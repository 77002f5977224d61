# shellcheck shell=bash
# Helpers shared by tools/bench/*.sh; source it, do not run it:
#   . "$(dirname "$0")/lib.sh"
# Sets BENCH_ROOT (the repository), DATA (the shared data sets; env DATA overrides) and PY (the
# Debian python3, which has numpy and sklearn). Times come from /usr/bin/time: wall s, CPU s
# (user + system, less disturbed by other load on a shared machine) and peak RSS in MB.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=${DATA:-$BENCH_ROOT/../shared/data}
# shellcheck disable=SC2034  # PY is for the scripts that source this file
PY=/usr/bin/python3

# die MESSAGE...: prints "error: MESSAGE" to stderr and exits 1.
die() {
    echo "error: $*" >&2
    exit 1
}

# require_tools TOOL...: exits with a message naming the first TOOL not found on PATH.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool not found"
    done
}

# motiftok_bin PATH: prints the absolute path of the motiftok binary PATH, or of PATH/motiftok if
# PATH is a directory (build/tools); exits with a message if it is not an executable file.
motiftok_bin() {
    local bin=$1
    [ -d "$bin" ] && bin=$bin/motiftok
    [ -f "$bin" ] && [ -x "$bin" ] || die "motiftok binary '$1' not found or not executable"
    realpath "$bin"
}

# timed FILE CMD...: runs CMD under /usr/bin/time and appends "<wall s> <CPU s> <peak RSS MB>"
# to FILE. CMD's stdout and stderr are left as they are; its exit status is returned.
timed() {
    local file=$1 raw status=0
    shift
    raw=$(mktemp)
    /usr/bin/time -f "%e %U %S %M" -o "$raw" "$@" || status=$?
    tail -n 1 "$raw" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' >> "$file"
    rm -f "$raw"
    return "$status"
}

# measure CMD...: runs CMD (stdout to /dev/null, stderr to $WORK/last.log); prints
# "<wall s> <CPU s> <peak RSS MB>" if it succeeds, nothing if it fails; returns its status.
measure() {
    local line status=0
    line=$(mktemp)
    timed "$line" "$@" > /dev/null 2> "$WORK/last.log" || status=$?
    [ "$status" -eq 0 ] && cat "$line"
    rm -f "$line"
    return "$status"
}

# now: seconds since the epoch, with nanoseconds (for wall times of several commands together).
now() {
    date +%s.%N
}

# auroc_of JSON [DIGITS]: the "auroc" field of a JSON file (as `predict --metrics` writes), with
# DIGITS decimals (default 4).
auroc_of() {
    /usr/bin/python3 -c "import json,sys; print('%.${2:-4}f' % json.load(open(sys.argv[1]))['auroc'])" "$1"
}

# median: the median (the lower middle one of an even count) of the numbers on stdin.
median() {
    sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

# column_median N FILE: the median of column N of FILE (lines as timed writes them: 1 wall,
# 2 CPU, 3 peak RSS).
column_median() {
    awk -v n="$1" '{print $n}' "$2" | median
}

# alternate REPEATS RUN OLD_BIN NEW_BIN: calls `RUN old OLD_BIN` then `RUN new NEW_BIN`, REPEATS
# times, so both binaries see the same load; first removes $WORK/old.txt and $WORK/new.txt, where
# RUN is expected to `timed` its runs.
alternate() {
    rm -f "$WORK/old.txt" "$WORK/new.txt"
    for _ in $(seq "$1"); do
        "$2" old "$3"
        "$2" new "$4"
    done
}

# ab_table OLD_FILE NEW_FILE: a markdown table of the medians in two files written by `timed`
# (binaries run alternately), with the ratios new / old.
ab_table() {
    local old=$1 new=$2 side file
    echo "| binary | wall s | CPU s | peak RSS MB |"
    echo "|---|---|---|---|"
    for side in old new; do
        file=$old
        [ "$side" = new ] && file=$new
        printf '| %s | %s | %s | %s |\n' "$side" "$(column_median 1 "$file")" \
            "$(column_median 2 "$file")" "$(column_median 3 "$file")"
    done
    printf '| new / old | %s | %s | %s |\n' "$(median_ratio 1 "$new" "$old")" \
        "$(median_ratio 2 "$new" "$old")" "$(median_ratio 3 "$new" "$old")"
}

# median_ratio N FILE_A FILE_B: column N's median in FILE_A over its median in FILE_B (3 digits).
median_ratio() {
    awk -v a="$(column_median "$1" "$2")" -v b="$(column_median "$1" "$3")" \
        'BEGIN{printf "%.3f", a / b}'
}
