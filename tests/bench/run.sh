#!/usr/bin/env bash
# Benchmark: `wenshen check` with the bundled pack on generated corpora of 1,000 and 10,000 plans
# (about 15 and 150 MB) at --jobs 1 and 2; the bundled pack plus 10x and 100x generated pattern
# rules; and ripgrep on the same files with the same pattern list, as a ratio in the same run.
#
#   tests/bench/run.sh                      # writes BENCHMARKS.md at the repository root
#   SIZES="1000" tests/bench/run.sh
#   RULES_SIZE=1000 JOBS="1 2 4 8 16" tests/bench/run.sh
#   SIZES=1000 SMALL=0 LARGE=40000 REPEAT=1 tests/bench/run.sh   # a quick look
#
# Needs the Rust toolchain; installs ripgrep from Debian's packages when missing. Corpora and rule
# directories go to target/bench/ (generated, deterministic).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
sizes=${SIZES:-"1000 10000"}
jobs=${JOBS:-"1 2"}
# The corpus the rule-count comparison runs on (one of SIZES).
rules_size=${RULES_SIZE:-1000}
seed=${SEED:-2022}
work=target/bench
mkdir -p "$work"

cargo build --release --locked --bins >&2
wenshen=$root/target/release/wenshen
generate=$root/target/release/wenshen-corpus
if ! command -v rg >/dev/null; then
    apt-get install -y ripgrep >&2 || { echo "ripgrep is missing and could not be installed" >&2; exit 1; }
fi

# The pattern list: the literal and regular-expression checks a text scan can make on its own
# (forbidden phrases, mobile numbers, malformed doc numbers, short consultations) and the wrong
# half of every pair of the bundled typo list.
patterns=$work/patterns.txt
cat > "$patterns" <<'PATTERNS'
1[3-9][0-9]{9}
〔[0-9]{4}〕0[0-9]+号
\[[0-9]{4}\][0-9]+号
不少于1[0-9]日
不少于[1-9]日
卫健委
PATTERNS
grep -v '^#' rules/data/typos.txt | awk 'NF { print $1 }' >> "$patterns"

# Rule directories: the bundled pack plus 10x and 100x its size in generated pattern rules.
bundled=$(find rules -maxdepth 1 -name '*.rule' | wc -l)
for factor in 10 100; do
    dir=$work/rules_x$factor
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        "$generate" --pattern-rules $((factor * bundled)) --out "$dir"
        touch "$dir/.done"
    fi
done

# The floor of a check: one document rule gated on a literal that no plan holds, so that the run is
# reading, decoding, parsing and one literal scan of each text. The gap between this and ripgrep
# is the parser's; the rest is the rules'.
floor=$work/rules_floor
mkdir -p "$floor"
cat > "$floor/XF001-floor.rule" <<'RULE'
rule XF001 read-and-parse-only
severity info
scope document

where doc.text contains "基准测试专用标记"
require false

message "基准测试专用标记"
label doc "基准测试专用标记"
help "只用于基准测试"
basis "无"
doc """
只用于基准测试：只在含有一个任何文件都没有的标记时检查，耗时只剩读取、解码和解析。
"""
pass """
某市2022年政务公开工作要点
"""
fail """
某市2022年政务公开工作要点（基准测试专用标记）
""" at "某市2022年政务公开工作要点（基准测试专用标记）" saying "基准测试专用标记"
RULE

# Runs a command REPEAT times (3 by default) under /usr/bin/time -v and prints the fastest run's
# "seconds peak_kb cpu_seconds" (CPU = user + system: less disturbed than wall time when other work
# shares the machine; the fastest of several runs is the least disturbed).
repeat=${REPEAT:-3}
measure() {
    local best="" run
    for _ in $(seq "$repeat"); do
        run=$(measure_once "$@")
        if [ -z "$best" ] || awk -v a="${run%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best=$run
        fi
    done
    echo "$best"
}

# The same for several commands (each given as one string, words split by the shell), run
# round-robin REPEAT times, so that a machine whose speed drifts during the run (a shared virtual
# machine's does, by up to 10%) weighs on each command alike and their ratios stay fair; one line
# per command, in the order given.
measure_set() {
    local -a best=()
    local round index run
    for round in $(seq "$repeat"); do
        index=0
        for command in "$@"; do
            # shellcheck disable=SC2086
            run=$(measure_once $command)
            if [ "$round" = 1 ] || awk -v a="${run%% *}" -v b="${best[index]%% *}" 'BEGIN { exit !(a < b) }'; then
                best[index]=$run
            fi
            index=$((index + 1))
        done
    done
    printf '%s\n' "${best[@]}"
}

