package plans

import (
	"os"
	"strings"
	"testing"
)

// The README's full plans-file example must stay a valid plans file.
func TestREADMEExampleLoads(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "A full example, with every field:")
	if i < 0 {
		t.Fatal("README has no plans-file example")
	}
	start := strings.Index(s[i:], "```yaml\n") + i + len("```yaml\n")
	end := strings.Index(s[start:], "```") + start
	set, err := Load(strings.NewReader(s[start:end]), "README.md")
	if err != nil {
		t.Fatalf("README example: %v", err)
	}
	if len(set.Plans) != 2 || set.Plans[0].Clock != BusinessClock {
		t.Errorf("README example loaded as %d plans, first clock %s", len(set.Plans), set.Plans[0].Clock)
	}
}
