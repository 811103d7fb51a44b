# setup.sh is sourced by bench.sh, mem.sh and scaling.sh: it checks that
# GNU time and the repository root are there, makes $tmp (removed on exit)
# and builds slaaudit and the floor into it.

if [[ ! -x /usr/bin/time ]]; then
	echo "$(basename "$0"): /usr/bin/time (GNU time) is missing; install it, e.g. apt-get install -y time" >&2
	exit 2
fi
if [[ ! -f go.mod || ! -d testdata/bench/floor ]]; then
	echo "$(basename "$0"): run me from the repository root" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Built as the README builds the release binary: without cgo, linked
# statically like the floor (which links nothing that uses cgo), and
# optimised with the profile pgo.sh takes.
CGO_ENABLED=0 go build -pgo=cmd/slaaudit.pgo -o "$tmp/slaaudit" .
CGO_ENABLED=0 go build -o "$tmp/floor" ./testdata/bench/floor

# timed FORMAT NAME CMD... runs CMD once with stdout to /dev/null and
# appends GNU time's FORMAT line for it to $tmp/NAME. slaaudit exits 1 on a
# breach, which the sample has; any other failure stops the script.
timed() {
	local format=$1 name=$2
	shift 2
	local status=0
	/usr/bin/time -f "$format" -o "$tmp/time.out" "$@" >/dev/null || status=$?
	if ((status > 1)); then
		echo "$(basename "$0"): $* failed with status $status" >&2
		exit 2
	fi
	tail -n 1 "$tmp/time.out" >>"$tmp/$name"
}

# label NAME says what the runs named NAME ran.
label() {
	case $1 in
	floor) echo "floor (encoding/csv read loop)" ;;
	quiet) echo "slaaudit check --quiet" ;;
	json) echo "slaaudit check -o json > /dev/null" ;;
	quiet-ndjson) echo "slaaudit check --quiet, NDJSON" ;;
	json-ndjson) echo "slaaudit check -o json > /dev/null, NDJSON" ;;
	floor-history) echo "floor, reading the history" ;;
	quiet-history) echo "slaaudit check --quiet, history (CSV, ~4 events a ticket)" ;;
	json-history) echo "slaaudit check -o json > /dev/null, history" ;;
	business) echo "slaaudit check --quiet, business clock + US holidays" ;;
	esac
}

# ratio A B prints A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
