#!/usr/bin/env bash
# bench.sh measures slaaudit check against the floor program (a bare
# encoding/csv read loop, testdata/bench/floor) on generated exports of 1M
# and 4M tickets, and prints a Markdown table of wall times, ratios to the
# floor and peak RSS, as in the README's "Performance" section.
#
# Usage, from the repository root:
#
#	testdata/bench/bench.sh [RUNS]
#
# RUNS (default 5) runs of every command, interleaved so that a noisy
# machine slows all of them alike; the table shows the best wall time (the
# least disturbed run), the median, and the peak RSS of the run with the best
# time. It needs Go, GNU time as /usr/bin/time (Debian/Ubuntu package
# "time") and about 500 MB in $TMPDIR.
set -euo pipefail

runs=${1:-5}
asof=2026-11-01T07:00:00Z

source "$(dirname "$0")/setup.sh"
"$tmp/slaaudit" sample --tickets 1000000 --seed 1 --month 2026-10 >"$tmp/1M.csv"
"$tmp/slaaudit" sample --tickets 4000000 --seed 1 --month 2026-10 >"$tmp/4M.csv"
# The built-in plans with every plan that has business hours on the business
# clock with US holidays: the slowest deadline arithmetic.
"$tmp/slaaudit" plans -o yaml | awk '
	/^  - key:/ { nohours = 0 }
	/business_hours: \{\}/ { nohours = 1 }
	/clock: elapsed/ && !nohours { print "    clock: business"; print "    holidays: {calendars: [us]}"; next }
	{ print }' >"$tmp/business.yaml"

# measure NAME CMD... appends "wall_seconds max_rss_kib" of CMD to $tmp/NAME.
measure() { timed '%e %M' "$@"; }

for size in 1M 4M; do
	for ((i = 0; i < runs; i++)); do
		measure "floor-$size" "$tmp/floor" "$tmp/$size.csv"
		measure "quiet-$size" "$tmp/slaaudit" check "$tmp/$size.csv" --as-of "$asof" --quiet
		measure "json-$size" "$tmp/slaaudit" check "$tmp/$size.csv" --as-of "$asof" -o json
		measure "business-$size" "$tmp/slaaudit" check "$tmp/$size.csv" --as-of "$asof" --quiet --plans "$tmp/business.yaml"
	done
done

# stats NAME prints "best median rss_of_best_in_MiB".
stats() {
	sort -n "$tmp/$1" | awk '
		{ wall[NR] = $1; rss[NR] = $2 }
		END {
			med = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.0f\n", wall[1], med, rss[1] / 1024
		}'
}

echo "slaaudit check, $(date -u +%Y-%m-%d), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//'))," \
	"$(go version | cut -d' ' -f3), best and median of $runs runs"
echo
echo "| tickets | command | wall, best (s) | wall, median (s) | × floor (best) | peak RSS (MiB) |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for size in 1M 4M; do
	read -r fbest fmed frss < <(stats "floor-$size")
	for name in floor quiet json business; do
		read -r best med rss < <(stats "$name-$size")
		echo "| $size | $(label "$name") | $best | $med | $(ratio "$best" "$fbest") | $rss |"
	done
done
read -r _ _ rss1 < <(stats quiet-1M)
read -r _ _ rss4 < <(stats quiet-4M)
echo
echo "--quiet memory slope from 1M to 4M tickets: $(awk -v a="$rss1" -v b="$rss4" 'BEGIN { printf "%.1f", (b - a) * 1048576 / 3e6 }') bytes per ticket"
