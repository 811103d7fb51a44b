package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// TestNewRefusesBadOptions: New used to accept a zero AsOf, which left
// every unanswered ticket pending; Validate says what is wrong and New
// panics with the same message.
func TestNewRefusesBadOptions(t *testing.T) {
	set := plans.Builtin()
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"no plans", Options{AsOf: pt(2026, 12, 1, 0, 0, 0)}, "Options.Plans is nil"},
		{"zero as-of", Options{Plans: set}, "Options.AsOf is the zero time"},
		{"as-of before 1900", Options{Plans: set, AsOf: time.Date(1899, 12, 31, 23, 0, 0, 0, set.Location)}, "year 1899, outside the years 1900–2199"},
		{"as-of after 2199", Options{Plans: set, AsOf: time.Date(2200, 1, 1, 0, 0, 0, 0, set.Location)}, "year 2200, outside the years 1900–2199"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
			defer func() {
				if r := recover(); r != err.Error() {
					t.Errorf("New panicked with %v, want %q", r, err)
				}
			}()
			New(tt.opts)
		})
	}
	if err := (Options{Plans: set, AsOf: time.Date(2199, 12, 31, 23, 0, 0, 0, set.Location)}).Validate(); err != nil {
		t.Errorf("Validate() at the end of 2199 = %v", err)
	}
}

// TestTicketOutsideYearsRejected: a ticket submitted or answered outside
// 1900–2199 (in the plans' zone) is rejected with a reason, where its lateness used to saturate
// time.Duration (the fuzz test skipped that case).
func TestTicketOutsideYearsRejected(t *testing.T) {
	set := plans.Builtin()
	a := New(Options{Plans: set, AsOf: pt(2026, 12, 1, 0, 0, 0), KeepTickets: true})
	a.Audit(&Ticket{ID: "old", Plan: "standard", Submitted: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)})
	a.Audit(&Ticket{ID: "future", Plan: "standard", Submitted: pt(2026, 10, 1, 9, 0, 0), FirstResponse: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)})
	a.Audit(&Ticket{ID: "edge", Plan: "standard", Submitted: time.Date(1900, 1, 1, 8, 0, 0, 0, set.Location)})
	r := a.Result()
	if r.Counts.Rejected != 2 || r.Counts.Audited != 1 {
		t.Fatalf("counts %+v, want 2 rejected and 1 audited", r.Counts)
	}
	got := r.Rejected.Slice()
	if got[0].Field != "submitted_at" || !strings.Contains(got[0].Reason, "is in the year 0, outside the years 1900–2199") {
		t.Errorf("rejection %+v", got[0])
	}
	if got[1].Field != "first_response_at" || !strings.Contains(got[1].Reason, "2299-12-31T16:00:00-08:00 is in the year 2299") {
		t.Errorf("rejection %+v", got[1])
	}
	if v := r.Tickets[0]; v.Status != Breached || v.Late <= 0 || v.Late > 130*365*24*time.Hour {
		t.Errorf("the 1900 ticket: %v late %v", v.Status, v.Late)
	}
}

// TestStringOutOfRange: String of a value outside the constants names it
// rather than panicking.
func TestStringOutOfRange(t *testing.T) {
	if got := Status(9).String(); got != "Status(9)" {
		t.Errorf("Status(9).String() = %q", got)
	}
	if got := Status(-1).String(); got != "Status(-1)" {
		t.Errorf("Status(-1).String() = %q", got)
	}
	if got := PlanSource(3).String(); got != "PlanSource(3)" {
		t.Errorf("PlanSource(3).String() = %q", got)
	}
	if got := Dimension(-2).String(); got != "Dimension(-2)" {
		t.Errorf("Dimension(-2).String() = %q", got)
	}
	if got := SortKey(4).String(); got != "SortKey(4)" {
		t.Errorf("SortKey(4).String() = %q", got)
	}
	if Breached.String() != "breached" || FromDefault.String() != "default" {
		t.Error("the named values changed")
	}
}

// TestRejectionMessage: the GitHub and JUnit reports print Message, the
// CLI's error lines print Error; both say the field only when one is at
// fault.
func TestRejectionMessage(t *testing.T) {
	tests := []struct {
		r             Rejection
		message, full string
	}{
		{Rejection{Source: Source{File: "x.csv", Line: 3}, Field: "submitted_at", Reason: `"2026-13-01" is not a time`},
			`submitted_at: "2026-13-01" is not a time`, `x.csv:3: submitted_at: "2026-13-01" is not a time`},
		{Rejection{Source: Source{File: "x.json", Index: 4, IsIndex: true}, Reason: "missing id"},
			"missing id", "x.json:#4: missing id"},
	}
	for _, tt := range tests {
		if got := tt.r.Message(); got != tt.message {
			t.Errorf("Message() = %q, want %q", got, tt.message)
		}
		if got := tt.r.Error(); got != tt.full {
			t.Errorf("Error() = %q, want %q", got, tt.full)
		}
	}
}
