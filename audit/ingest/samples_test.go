package ingest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sampleDir holds the sample exports shared with the fuzz seeds.
const sampleDir = "../../testdata/ingest"

// TestSampleFiles reads each sample export through Open and compares the
// outcomes with its .golden file.
func TestSampleFiles(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	for _, name := range []string{"tickets.csv", "tickets.csv.gz", "tickets.json", "tickets_wrapped.json", "tickets.ndjson"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(sampleDir, name)
			var got []string
			for _, tz := range []struct {
				label string
				opts  Options
			}{{"without --input-tz", Options{}}, {"--input-tz America/Los_Angeles", Options{InputTZ: la}}} {
				got = append(got, "# "+tz.label)
				got = append(got, readFile(t, path, tz.opts)...)
			}
			text := strings.ReplaceAll(strings.Join(got, "\n")+"\n", sampleDir+"/", "")
			golden := filepath.Join(sampleDir, name+".golden")
			checkGolden(t, golden, text)
		})
	}
}

func readFile(t *testing.T, path string, opts Options) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	viaOpen := readAllOpen(t, path, opts)
	viaReader := readAll(t, string(data), path, opts)
	if strings.Join(viaOpen, "\n") != strings.Join(viaReader, "\n") {
		t.Errorf("Open and NewReader disagree:\n%s\n---\n%s", strings.Join(viaOpen, "\n"), strings.Join(viaReader, "\n"))
	}
	return viaOpen
}
