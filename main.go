// Command slaaudit audits exported support-ticket histories against the
// response-time windows of their support plans. See README.md.
package main

import (
	"os"

	"github.com/slaaudit/slaaudit/cmd"
)

func main() { os.Exit(cmd.Main()) }