measure_once() {
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
    rm -f "$log"
    echo "$wall $rss $cpu"
}

# Two copies of a command at once, each under /usr/bin/time -v; prints the slower one's "seconds".
# On a machine whose cores share caches, memory bandwidth or a physical core, each copy runs slower
# than one alone: 2 x (alone / pair) is the speed-up two threads can reach there at best.
measure_pair() {
    local best="" a b log_a log_b wall
    log_a=$(mktemp)
    log_b=$(mktemp)
    for _ in $(seq "$repeat"); do
        /usr/bin/time -f %e -o "$log_a" "$@" >/dev/null 2>&1 &
        /usr/bin/time -f %e -o "$log_b" "$@" >/dev/null 2>&1
        wait
        a=$(tail -1 "$log_a")
        b=$(tail -1 "$log_b")
        wall=$(awk -v a="$a" -v b="$b" 'BEGIN { print (a > b ? a : b) }')
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall
        fi
    done
    rm -f "$log_a" "$log_b"
    echo "$best"
}

rate() { awk -v bytes="$1" -v docs="$2" -v secs="$3" 'BEGIN { printf "%.1f MB/s, %.0f docs/s", bytes / secs / 1e6, docs / secs }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

rows=()
summary=()
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
    declare -A secs=()
    # Every thread count's check, floor and ripgrep run in one round-robin set.
    commands=()
    for threads in $jobs; do
        commands+=("$wenshen check --jobs $threads --format json $corpus"
            "$wenshen check --jobs $threads --format json --rules $floor $corpus"
            "rg --threads $threads -c -f $patterns $corpus")
    done
    mapfile -t results < <(measure_set "${commands[@]}")
    index=0
    for threads in $jobs; do
        read -r s rss cpu <<<"${results[index]}"
        rows+=("| $count | $mb | wenshen check -j $threads | $s | $cpu | $(rate "$bytes" "$count" "$s") | $((rss / 1024)) |")
        secs[check_$threads]=$s
        secs[cpu_$threads]=$cpu
        read -r s rss cpu <<<"${results[index + 1]}"
        rows+=("| $count | $mb | wenshen check -j $threads, read and parse only (one empty rule) | $s | $cpu | $(rate "$bytes" "$count" "$s") | $((rss / 1024)) |")
        secs[floor_$threads]=$s
        read -r s rss cpu <<<"${results[index + 2]}"
        rows+=("| $count | $mb | rg -f patterns -j $threads | $s | $cpu | $(rate "$bytes" "$count" "$s") | $((rss / 1024)) |")
        secs[rg_$threads]=$s
        index=$((index + 3))
    done
    # The 2-core ceiling: two independent single-threaded checks at once.
    pair=$(measure_pair "$wenshen" check --jobs 1 --format json "$corpus")
    rows+=("| $count | $mb | two \`wenshen check -j 1\` at once (each) | $pair | | | |")
    summary+=("- $count plans: two single-threaded checks at once each take $(ratio "$pair" "${secs[check_1]}")x as long as one alone, so two threads can reach at most $(awk -v a="${secs[check_1]}" -v p="$pair" 'BEGIN { printf "%.2f", 2 * a / p }')x here")
    for threads in $jobs; do
        summary+=("- $count plans, -j $threads: check runs at $(ratio "${secs[rg_$threads]}" "${secs[check_$threads]}") of ripgrep's throughput (reading and parsing alone: $(ratio "${secs[rg_$threads]}" "${secs[floor_$threads]}")); $(ratio "${secs[check_1]}" "${secs[check_$threads]}")x the speed of -j 1")
    done
    if [ "$count" = "$rules_size" ]; then
        top=$(echo "$jobs" | awk '{ print $NF }')
        for factor in 10 100; do
            dir=$work/rules_x$factor
            read -r s rss cpu <<<"$(measure "$wenshen" check --jobs "$top" --format json --rules "$dir" "$corpus")"
            rows+=("| $count | $mb | wenshen check -j $top, bundled + ${factor}x pattern rules ($(find "$dir" -name '*.rule' | wc -l) rules) | $s | $cpu | $(rate "$bytes" "$count" "$s") | $((rss / 1024)) |")
            summary+=("- $count plans, -j $top: bundled + ${factor}x pattern rules costs $(ratio "$s" "${secs[check_$top]}")x the bundled pack in wall time, $(ratio "$cpu" "${secs[cpu_$top]}")x in CPU time")
        done
    fi
    unset secs
done

# Many small files: a directory of SMALL one-task plans (100,000 by default; SMALL=0 skips it).
small=${SMALL:-100000}
if [ "$small" -gt 0 ]; then
    dir=$work/small_$small
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        awk -v n="$small" -v dir="$dir" 'BEGIN {
            for (i = 0; i < n; i++) {
                file = sprintf("%s/%06d.txt", dir, i)
                printf "%d. 做好公开。（责任单位：县财政局；完成时限：2023年12月底前）\n", i % 999 + 1 > file
                close(file)
            }
        }'
        touch "$dir/.done"
    fi
    bytes=$(find "$dir" -name '*.txt' -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    top=$(echo "$jobs" | awk '{ print $NF }')
    read -r s rss cpu <<<"$(measure "$wenshen" check --jobs "$top" --format json "$dir")"
    rows+=("| $small small files | $mb | wenshen check -j $top | $s | $cpu | $(rate "$bytes" "$small" "$s") | $((rss / 1024)) |")
fi

# One large plan: LARGE tasks (40,000 by default; LARGE=0 skips it) in parts of 999 numbered
# items, so that rules comparing a task with the others (GK107, GK108) show whether their cost grows
# with the square of the tasks in one file; every other task is due "全年" (a GK103 finding), so
# that the human report, which shows each finding's lines, shows whether its cost does.
large=${LARGE:-40000}
if [ "$large" -gt 0 ]; then
    file=$work/plan_of_${large}_tasks.md
    if [ ! -f "$file" ]; then
        awk -v n="$large" 'function numeral(k,   d) {
                split("一 二 三 四 五 六 七 八 九", d, " ")
                if (k < 10) return d[k]
                return (k >= 20 ? d[int(k / 10)] : "") "十" (k % 10 ? d[k % 10] : "")
            }
            BEGIN {
                print "# 2023年政务公开工作要点"
                for (i = 0; i < n; i++) {
                    if (i % 999 == 0) printf "%s、第%d部分\n", numeral(int(i / 999) + 1), int(i / 999) + 1
                    printf "%d. 推进第%d项工作，做好信息公开。责任单位：县财政局；完成时限：%s。\n", i % 999 + 1, i + 1, (i % 2 ? "全年" : "2023年6月底前")
                }
            }' > "$file.tmp"
        mv "$file.tmp" "$file"
    fi
    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    for format in json human; do
        read -r s rss cpu <<<"$(measure "$wenshen" check --jobs 1 --format $format "$file")"
        rows+=("| one plan of $large tasks, $((large / 2)) findings | $mb | wenshen check -j 1 --format $format | $s | $cpu | $(rate "$bytes" 1 "$s") | $((rss / 1024)) |")
    done
