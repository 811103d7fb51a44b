#!/usr/bin/env bash
# scaling.sh measures how slaaudit check scales with the cores it may use:
# for GOMAXPROCS 1, 2 and, on a larger machine, every core, it times
# check --quiet and check -o json on generated exports of 1M and 4M tickets,
# each run paired with a run of the floor (testdata/bench/floor, a bare
# single-threaded encoding/csv read loop) in the same loop, and prints the
# Markdown table of the README's "Performance" section: median wall times,
# the slowest run over the median, CPU time, and the ratio of the medians to
# the floor's.
#
# Usage, from the repository root:
#
#	testdata/bench/scaling.sh [RUNS] [SIZES] [FORMATS]
#
# RUNS (default 11) runs of every command, interleaved so that a noisy
# machine slows all of them alike; SIZES defaults to "1M 4M"; FORMATS, the
# formats of the exports checked, to "csv" (add ndjson: "csv ndjson", and
# history, a history in CSV of the same tickets' events; the floor reads
# the CSV export of the same tickets in every case, and for a history also
# the history itself, "floor, history": its rows are four times as many). Measure on a
# quiet machine (uptime's load well under 1) and say what its load was.
# It needs Go, GNU time as /usr/bin/time (Debian/Ubuntu package "time")
# and about 400 MB in $TMPDIR.
set -euo pipefail

runs=${1:-11}
sizes=${2:-1M 4M}
formats=${3:-csv}
asof=2026-11-01T07:00:00Z

source "$(dirname "$0")/setup.sh"
for size in $sizes; do
	n=${size%M}000000
	for f in csv $formats; do
		if [ "$f" = history ]; then
			"$tmp/slaaudit" sample --tickets "$n" --seed 1 --month 2026-10 --shape history >"$tmp/$size.$f"
		else
			"$tmp/slaaudit" sample --tickets "$n" --seed 1 --month 2026-10 --format "$f" >"$tmp/$size.$f"
		fi
	done
done

# names lists the measured commands: the floor, then check --quiet and
# -o json for each format (quiet and json for CSV, quiet-ndjson ...).
names=floor
for f in $formats; do
	suffix=${f/#csv/}
	if [ "$f" = history ]; then
		names+=" floor-history"
	fi
	names+=" quiet${suffix:+-$suffix} json${suffix:+-$suffix}"
done

procs="1 2"
if (($(nproc) > 2)); then
	procs="$procs $(nproc)"
fi

# measure NAME CMD... appends "wall_seconds user_seconds sys_seconds" of
# CMD to $tmp/NAME.
measure() { timed '%e %U %S' "$@"; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
for size in $sizes; do
	for ((i = 0; i < runs; i++)); do
		for p in $procs; do
			measure "floor-$size-$p" "$tmp/floor" "$tmp/$size.csv"
			for f in $formats; do
				suffix=${f/#csv/}
				suffix=${suffix:+-$suffix}
				if [ "$f" = history ]; then
					measure "floor-history-$size-$p" "$tmp/floor" "$tmp/$size.history"
				fi
				measure "quiet$suffix-$size-$p" env GOMAXPROCS="$p" "$tmp/slaaudit" check "$tmp/$size.$f" --as-of "$asof" --quiet
				measure "json$suffix-$size-$p" env GOMAXPROCS="$p" "$tmp/slaaudit" check "$tmp/$size.$f" --as-of "$asof" -o json
			done
		done
	done
done

# median prints the median of the numbers on stdin, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 } END { printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stats NAME prints "median_wall slowest/median median_cpu".
stats() {
	local med slowest cpu
	med=$(cut -d' ' -f1 "$tmp/$1" | median)
	slowest=$(cut -d' ' -f1 "$tmp/$1" | sort -n | tail -n 1)
	cpu=$(awk '{ print $2 + $3 }' "$tmp/$1" | median)
	awk -v m="$med" -v s="$slowest" -v c="$cpu" 'BEGIN { printf "%.3f %.2f %.2f\n", m, s / m, c }'
}

echo "slaaudit check by GOMAXPROCS, $(date -u +%Y-%m-%d), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')),"
echo "$(go version | cut -d' ' -f3), medians of $runs paired runs, load average before: $load, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tickets | GOMAXPROCS | command | wall, median (s) | slowest / median | CPU, median (s) | × floor |"
echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: |"
for size in $sizes; do
	for p in $procs; do
		read -r fmed _ _ < <(stats "floor-$size-$p")
		for name in $names; do
			read -r med slow cpu < <(stats "$name-$size-$p")
			echo "| $size | $p | $(label "$name") | $med | $slow | $cpu | $(ratio "$med" "$fmed") |"
		done
	done
done
