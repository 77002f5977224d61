#!/usr/bin/env bash
# Encode throughput and peak RSS of `motiftok tokenize` (1 and 2 threads) against HuggingFace
# tokenizers (npm, Unigram on motiftok's exported tokenizer.json) and SentencePiece's spm_encode
# (a unigram model of the same size trained on a sample of the same data), on a generated
# single-record "chromosome" and on many short records. Data and peers live under $BENCH_DIR.
# Usage: tools/bench/tokenize_vs_hf_spm.sh [MOTIFTOK_BIN]
# Environment: CHROM_BP (250000000), RECORDS (100000, of 200 bp), PEER_CHROM_BP (10000000: the
# peers build an O(n) lattice per sequence, so they get a prefix of the chromosome as one line),
# REPEATS (3; the median is reported), BENCH_DIR (/tmp/motiftok-bench-tok), PREV_BIN (a previous
# motiftok binary: its rows and ratios in the same run, e.g. /work/main/build/tools/motiftok),
# SKIP_HF (1: no HuggingFace rows; it is the slowest peer).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-build/tools/motiftok}")
chrom_bp=${CHROM_BP:-250000000}
records=${RECORDS:-100000}
peer_bp=${PEER_CHROM_BP:-10000000}
repeats=${REPEATS:-3}
work=${BENCH_DIR:-/tmp/motiftok-bench-tok}
data="$work/data_${chrom_bp}_${records}"
mkdir -p "$work"

if [ ! -s "$data/vocab.json" ]; then
  /usr/bin/python3 "$here/make_bench_data.py" "$data" --chrom-bp "$chrom_bp" --records "$records" >&2
fi
prev=${PREV_BIN:+$(realpath "$PREV_BIN")}
skip_hf=${SKIP_HF:-}
[ -n "$skip_hf" ] || [ -d "$work/npm/node_modules/tokenizers" ] ||
  npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error tokenizers >&2
"$bin" export --vocab "$data/vocab.json" -o "$data/hf" -q
vocab_size=$(/usr/bin/python3 -c "import json,sys; v=json.load(open(sys.argv[1])); print(len(v['tokens']))" "$data/vocab.json")
max_len=$(/usr/bin/python3 -c "import json,sys; v=json.load(open(sys.argv[1])); print(max(len(t['token']) for t in v['tokens']))" "$data/vocab.json")
if [ ! -s "$data/spm.model" ]; then
  spm_train --input="$data/sample.txt" --model_prefix="$data/spm" --model_type=unigram \
    --vocab_size="$vocab_size" --split_by_whitespace=false --max_sentencepiece_length="$max_len" \
    --max_sentence_length=100000 --character_coverage=1.0 --num_threads=2 --minloglevel=2 >&2
fi
# The peers' single record: the first $peer_bp bases of the chromosome, one line.
[ -s "$data/chrom_prefix.txt" ] ||
  { grep -v '>' "$data/chrom.fa" | tr -d '\n' | head -c "$peer_bp" > "$data/chrom_prefix.txt"; } || true

# measure NAME BASES CMD...: runs CMD $repeats times (stdout discarded); prints a result row.
# The time is the wall time of the whole process, or the time the command itself prints as
# "<bases> <tokens> <seconds>" (HF: encode time only, which favours HF). CPU is user + system time
# of the whole process (all threads; HF's includes node start-up and file reading): on a shared,
# loaded machine it is the steadier figure.
results=()
cpu_results=()
measure() {
  local name=$1 bases=$2; shift 2
  local times=() cpus=() rss=0
  for _ in $(seq "$repeats"); do
    local t0 t1 out
    t0=$(date +%s.%N)
    out=$(/usr/bin/time -f "RSS %M %U %S" "$@" 2>"$work/time.err")
    t1=$(date +%s.%N)
    local r; r=$(grep '^RSS' "$work/time.err" | awk '{print $2}')
    [ "$r" -gt "$rss" ] && rss=$r
    cpus+=("$(grep '^RSS' "$work/time.err" | awk '{print $3 + $4}')")
    if [ -n "$out" ] && [ "$(echo "$out" | wc -w)" = 3 ]; then
      times+=("$(echo "$out" | awk '{print $3}')")
    else
      times+=("$(echo "$t1 - $t0" | bc -l)")
    fi
  done
  local med; med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local cpu; cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local mbps; mbps=$(echo "$bases / $med / 1000000" | bc -l)
  local cmbps; cmbps=$(echo "$bases / ($cpu + 0.005) / 1000000" | bc -l)
  printf '%-34s %8.1f Mbp %8.2f s %9.2f Mbp/s %8.2f cpu-s %9.2f Mbp/cpu-s %7.0f MB\n' "$name" "$(echo "$bases/1000000" | bc -l)" "$med" "$mbps" "$cpu" "$cmbps" "$(echo "$rss/1024" | bc -l)"
  results+=("$name=$mbps")
  cpu_results+=("$name=$cmbps")
}
rate() { for r in "${results[@]}"; do [ "${r%%=*}" = "$1" ] && echo "${r#*=}"; done; }
cpu_rate() { for r in "${cpu_results[@]}"; do [ "${r%%=*}" = "$1" ] && echo "${r#*=}"; done; }

