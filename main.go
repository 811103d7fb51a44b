// Command slaaudit audits exported support-ticket histories against the
// response-time windows of their support plans. See README.md.
//
// Its Go packages: plans and audit are the stable library API; audit/ingest,
// audit/report, audit/sample and audit/textsafe serve this command and may
// change in any release (package audit's doc, "Stability", says which names).
package main

import (
	"os"
	// Embed the IANA zone database so that plans files and --input-tz work
	// the same on machines without zone files.
	_ "time/tzdata"

	"github.com/slaaudit/slaaudit/cmd"
)

func main() { os.Exit(cmd.Main()) }
