package ingest

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestJSON(t *testing.T) {
	runReadCases(t, "export.json", []readCase{{
		name:  "array",
		input: `[{"id":"4711","customer":"acme","plan":"premium","channel":"email","priority":"high","submitted_at":"2026-10-02T17:30:00Z","first_response_at":"2026-10-02T18:45:00Z"},` + "\n" + `{"id":"2","submitted_at":"2026-10-02T17:30:00-07:00","first_response_at":null}]`,
		want: []string{
			"export.json:#0 id=4711 customer=acme plan=premium channel=email priority=high submitted=2026-10-02T17:30:00Z response=2026-10-02T18:45:00Z",
			"export.json:#1 id=2 submitted=2026-10-03T00:30:00Z",
		},
	}, {
		name:  "empty array",
		input: " [ ] ",
		want:  nil,
	}, {
		name:  "numbers as ids, aliases, the canonical key wins",
		input: `[{"ticket_id":4711,"id":1,"Created At":"2026-10-02T17:30:00Z","org":"acme","tier":7}]`,
		want:  []string{"export.json:#0 id=1 customer=acme plan=7 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "nested unknown fields are ignored",
		input: `[{"id":1,"via":"web","meta":{"a":[1,{"b":"}"}]},"submitted_at":"2026-10-02T17:30:00Z","tags":["x"]}]`,
		want:  []string{"export.json:#0 id=1 channel=web submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "escaped strings",
		input: `[{"id":"a\"b","customer":"Caf\u00e9 \\ Co","submitted_at":"2026-10-02T17:30:00Z"}]`,
		want:  []string{`export.json:#0 id=a"b customer=Café \ Co submitted=2026-10-02T17:30:00Z`},
	}, {
		name:  "row rejections",
		input: `[1, "x", null, [], {"submitted_at":"2026-10-02T17:30:00Z"}, {"id":true,"submitted_at":"2026-10-02T17:30:00Z"}, {"id":1,"submitted_at":1759426200}, {"id":1,"submitted_at":"2026-10-02T17:30:00Z","first_response_at":5}, {"id":1,"submitted_at":"2026-10-02T17:30:00Z","customer":{"name":"x"}}, {"id":1,"submitted_at":"2026-10-02T17:30:00Z","first_response_minutes":-3}]`,
		want: []string{
			"REJECT export.json:#0: a number is not a ticket object",
			"REJECT export.json:#1: a string is not a ticket object",
			"REJECT export.json:#2: null is not a ticket object",
			"REJECT export.json:#3: an array is not a ticket object",
			"REJECT export.json:#4: id: missing id",
			"REJECT export.json:#5: id: true is not a string or number",
			"REJECT export.json:#6: submitted_at: 1759426200 is a number, not a time (numbers are read as times only with the unix or unix_ms time layout)",
			"REJECT export.json:#7: first_response_at: 5 is a number, not a time (numbers are read as times only with the unix or unix_ms time layout)",
			`REJECT export.json:#8: customer: {"name":"x"} is not a string or number`,
			`REJECT export.json:#9: first_response_minutes: "-3" is negative`,
		},
	}, {
		name:  "object with tickets",
		input: "{\n  \"exported\": {\"by\": [\"x\"]},\n  \"tickets\": [\n    {\"id\": 1, \"submitted_at\": \"2026-10-02T17:30:00Z\"},\n    {\"id\": 2, \"submitted_at\": \"2026-10-02T17:30:00Z\"}\n  ],\n  \"next\": null\n}\n",
		want: []string{
			"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z",
			"export.json:#1 id=2 submitted=2026-10-02T17:30:00Z",
		},
	}, {
		name:  "object with tickets on one line",
		input: `{"count":1,"tickets":[{"id":1,"submitted_at":"2026-10-02T17:30:00Z"}]}`,
		want:  []string{"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "object without tickets",
		input: "{\n\"count\": 0\n}",
		want:  []string{`ERROR export.json: JSON object has no "tickets" array`},
	}, {
		name:  "tickets is not an array",
		input: "{\n\"tickets\": {}\n}",
		want:  []string{`ERROR export.json:2: found "{" where "[" belongs`},
	}, {
		name:  "NDJSON detected by content",
		file:  "export.json",
		input: "{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n\n  \n{\"id\":2,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\r\n[3]\n{\"id\":4,\"submitted_at\":\"2026-10-02\"}",
		want: []string{
			"export.json:1 id=1 submitted=2026-10-02T17:30:00Z",
			"export.json:4 id=2 submitted=2026-10-02T17:30:00Z",
			"REJECT export.json:5: an array is not a ticket object",
			`REJECT export.json:6: submitted_at: "2026-10-02" is not a time`,
		},
	}, {
		name:  "NDJSON by extension",
		file:  "export.jsonl",
		input: "\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n",
		want:  []string{"export.jsonl:2 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "NDJSON syntax error",
		file:  "export.ndjson",
		input: "{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n{\"id\":2,}\n",
		want: []string{
			"export.ndjson:1 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.ndjson:2: invalid JSON: column 9: invalid character '}' looking for beginning of object key string",
		},
	}, {
		name:  "array syntax error names the line",
		input: "[\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"},\n{\"id\":2,\n\"submitted_at\" \"x\"}\n]",
		want: []string{
			"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.json:4: invalid character '\"' after object key",
		},
	}, {
		name:  "truncated array",
		input: "[\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"},\n",
		want: []string{
			"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.json:3: unexpected end of JSON input",
		},
	}, {
		name:  "data after the array",
		input: "[]\n[]",
		want:  []string{"ERROR export.json:2: unexpected data after the end of the JSON value"},
	}, {
		name:  "too deep",
		input: `[{"id":1,"submitted_at":"2026-10-02T17:30:00Z","x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}]`,
		want:  []string{"ERROR export.json:#0: JSON nests deeper than 64 levels"},
	}, {
		name:  "deep enough",
		input: `[{"id":1,"submitted_at":"2026-10-02T17:30:00Z","x":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}]`,
		want:  []string{"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "element too large",
		input: `[{"id":1,"submitted_at":"2026-10-02T17:30:00Z"},{"id":"` + strings.Repeat("x", MaxRecordBytes+1) + `"}]`,
		want: []string{
			"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.json:#1: record is larger than 1 MiB",
		},
	}, {
		name:  "NDJSON line too large",
		file:  "export.ndjson",
		input: "\n{\"id\":\"" + strings.Repeat("x", MaxRecordBytes) + "\"}\n",
		want:  []string{"ERROR export.ndjson:2: record is larger than 1 MiB"},
	}, {
		name:  "empty JSON file",
		input: "  \n",
		want:  []string{"ERROR export.json: no JSON value (empty input)"},
	}, {
		name:  "JSON file that is not JSON",
		input: "id,submitted_at\n",
		want:  []string{`ERROR export.json:1: JSON input starts with 'i'; want an array, an object with a "tickets" array, or one object per line`},
	}, {
		name:  "content sniffing picks JSON from stdin",
		file:  "stdin",
		input: "\uFEFF\n [{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}]",
		want:  []string{"stdin:#0 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "--map in JSON",
		opts:  Options{Map: map[string]string{"submitted_at": "opened"}},
		input: `[{"id":1,"created_at":"2026-01-01T00:00:00Z","Opened":"2026-10-02T17:30:00Z"}]`,
		want:  []string{"export.json:#0 id=1 submitted=2026-10-02T17:30:00Z"},
	}})
}

// TestTooDeepAgrees: tooDeep, which counts openers before it walks, tells
// exactly what maxDepth does, for values nesting around MaxDepth with
// openers and closers inside strings too.
func TestTooDeepAgrees(t *testing.T) {
	// At the bound, where the count alone decides.
	for _, depth := range []int{MaxDepth - 1, MaxDepth, MaxDepth + 1} {
		for _, s := range []string{
			strings.Repeat("[", depth) + "1" + strings.Repeat("]", depth),
			strings.Repeat(`{"k":`, depth) + "1" + strings.Repeat("}", depth),
		} {
			if got, want := tooDeep(s), depth > MaxDepth; got != want {
				t.Errorf("tooDeep of %d levels = %v, want %v", depth, got, want)
			}
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		var b strings.Builder
		var open []byte
		depth := rapid.IntRange(0, MaxDepth+3).Draw(rt, "depth")
		for len(open) < depth {
			if rapid.Bool().Draw(rt, "object") {
				b.WriteString(`{"k":`)
				open = append(open, '}')
			} else {
				b.WriteString("[")
				open = append(open, ']')
			}
			if rapid.IntRange(0, 3).Draw(rt, "string") == 0 {
				// Openers in a string do not nest, but they count.
				b.WriteString(rapid.SampledFrom([]string{`"{{[["`, `"\"[{"`, `"]}"`}).Draw(rt, "s"))
				if open[len(open)-1] == '}' {
					b.WriteString(`,"j":`)
				} else {
					b.WriteString(",")
				}
			}
		}
		b.WriteString("1")
		for i := len(open) - 1; i >= 0; i-- {
			b.WriteByte(open[i])
		}
		s := b.String()
		if got, want := tooDeep(s), maxDepth(s) > MaxDepth; got != want {
			t.Fatalf("tooDeep(%q) = %v, maxDepth %d", s, got, maxDepth(s))
		}
		if maxDepth(s) != min(depth, MaxDepth+1) && maxDepth(s) != depth {
			t.Fatalf("maxDepth(%q) = %d, built %d deep", s, maxDepth(s), depth)
		}
	})
}
