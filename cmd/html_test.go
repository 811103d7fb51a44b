package cmd_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// sampleHTML is the monthly review of the sample export.
var sampleHTML = []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10",
	"--as-of", "2026-11-01T07:00:00Z", "--by", "customer", "--by", "week", "--due-within", "4h", "-o", "html"}

// TestHTMLGolden pins the -o html page of the sample export byte for byte
// (go test ./cmd -update rewrites it; open the golden in a browser to
// review a change).
func TestHTMLGolden(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"sample-html", sampleHTML, 1},
		{"sample-accounts-html", []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10",
			"--as-of", "2026-11-01T07:00:00Z", "--accounts", "testdata/accounts.csv", "--by", "hour", "--limit", "5", "-o", "html"}, 1},
		// An open period: the trend picks its step from the rows.
		{"sample-open-html", []string{"check", "testdata/export-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "-o", "html"}, 1},
		{"credits-html", []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv",
			"--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z", "-o", "html", "--detail"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, tc.args...)
			if code != tc.wantCode || errOut != "" {
				t.Fatalf("exit %d (want %d), stderr %q", code, tc.wantCode, errOut)
			}
			if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.HasSuffix(out, "</html>\n") {
				t.Errorf("not one whole HTML document: starts %q", out[:min(len(out), 40)])
			}
			golden(t, filepath.Join("e2e", tc.name+".golden"), out)
		})
	}
}

// TestHTMLDeterministic: the same run gives the same bytes whatever the
// machine's zone, locale and parallelism (SPEC §7, §10).
func TestHTMLDeterministic(t *testing.T) {
	args := append(append([]string(nil), sampleHTML...), "--accounts", "testdata/accounts.csv")
	first, _, _ := runCLI(t, nil, args...)
	for _, env := range [][]string{
		{"TZ=Asia/Kolkata", "LANG=de_DE.UTF-8"},
		{"TZ=UTC", "GOMAXPROCS=1"},
		{"TZ=America/New_York", "GOMAXPROCS=7", "LC_ALL=fr_FR.UTF-8"},
	} {
		if got, _, _ := runCLI(t, env, args...); got != first {
			t.Errorf("with %v the page differs", env)
		}
	}
}

// TestHTMLHeaderNotes: the page warns as the table does (unknown
// priorities, excluded channels) and names each ticket's target (SPEC §11).
func TestHTMLHeaderNotes(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "check", "testdata/plans/priorities-export.csv", "--plans", "testdata/plans/priorities.yaml",
		"--as-of", "2026-11-01T07:00:00Z", "-o", "html")
	if code != 1 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{
		`<p class="note">unknown priorities 4 (plan default applied): &#34;Blocker&#34; ×1, &#34;Sev 2&#34; ×2, &#34;urgentish&#34; ×1</p>`,
		`<p class="note">excluded 1: channel &#34;phone&#34; ×1</p>`,
		`<td>Business / urgent</td>`,
		`<div class="wide"><dt>Columns</dt><dd>id ← &#34;id&#34;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
