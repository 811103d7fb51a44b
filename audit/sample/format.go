package sample

import (
	"bufio"
	"strconv"
	"time"
	"unicode/utf8"
)

// zonelessLayout writes a local wall-clock time with no zone: the form that
// SPEC §6 reads only with --input-tz.
const zonelessLayout = "2006-01-02T15:04:05"

// appendTime appends t as RFC 3339, in UTC ("Z") or with the offset of the
// instant in loc (-07:00 in summer, -08:00 in winter for Pacific time).
func appendTime(buf []byte, t time.Time, utc bool, loc *time.Location) []byte {
	if utc {
		return t.UTC().AppendFormat(buf, time.RFC3339)
	}
	return t.In(loc).AppendFormat(buf, time.RFC3339)
}

// appendSubmitted appends the submission time as the ticket's defect, if
// any, has it written.
func appendSubmitted(buf []byte, t *ticket, loc *time.Location) []byte {
	switch {
	case t.rawTime != "":
		return append(buf, t.rawTime...)
	case t.bad == zonelessTime:
		return t.submitted.In(loc).AppendFormat(buf, zonelessLayout)
	}
	return appendTime(buf, t.submitted, t.subUTC, loc)
}

// appendResponse appends the first response time, or nothing when
// unanswered.
func appendResponse(buf []byte, t *ticket, loc *time.Location) []byte {
	switch {
	case !t.answered():
		return buf
	case t.bad == zonelessTime:
		return t.response.In(loc).AppendFormat(buf, zonelessLayout)
	}
	return appendTime(buf, t.response, t.respUTC, loc)
}

// appendCSVField appends s, quoted when encoding/csv would quote it.
func appendCSVField(buf []byte, s string) []byte {
	quote := s != "" && (s[0] == ' ' || s[0] == '\t')
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			quote = true
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}

// appendJSONString appends s as a JSON string.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20:
			buf = append(buf, `\u00`...)
			buf = append(buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		case c < utf8.RuneSelf:
			buf = append(buf, c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			buf = utf8.AppendRune(buf, r)
			i += n
			continue
		}
		i++
	}
	return append(buf, '"')
}

// appendJSONField appends `"key":value` where value is a JSON string, or null
// when empty, preceded by a comma unless first.
func appendJSONField(buf []byte, key, value string, first bool) []byte {
	if !first {
		buf = append(buf, ',')
	}
	buf = appendJSONString(buf, key)
	buf = append(buf, ':')
	if value == "" {
		return append(buf, "null"...)
	}
	return appendJSONString(buf, value)
}

// jsonList writes records one per line, as NDJSON or inside one JSON array.
type jsonList struct {
	w     *bufio.Writer
	array bool
	n     int
}

func (l *jsonList) begin() error {
	if l.array {
		_, err := l.w.WriteString("[\n")
		return err
	}
	return nil
}

// record writes one object (without a trailing newline in buf).
func (l *jsonList) record(obj []byte) error {
	if l.array && l.n > 0 {
		l.w.WriteString(",\n")
	}
	l.n++
	l.w.Write(obj)
	if !l.array {
		return l.w.WriteByte('\n')
	}
	return nil
}

func (l *jsonList) end() error {
	if !l.array {
		return nil
	}
	if l.n > 0 {
		l.w.WriteByte('\n')
	}
	_, err := l.w.WriteString("]\n")
	return err
}

// idString formats a ticket id; "" for a missing one.
func appendID(buf []byte, id int) []byte {
	if id == 0 {
		return buf
	}
	return strconv.AppendInt(buf, int64(id), 10)
}
