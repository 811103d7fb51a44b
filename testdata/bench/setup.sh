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

go build -o "$tmp/slaaudit" .
go build -o "$tmp/floor" ./testdata/bench/floor
