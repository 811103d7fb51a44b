package cmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A history and the equivalent ticket-row export, both written by `slaaudit
// sample` from one seed, give identical JSON verdicts (SPEC §6): everything
// but the row positions.
func TestHistoryAndRowsGiveIdenticalVerdicts(t *testing.T) {
	dir := t.TempDir()
	for _, seed := range []string{"1", "7", "42"} {
		verdicts := map[string][]map[string]any{}
		for _, shape := range []string{"rows", "history"} {
			export, errOut, code := runCLI(t, nil, "sample", "--tickets", "80", "--seed", seed, "--month", "2026-03",
				"--shape", shape, "--pending", "3", "--outside", "2")
			if code != 0 {
				t.Fatalf("sample: exit %d: %s", code, errOut)
			}
			path := filepath.Join(dir, shape+seed+".csv")
			if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, nil, "check", path, "--month", "2026-03", "--as-of", "2026-04-01", "-o", "json", "--fail-on", "none")
			if code != 0 {
				t.Fatalf("check %s: exit %d: %s", shape, code, errOut)
			}
			var rep struct {
				Tickets []map[string]any `json:"tickets"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			for _, tk := range rep.Tickets {
				delete(tk, "source")
			}
			verdicts[shape] = rep.Tickets
		}
		if len(verdicts["rows"]) == 0 {
			t.Fatalf("seed %s: no tickets", seed)
		}
		if !reflect.DeepEqual(verdicts["rows"], verdicts["history"]) {
			t.Errorf("seed %s: history verdicts differ from the rows verdicts", seed)
		}
	}
}
