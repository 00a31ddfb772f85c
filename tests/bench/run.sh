#!/usr/bin/env bash
# Benchmark: wenshen on generated corpora of 1,000 and 10,000 plans (about 15 and 150 MB), at
# --threads 1 and 2, against ripgrep on the same files with the same pattern list.
#
#   tests/bench/run.sh            # writes BENCHMARKS.md at the repository root
#   SIZES="1000" tests/bench/run.sh
#
# Uses `wenshen check` with the bundled pack when the binary has a check command, else
# `wenshen parse` (the parse stage every check runs). Needs the Rust toolchain; installs ripgrep
# from Debian's packages when missing. Corpora go to target/bench/ (generated, deterministic).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
sizes=${SIZES:-"1000 10000"}
seed=${SEED:-2022}
work=target/bench
mkdir -p "$work"

cargo build --release --locked --bins >&2
wenshen=$root/target/release/wenshen
generate=$root/target/release/wenshen-corpus
if ! command -v rg >/dev/null; then
    apt-get install -y ripgrep >&2 || { echo "ripgrep is missing and could not be installed" >&2; exit 1; }
fi

if "$wenshen" check --help >/dev/null 2>&1; then
    stage="check"
else
    stage="parse"
fi

# The pattern list: the literal and regular-expression checks a text scan can make on its own
# (typos, forbidden phrases, mobile numbers, malformed doc numbers, short consultations).
patterns=$work/patterns.txt
cat > "$patterns" <<'PATTERNS'
平合
政务公开平合
1[3-9][0-9]{9}
〔[0-9]{4}〕0[0-9]+号
\[[0-9]{4}\][0-9]+号
不少于1[0-9]日
不少于[1-9]日
卫健委
PATTERNS

# Runs a command under /usr/bin/time -v; prints "seconds peak_kb".
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
    echo "$wall $rss"
}

rate() { awk -v bytes="$1" -v docs="$2" -v secs="$3" 'BEGIN { printf "%.1f MB/s, %.0f docs/s", bytes / secs / 1e6, docs / secs }'; }

rows=()
for count in $sizes; do
    corpus=$work/corpus_$count
    if [ ! -f "$corpus/.done_$seed" ]; then
        rm -rf "$corpus"
        "$generate" --count "$count" --seed "$seed" --out "$corpus"
        touch "$corpus/.done_$seed"
    fi
    bytes=$(find "$corpus" -name '*_*' -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    # Warm the page cache so that every run reads from memory.
    cat "$corpus"/*_* >/dev/null
    for threads in 1 2; do
        read -r secs rss <<<"$(measure "$wenshen" -j "$threads" "$stage" --format json "$corpus")"
        rows+=("| $count | $mb | wenshen $stage -j $threads | $secs | $(rate "$bytes" "$count" "$secs") | $((rss / 1024)) |")
        eval "secs_${count}_${threads}=$secs"
    done
    for threads in 1 2; do
        read -r secs rss <<<"$(measure rg --threads "$threads" -c -f "$patterns" "$corpus")"
        rows+=("| $count | $mb | rg -f patterns -j $threads | $secs | $(rate "$bytes" "$count" "$secs") | $((rss / 1024)) |")
        eval "rg_${count}_${threads}=$secs"
    done
done

# BENCHMARKS.md keeps its hand-written part above the marker; the results below it are replaced.
marker='<!-- Everything below is written by tests/bench/run.sh. -->'
notes=""
if [ -f BENCHMARKS.md ] && grep -qF "$marker" BENCHMARKS.md; then
    notes=$(awk -v marker="$marker" 'index($0, marker) { exit } { print }' BENCHMARKS.md)
fi
{
    if [ -n "$notes" ]; then
        printf '%s\n\n' "$notes"
    else
        echo "# Benchmarks"
        echo
    fi
    echo "$marker"
    echo
    echo "## Results"
    echo
    echo "Produced by \`tests/bench/run.sh\` (seed $seed) on $(date -u +%Y-%m-%d)."
    echo
    echo "- Machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(free -g | awk '/Mem:/ { print $2 }') GiB memory"
    echo "- wenshen: $(git rev-parse --short HEAD), release build; stage measured: \`wenshen $stage\`"
    echo "- ripgrep: $(rg --version | head -1), \`rg -c -f patterns\` with the $(wc -l <"$patterns") patterns of \`target/bench/patterns.txt\`"
    echo "- Corpora: \`wenshen-corpus --count N --seed $seed\`; page cache warm; wall time from \`/usr/bin/time -v\`"
    echo
    echo "| plans | MB | command | seconds | throughput | peak RSS (MB) |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    for count in $sizes; do
        one=$(eval echo "\$secs_${count}_1"); two=$(eval echo "\$secs_${count}_2"); rg2=$(eval echo "\$rg_${count}_2")
        awk -v n="$count" -v a="$one" -v b="$two" -v r="$rg2" 'BEGIN {
            printf "- %d plans: -j 2 is %.2fx faster than -j 1; wenshen -j 2 runs at %.2f of ripgrep -j 2 throughput\n", n, a / b, r / b }'
    done
} > BENCHMARKS.md
cat BENCHMARKS.md
