package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
)

// Reading an export: Open binds its headers to the ticket fields (here
// through the aliases of SPEC §6), Binding says how, and Scan gives each
// row as a ticket or a rejection with its position.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "export.csv")
	export := "Ticket ID,Organization,Tier,Via,Created At,First Reply At,Notes\n" +
		"T-1,acme,premium,email,2026-10-05T09:00:00-07:00,2026-10-05T09:20:00-07:00,first\n" +
		"T-2,globex,standard,chat,2026-10-05 10:00,,zone-less: read in --input-tz\n" +
		"T-3,initech,standard,web,yesterday,,\n"
	if err := os.WriteFile(path, []byte(export), 0o600); err != nil {
		fmt.Println(err)
		return
	}

	la, _ := time.LoadLocation("America/Los_Angeles")
	r, err := ingest.Open(path, nil, ingest.Options{InputTZ: la})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	b := r.Binding()
	for _, c := range b.Columns {
		fmt.Printf("%s ← %q\n", c.Field, c.Source)
	}
	fmt.Println("unused:", b.Unused)

	var t audit.Ticket
	for r.Scan(&t) {
		if rj := r.Rejection(); rj != nil {
			fmt.Println("rejected", "line", rj.Source.Line, rj.Message())
			continue
		}
		fmt.Println(t.ID, t.Customer, t.Plan, t.Channel, t.Submitted.UTC().Format(time.RFC3339), t.Answered())
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id ← "Ticket ID"
	// customer ← "Organization"
	// plan ← "Tier"
	// channel ← "Via"
	// submitted_at ← "Created At"
	// first_response_at ← "First Reply At"
	// unused: [Notes]
	// T-1 acme premium email 2026-10-05T16:00:00Z true
	// T-2 globex standard chat 2026-10-05T17:00:00Z false
	// rejected line 4 submitted_at: "yesterday" is not a time
}
