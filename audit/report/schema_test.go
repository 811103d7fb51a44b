package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaPath is the JSON Schema of slaaudit's JSON output, linked from the
// README.
const schemaPath = "schema/report.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	return sch
}

// jsonGoldens lists every golden file that holds a JSON document: the check,
// credits, explain and plans outputs.
func jsonGoldens(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../../testdata/e2e/*-json.golden", "../../testdata/explain/*-json.golden", "../../testdata/report/*.json.golden"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	// Every golden that is a JSON document is in the list: none is missed
	// by a naming slip.
	err := filepath.Walk("../../testdata", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(b, []byte("{\n  \"schema_version\"")) {
			found := false
			for _, f := range files {
				found = found || filepath.Clean(f) == filepath.Clean(path)
			}
			if !found {
				t.Errorf("%s is a JSON document the schema test does not check", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d JSON goldens", len(files))
	}
	return files
}

// TestJSONGoldensMatchSchema validates every JSON golden against
// schema/report.schema.json (draft 2020-12), so that the schema users read
// is the shape slaaudit writes.
func TestJSONGoldensMatchSchema(t *testing.T) {
	sch := compileSchema(t)
	for _, path := range jsonGoldens(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := jsonschema.UnmarshalJSON(f)
			if err != nil {
				t.Fatalf("%s is not JSON: %v", path, err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("%s does not match %s:\n%v", path, schemaPath, err)
			}
		})
	}
}

// The schema is not a rubber stamp: documents with a field of the wrong
// type, a missing field or money as a JSON number are refused, and new keys
// are allowed (such as SPEC §10's breakdowns, within schema_version 1).
func TestSchemaRefusesWrongShapes(t *testing.T) {
	sch := compileSchema(t)
	load := func(path string) map[string]any {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	valid := func(doc map[string]any) error {
		b, _ := json.Marshal(doc)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return sch.Validate(v)
	}
	check := "../../testdata/e2e/sample-accounts-json.golden"
	credits := "../../testdata/e2e/credits-json.golden"
	tests := []struct {
		name   string
		file   string
		mutate func(map[string]any)
		ok     bool
	}{
		{"unchanged", check, func(map[string]any) {}, true},
		{"new top-level key", check, func(m map[string]any) { m["trends"] = []any{map[string]any{"by": "customer"}} }, true},
		{"breakdown without rows", check, func(m map[string]any) { m["breakdowns"] = []any{map[string]any{"by": "customer"}} }, false},
		{"breakdown by an unknown dimension", check, func(m map[string]any) { m["breakdowns"] = []any{map[string]any{"by": "team", "rows": []any{}}} }, false},
		{"summary without its percentiles", check, func(m map[string]any) {
			delete(m["summary"].([]any)[0].(map[string]any), "late_p90_seconds")
		}, false},
		{"input without its columns", check, func(m map[string]any) { delete(m["inputs"].([]any)[0].(map[string]any), "columns") }, false},
		{"new ticket key", check, func(m map[string]any) { ticket(m)["target"] = "premium" }, true},
		{"counts missing", check, func(m map[string]any) { delete(m, "counts") }, false},
		{"status unknown", check, func(m map[string]any) { ticket(m)["status"] = "late" }, false},
		{"instant not UTC", check, func(m map[string]any) { ticket(m)["submitted_at"] = "2026-10-02T10:30:00-07:00" }, false},
		{"late_seconds a string", check, func(m map[string]any) { ticket(m)["late_seconds"] = "900" }, false},
		{"attainment above 1", check, func(m map[string]any) { m["summary"].([]any)[0].(map[string]any)["attainment"] = 1.5 }, false},
		{"schema_version 2", check, func(m map[string]any) { m["schema_version"] = 2 }, false},
		{"percent a number", credits, func(m map[string]any) { credit(m)["percent"] = 5 }, false},
		{"amount a float", credits, func(m map[string]any) { credit(m)["amount"] = 60.5 }, false},
		{"uncapped_percent missing", credits, func(m map[string]any) { delete(credit(m), "uncapped_percent") }, false},
		{"currency lower case", credits, func(m map[string]any) { credit(m)["currency"] = "usd" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := load(tc.file)
			tc.mutate(doc)
			err := valid(doc)
			if tc.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tc.ok && err == nil {
				t.Errorf("accepted")
			}
		})
	}
}

func ticket(m map[string]any) map[string]any { return m["tickets"].([]any)[0].(map[string]any) }
func credit(m map[string]any) map[string]any { return m["credits"].([]any)[0].(map[string]any) }
