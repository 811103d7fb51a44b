package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/plans"
)

// The JSON report of an audit, written as the audit runs: NewJSONStream,
// its Add as the audit's OnVerdict, then Close with the result. No ticket
// is kept, so memory does not grow with the export.
func ExampleJSONStream() {
	set := plans.Builtin()
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 10, day, hour, minute, 0, 0, set.Location)
	}
	s := report.NewJSONStream(os.Stdout)
	a := audit.New(audit.Options{Plans: set, AsOf: at(31, 0, 0), From: at(1, 0, 0), To: at(31, 0, 0),
		OnVerdict: s.Add})
	a.Audit(&audit.Ticket{ID: "T-1", Customer: "acme", Plan: "premium", Channel: "chat", Priority: "high",
		Submitted: at(6, 10, 0), FirstResponse: at(6, 16, 0), Source: audit.Source{File: "export.csv", Line: 2}})
	if err := s.Close(a.Result(), report.Meta{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "schema_version": 1,
	//   "tickets": [
	//     {
	//       "id": "T-1",
	//       "customer": "acme",
	//       "plan": "premium",
	//       "channel": "chat",
	//       "priority": "high",
	//       "source": "export.csv:2",
	//       "submitted_at": "2026-10-06T17:00:00Z",
	//       "target": "premium",
	//       "class": "business",
	//       "window_seconds": 3600,
	//       "deadline": "2026-10-06T18:00:00Z",
	//       "first_response_at": "2026-10-06T23:00:00Z",
	//       "response_seconds": 21600,
	//       "status": "breached",
	//       "late_seconds": 18000,
	//       "unanswered": false,
	//       "severe": true,
	//       "reason": "",
	//       "warnings": []
	//     }
	//   ],
	//   "as_of": "2026-10-31T07:00:00Z",
	//   "timezone": "America/Los_Angeles",
	//   "period": {
	//     "from": "2026-10-01T07:00:00Z",
	//     "to": "2026-10-31T07:00:00Z"
	//   },
	//   "counts": {
	//     "rows": 1,
	//     "audited": 1,
	//     "excluded": 0,
	//     "rejected": 0,
	//     "outside_period": 0,
	//     "filtered": 0
	//   },
	//   "rejected": [],
	//   "summary": [
	//     {
	//       "plan": "premium",
	//       "tickets": 1,
	//       "met": 0,
	//       "breached": 1,
	//       "severe": 1,
	//       "pending": 0,
	//       "excluded": 0,
	//       "attainment": 0,
	//       "response_p50_seconds": 21600,
	//       "response_p90_seconds": 21600,
	//       "late_p50_seconds": 18000,
	//       "late_p90_seconds": 18000
	//     }
	//   ]
	// }
}

// A program reads the JSON report by key (the order of keys carries no
// meaning).
func ExampleJSONStream_readBack() {
	set := plans.Builtin()
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 10, day, hour, minute, 0, 0, set.Location)
	}
	var out bytes.Buffer
	s := report.NewJSONStream(&out)
	a := audit.New(audit.Options{Plans: set, AsOf: at(31, 0, 0), From: at(1, 0, 0), To: at(31, 0, 0),
		OnVerdict: s.Add})
	a.Audit(&audit.Ticket{ID: "T-1", Plan: "standard", Channel: "email", Submitted: at(5, 9, 0), FirstResponse: at(5, 10, 0)})
	a.Audit(&audit.Ticket{ID: "T-2", Plan: "premium", Channel: "chat", Submitted: at(6, 10, 0), FirstResponse: at(6, 16, 0)})
	if err := s.Close(a.Result(), report.Meta{}); err != nil {
		fmt.Println(err)
	}
	var doc struct {
		Counts  struct{ Rows, Audited int }
		Tickets []struct {
			ID, Status  string
			LateSeconds int `json:"late_seconds"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("rows %d, audited %d\n", doc.Counts.Rows, doc.Counts.Audited)
	for _, t := range doc.Tickets {
		fmt.Printf("%s %s, late %ds\n", t.ID, t.Status, t.LateSeconds)
	}
	// Output:
	// rows 2, audited 2
	// T-1 met, late 0s
	// T-2 breached, late 18000s
}
