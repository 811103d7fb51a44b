// Package cmd wires slaaudit's commands: flags, validation, choosing readers
// and renderers, and exit codes. It holds no audit logic.
package cmd

// Main runs slaaudit with os.Args and returns the exit status.
func Main() int { return 0 }
