package audit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// SPEC §10: "priority normalised once §11's vocabulary exists". With a
// priorities list, the spellings of one priority are one row, excluded
// tickets included; a value that names no priority, and any value without
// a list, is its own row as written, trimmed.
func TestBreakdownByPriorityNormalised(t *testing.T) {
	withVocabulary, err := plans.Load(strings.NewReader(`timezone: America/Los_Angeles
priorities:
  - {key: urgent, aliases: [P1, "1 - Critical"]}
  - {key: low, aliases: [P4]}
plans:
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 4h, off_hours: 8h}
`), "vocabulary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	withoutVocabulary, err := plans.Load(strings.NewReader(`timezone: America/Los_Angeles
plans:
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 4h, off_hours: 8h}
`), "plain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := pt(2026, 10, 6, 10, 0, 0)
	feed := []Ticket{
		{ID: "1", Customer: "c", Plan: "gold", Channel: "web", Priority: "P1", Submitted: in, FirstResponse: in.Add(time.Minute)},
		{ID: "2", Customer: "c", Plan: "gold", Channel: "web", Priority: " 1 - Critical ", Submitted: in, FirstResponse: in.Add(time.Minute)},
		{ID: "3", Customer: "c", Plan: "gold", Channel: "web", Priority: "urgent", Submitted: in, FirstResponse: in.Add(time.Minute)},
		{ID: "4", Customer: "c", Plan: "gold", Channel: "phone", Priority: "p-1", Submitted: in}, // excluded
		{ID: "5", Customer: "c", Plan: "gold", Channel: "web", Priority: " P9 ", Submitted: in, FirstResponse: in.Add(time.Minute)},
		{ID: "6", Customer: "c", Plan: "gold", Channel: "web", Priority: "P4", Submitted: in, FirstResponse: in.Add(time.Minute)},
		{ID: "7", Customer: "c", Plan: "gold", Channel: "web", Submitted: in, FirstResponse: in.Add(time.Minute)},
	}
	tests := []struct {
		name string
		set  *plans.Set
		want []string
	}{
		{"with a vocabulary", withVocabulary, []string{" t1", "P9 t1", "low t1", "urgent t4"}},
		{"without", withoutVocabulary, []string{" t1", "1 - Critical t1", "P1 t1", "P4 t1", "P9 t1", "p-1 t1", "urgent t1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Options{Plans: tt.set, AsOf: pt(2026, 11, 1, 0, 0, 0), Reports: Reports{By: []Dimension{ByPriority}}})
			for i := range feed {
				tk := feed[i]
				a.Audit(&tk)
			}
			var got []string
			for _, g := range a.Result().Breakdowns[0].Rows {
				got = append(got, g.Key+" t"+string(rune('0'+g.Tickets)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
		})
	}
}
