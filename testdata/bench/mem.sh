#!/usr/bin/env bash
# mem.sh measures the peak resident memory (GNU time's "Maximum resident set
# size") of slaaudit on generated inputs, one run at a time, and prints the
# Markdown table of the README's "Performance" section (SPEC §12: under
# 100 MiB at 1M tickets for every format, growing by at most ~40 bytes a
# ticket beyond):
#
#   - check in every -o format, and credits, at 1M and 4M tickets (rows);
#   - check -q and -o json on 1M rejected rows (every row has an unknown
#     plan, each a different one, so that no reason repeats);
#   - check -q and -o json on a 1M-ticket history (one row per event);
#   - check -q, -o json and -o table on 1M tickets in NDJSON and in a
#     JSON array;
#   - check on 3,000 rows just under the 1 MiB record limit;
#   - sample --tickets 10000000 piped into check - -q (sample's memory).
#
# Usage, from the repository root:
#
#	testdata/bench/mem.sh [SIZES]
#
# SIZES defaults to "1M 4M". It needs Go, GNU time as /usr/bin/time
# (Debian/Ubuntu package "time") and about 3.2 GB in $TMPDIR (the file of
# 3,000 rows near the 1 MiB record limit is 3 GB; every file is removed as
# soon as it has been measured).
set -euo pipefail

sizes=${1:-1M 4M}
asof=2026-11-01T07:00:00Z

source "$(dirname "$0")/setup.sh"
bin=$tmp/slaaudit

# rss CMD... runs CMD with stdout to /dev/null and prints its peak RSS in
# MiB. slaaudit exits 1 on a breach; any other failure stops the script.
rss() {
	local status=0
	/usr/bin/time -f '%M' -o "$tmp/time.out" "$@" >/dev/null || status=$?
	if ((status > 1)); then
		echo "mem.sh: $* failed with status $status" >&2
		exit 2
	fi
	# GNU time writes "Command exited with non-zero status 1" first on
	# exit 1.
	tail -n 1 "$tmp/time.out" | awk '{ printf "%.0f", $1 / 1024 }'
}

count() {
	case $1 in
	*M) echo $((${1%M} * 1000000)) ;;
	*) echo "$1" ;;
	esac
}

echo "slaaudit peak RSS, $(date -u +%Y-%m-%d), $(go version | cut -d' ' -f3), in MiB"
echo
formats="table markdown json csv junit github"
printf '| tickets (rows) | check -q'
for f in $formats; do printf ' | check -o %s' "$f"; done
printf ' | credits | credits --detail |\n'
printf '| ---: | ---:'
for f in $formats; do printf ' | ---:'; done
printf ' | ---: | ---: |\n'
for size in $sizes; do
	n=$(count "$size")
	"$bin" sample --tickets "$n" --seed 1 --month 2026-10 >"$tmp/$size.csv"
	row="| $size | $(rss "$bin" check "$tmp/$size.csv" --as-of $asof -q)"
	for f in $formats; do
		row+=" | $(rss "$bin" check "$tmp/$size.csv" --as-of $asof -o "$f")"
	done
	row+=" | $(rss "$bin" credits "$tmp/$size.csv" --as-of $asof --accounts testdata/accounts.csv)"
	row+=" | $(rss "$bin" credits "$tmp/$size.csv" --as-of $asof --accounts testdata/accounts.csv --detail)"
	echo "$row |"
	rm -f "$tmp/$size.csv"
done

echo
echo "| input | command | peak RSS (MiB) |"
echo "| --- | --- | ---: |"
# 1M rejected rows: the rows of a 1M export but the first, each with a plan
# no plans file has ("unknown plan \"gold-17\""), so that every reason is
# different. The first row is audited, so that the run is not empty.
"$bin" sample --tickets 1000001 --seed 1 --month 2026-10 |
	awk -F, -v OFS=, 'NR > 2 { $3 = "gold-" NR } { print }' >"$tmp/rejected.csv"
echo "| 1M rejected rows | check -q | $(rss "$bin" check "$tmp/rejected.csv" --as-of $asof -q) |"
for f in table markdown json csv; do
	echo "| 1M rejected rows | check -o $f | $(rss "$bin" check "$tmp/rejected.csv" --as-of $asof -o $f) |"
done
rm -f "$tmp/rejected.csv"

"$bin" sample --tickets 1000000 --seed 1 --month 2026-10 --shape history >"$tmp/history.csv"
echo "| 1M-ticket history ($(($(wc -l <"$tmp/history.csv") - 1)) events) | check -q | $(rss "$bin" check "$tmp/history.csv" --as-of $asof -q) |"
echo "| 1M-ticket history | check -o json | $(rss "$bin" check "$tmp/history.csv" --as-of $asof -o json) |"
rm -f "$tmp/history.csv"

# NDJSON and a JSON array, which are split into chunks from two cores on,
# as CSV is.
for format in ndjson json; do
	"$bin" sample --tickets 1000000 --seed 1 --month 2026-10 --format $format >"$tmp/1M.$format"
	for f in -q "-o json" "-o table"; do
		# shellcheck disable=SC2086 # $f is a flag and its value
		echo "| 1M tickets, $format | check $f | $(rss "$bin" check "$tmp/1M.$format" --as-of $asof $f) |"
	done
	rm -f "$tmp/1M.$format"
done

# 3,000 rows just under the 1 MiB record limit (3 GB, one customer name
# of 1 MiB - 100 bytes): the reader bounds the bytes in flight, not rows.
x=$(head -c 1048476 /dev/zero | tr '\0' x)
{
	echo "id,customer,plan,channel,submitted_at,first_response_at"
	for ((i = 1; i <= 3000; i++)); do
		printf '%d,%s,premium,email,2026-10-05T16:00:00Z,2026-10-05T16:30:00Z\n' "$i" "$x"
	done
} >"$tmp/big-records.csv"
for f in -q "-o table" "-o markdown" "-o csv" "-o json"; do
	# shellcheck disable=SC2086 # $f is a flag and its value
	echo "| 3,000 rows of just under 1 MiB each | check $f | $(rss "$bin" check "$tmp/big-records.csv" --as-of $asof $f) |"
done
rm -f "$tmp/big-records.csv"

# sample's own memory while it streams 10M tickets into check.
/usr/bin/time -f '%M' -o "$tmp/sample.time" "$bin" sample --tickets 10000000 --seed 1 --month 2026-10 |
	"$bin" check - --as-of $asof -q || true
echo "| sample --tickets 10000000 \\| check - -q | sample | $(tail -n 1 "$tmp/sample.time" | awk '{ printf "%.0f", $1 / 1024 }') |"
