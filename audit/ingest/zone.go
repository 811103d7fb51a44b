package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// A zone the file itself states (SPEC §9): Zammad writes its times as wall
// clocks and names their zone on a "Timezone: <zone>" line below the table,
// in the .xlsx download (sheetZone) and in a CSV saved from it. A preset
// whose footer is such a line (zonePrefix) says that its files state their
// zone this way.

// statesZone reports whether the preset's files state their zone on a
// footer line.
func (p *preset) statesZone() bool {
	return p != nil && len(p.footer) >= len(zonePrefix) && strings.EqualFold(p.footer[:len(zonePrefix)], zonePrefix)
}

// zoneTailBytes is how much of the end of a CSV file is read for its zone
// line: the line and the blank rows around it take a few hundred bytes.
const zoneTailBytes = 8 << 10

// csvTrailerZone reads the zone a CSV file states on a "Timezone: <zone>"
// line after its table, before the file is streamed. in must be a regular
// file read as is (not stdin, not .gz): the end of a stream is known only
// when it has been read, and by then its times have been. The zone line
// is the last line that is not blank (or made of delimiters only); its
// first field is "Timezone: <zone>". ok is false when the file states no
// zone, or cannot be read from its end.
func csvTrailerZone(in io.Reader, name string, delim rune) (loc *time.Location, ok bool, err error) {
	f, isFile := in.(*os.File)
	if !isFile {
		return nil, false, nil
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return nil, false, nil
	}
	off := max(fi.Size()-zoneTailBytes, 0)
	buf := make([]byte, fi.Size()-off)
	if n, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
		return nil, false, nil
	} else {
		buf = buf[:n]
	}
	if off > 0 {
		// The first line of the tail may be cut; it is not the last line
		// unless the tail has no newline, and then there is no zone line.
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return nil, false, nil
		}
		buf = buf[i+1:]
	}
	lines := bytes.Split(buf, []byte{'\n'})
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(string(lines[i]))
		if strings.Trim(line, string(delim)+" \t\"") == "" {
			continue
		}
		cell, _, _ := strings.Cut(line, string(delim))
		cell = strings.TrimSpace(strings.Trim(strings.TrimSpace(cell), `"`))
		if len(cell) < len(zonePrefix) || !strings.EqualFold(cell[:len(zonePrefix)], zonePrefix) {
			return nil, false, nil
		}
		z := strings.TrimSpace(cell[len(zonePrefix):])
		loc, err := time.LoadLocation(z)
		if err != nil || z == "Local" || z == "" {
			return nil, false, &FileError{Source: audit.Source{File: name}, Err: fmt.Errorf("the last line states the zone %q, which is not a time zone slaaudit knows", clip(z))}
		}
		return loc, true, nil
	}
	return nil, false, nil
}

// statedZone applies a zone the file states (SPEC §9): it reads the
// file's zone-less times unless a zone was given (Options.InputTZ), which
// wins; when the two differ, the returned warning names both. source says
// where the file states it, for the report.
func (r *Reader) statedZone(b *Binding, zone *time.Location, source string) {
	switch given := r.opts.InputTZ; {
	case given == nil:
		r.opts.InputTZ = zone
		b.Zone, b.ZoneSource = zone, source
	case given.String() != zone.String():
		b.Warnings = append(b.Warnings, fmt.Sprintf("zone: %s states %s, but the times are read in %s, the zone given", source, zone, given))
	}
}
