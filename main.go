// Command slaaudit audits exported support-ticket histories against the
// response-time windows of their support plans. See README.md.
package main

import (
	"os"
	// Embed the IANA zone database so that plans files and --input-tz work
	// the same on machines without zone files.
	_ "time/tzdata"

	"github.com/slaaudit/slaaudit/cmd"
)

func main() { os.Exit(cmd.Main()) }