echo "# vocabulary: $vocab_size tokens, longest $max_len; $repeats runs each, median; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-34s %12s %10s %15s %14s %17s %10s\n' "tool" "input" "wall" "throughput" "cpu" "per cpu-second" "peak RSS"
read_bases=$((records * 200))
measure "motiftok chrom -t1" "$chrom_bp" sh -c "'$bin' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q '$data/chrom.fa' > /dev/null"
measure "motiftok chrom -t2" "$chrom_bp" sh -c "'$bin' tokenize --vocab '$data/vocab.json' -f ids -t 2 -q '$data/chrom.fa' > /dev/null"
measure "motiftok chrom-prefix -t1" "$peer_bp" sh -c "(echo '>p'; cat '$data/chrom_prefix.txt') | '$bin' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q - > /dev/null"
[ -n "$skip_hf" ] || measure "HF tokenizers chrom-prefix" "$peer_bp" node "$here/hf_encode.js" "$work/npm" "$data/hf/tokenizer.json" single "$data/chrom_prefix.txt" "$peer_bp"
measure "spm_encode chrom-prefix" "$peer_bp" sh -c "spm_encode --model='$data/spm.model' --output_format=id < '$data/chrom_prefix.txt' > /dev/null"
measure "motiftok reads -t1" "$read_bases" sh -c "'$bin' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q '$data/reads.fa' > /dev/null"
measure "motiftok reads -t2" "$read_bases" sh -c "'$bin' tokenize --vocab '$data/vocab.json' -f ids -t 2 -q '$data/reads.fa' > /dev/null"
[ -n "$skip_hf" ] || measure "HF tokenizers reads (1 thread)" "$read_bases" env RAYON_NUM_THREADS=1 node "$here/hf_encode.js" "$work/npm" "$data/hf/tokenizer.json" lines "$data/reads.txt"
[ -n "$skip_hf" ] || measure "HF tokenizers reads (2 threads)" "$read_bases" env RAYON_NUM_THREADS=2 node "$here/hf_encode.js" "$work/npm" "$data/hf/tokenizer.json" lines "$data/reads.txt"
measure "spm_encode reads" "$read_bases" sh -c "spm_encode --model='$data/spm.model' --output_format=id < '$data/reads.txt' > /dev/null"
if [ -n "$prev" ]; then
  measure "previous chrom -t1" "$chrom_bp" sh -c "'$prev' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q '$data/chrom.fa' > /dev/null"
  measure "previous chrom-prefix -t1" "$peer_bp" sh -c "(echo '>p'; cat '$data/chrom_prefix.txt') | '$prev' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q - > /dev/null"
  measure "previous reads -t1" "$read_bases" sh -c "'$prev' tokenize --vocab '$data/vocab.json' -f ids -t 1 -q '$data/reads.fa' > /dev/null"
  measure "previous reads -t2" "$read_bases" sh -c "'$prev' tokenize --vocab '$data/vocab.json' -f ids -t 2 -q '$data/reads.fa' > /dev/null"
fi

ratio() {
  printf '%-64s wall %6.1fx   cpu %6.1fx\n' "$1 / $2" "$(echo "$(rate "$1") / $(rate "$2")" | bc -l)" \
    "$(echo "$(cpu_rate "$1") / $(cpu_rate "$2")" | bc -l)"
}
echo "# ratios (throughput: wall, and per CPU-second)"
if [ -z "$skip_hf" ]; then
  ratio "motiftok chrom -t1" "HF tokenizers chrom-prefix"
  ratio "motiftok reads -t1" "HF tokenizers reads (1 thread)"
  ratio "motiftok reads -t2" "HF tokenizers reads (2 threads)"
fi
ratio "motiftok chrom -t1" "spm_encode chrom-prefix"
ratio "motiftok chrom-prefix -t1" "spm_encode chrom-prefix"
ratio "motiftok reads -t1" "spm_encode reads"
ratio "motiftok reads -t2" "spm_encode reads"
# The thread pipeline: wall should drop, CPU stay (on a loaded machine -t 2 gets no second core).
ratio "motiftok reads -t2" "motiftok reads -t1"
if [ -n "$prev" ]; then
  ratio "previous reads -t1" "spm_encode reads"
  ratio "previous reads -t2" "spm_encode reads"
  ratio "previous chrom-prefix -t1" "spm_encode chrom-prefix"
  ratio "motiftok reads -t1" "previous reads -t1"
  ratio "motiftok reads -t2" "previous reads -t2"
  ratio "motiftok chrom -t1" "previous chrom -t1"
fi
