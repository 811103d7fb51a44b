package cmd_test

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every JSON document the built binary writes matches the JSON Schema the
// README links to, including the edge cases no golden holds: an audit of
// nothing accepted with --allow-empty, an input with no rows, credits with
// --detail, explain of each verdict, a history, the plans.
func TestJSONOutputMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../audit/report/schema/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"check", "testdata/export-2026-10.csv", "--month", "2026-10", "--accounts", "testdata/accounts.csv"},
		{"check", "testdata/e2e/clean.csv", "--month", "2026-09", "--allow-empty"},
		{"check", "testdata/trust/no-rows.csv"},
		{"check", "testdata/trust/zoneless.csv", "--allow-empty"},
		{"check", "testdata/history-2026-10.csv"},
		{"check", "testdata/trust/control.csv"},
		{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts/readme.csv", "--month", "2026-10", "--detail"},
		{"explain", "testdata/export-2026-10.csv", "1021", "--accounts", "testdata/accounts.csv"},
		{"explain", "testdata/e2e/rejected.csv", "401"},
		{"plans"},
	}
	for _, args := range runs {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			args = append(args, "-o", "json")
			if args[0] != "plans" {
				args = append(args, asOfFixed)
			}
			out, errOut, code := runCLI(t, nil, args...)
			if code == 2 {
				t.Fatalf("exit 2: %s", errOut)
			}
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			if err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("does not match the schema: %v", err)
			}
		})
	}
}
