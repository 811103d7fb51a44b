package cmd_test

import (
	"strings"
	"testing"
)

// The enumerated flags of SPEC §10 complete their values.
func TestReportFlagsComplete(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "check", "--by", ""}, []string{"customer", "channel", "priority", "plan", "month", "week", "day", "weekday", "hour"}},
		{[]string{"__complete", "check", "--sort", ""}, []string{"submitted", "late", "deadline", "customer"}},
		{[]string{"__complete", "check", "--plan", ""}, []string{"limited", "standard", "premium", "24x7"}},
		{[]string{"__complete", "credits", "--plan", ""}, []string{"limited", "standard", "premium", "24x7"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:3], " "), func(t *testing.T) {
			out, errOut, code := runInProcess(tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != len(tt.want)+1 || !strings.HasPrefix(lines[len(lines)-1], ":") {
				t.Fatalf("completions %q, want %q and a directive", lines, tt.want)
			}
			for i, w := range tt.want {
				if lines[i] != w {
					t.Errorf("completion %d = %q, want %q", i, lines[i], w)
				}
			}
		})
	}
}

// The flags of SPEC §10 are usage errors when wrong, naming the fix.
func TestReportFlagsRefuse(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--sort", "id"}, `--sort: "id" is not one of submitted, late, deadline, customer`},
		{[]string{"--due-within", "-1h"}, `--due-within: "-1h" is not a duration`},
		{[]string{"--customer", "  "}, "--customer: a blank name matches no customer"},
		{[]string{"--by", "customer,"}, `--by: "" is not one of`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, code := runInProcess(append([]string{"check", "testdata/e2e/clean.csv"}, tt.args...)...)
			if code != 2 || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.wantErr)
			}
		})
	}
}
