#!/usr/bin/env bash
# pgo.sh takes the CPU profile that the release build is optimised with
# (profile-guided optimisation, go build -pgo; README "Performance") from
# BenchmarkReleaseProfile (cmd/pgo_test.go) and writes it to
# cmd/slaaudit.pgo. Run it from the repository root when the hot code has
# changed much, on a quiet machine, and commit the profile with the figures
# of a paired run against a build without it.
set -euo pipefail

if [[ ! -f go.mod || ! -d cmd ]]; then
	echo "$(basename "$0"): run me from the repository root" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test ./cmd -run '^$' -bench '^BenchmarkReleaseProfile$' -benchtime 10x \
	-cpuprofile "$tmp/cpu.pprof" -o "$tmp/cmd.test"
cp "$tmp/cpu.pprof" cmd/slaaudit.pgo
echo "wrote cmd/slaaudit.pgo"