fi

# A rule author's loop on a large pack: every rule's embedded examples.
read -r s rss cpu <<<"$(measure "$wenshen" rules --rules "$work/rules_x100" test)"
rows+=("| $(find "$work/rules_x100" -name '*.rule' | wc -l) rules' examples | | wenshen rules --rules DIR test | $s | $cpu | | $((rss / 1024)) |")

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
    echo "- wenshen: $(git rev-parse --short HEAD), release build, \`wenshen check --jobs N --format json DIR\` with the bundled pack ($bundled rules) unless said"
    echo "- Pattern rules: \`wenshen-corpus --pattern-rules N\` (typo pairs and forbidden-phrase lists, clause rules), N = 10x and 100x the bundled pack"
    echo "- ripgrep: $(rg --version | head -1), \`rg -c -f patterns\` with the $(wc -l <"$patterns") patterns of \`target/bench/patterns.txt\`"
    echo "- Corpora: \`wenshen-corpus --count N --seed $seed\`; page cache warm; wall time, CPU time (user + system) and peak RSS from \`/usr/bin/time -v\`, the fastest of $repeat runs, the commands on one corpus run round-robin"
    echo "- Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; above the core count, other work shared the machine and wall times are inflated)"
    echo
    echo "| plans | MB | command | wall s | CPU s | throughput (wall) | peak RSS (MB) |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    printf '%s\n' "${summary[@]}"
} > BENCHMARKS.md
cat BENCHMARKS.md
