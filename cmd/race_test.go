//go:build race

package cmd_test

// raceEnabled says that the tests run with the race detector, so that the
// end-to-end binary is built with it too (e2e_test.go).
const raceEnabled = true
