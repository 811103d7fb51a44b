package report

import "encoding/binary"

// The compact records a report keeps while an audit runs (JUnitTickets):
// varints and length-prefixed strings, appended with encoding/binary and
// read back with a recReader.

// appendRecString appends s to a record: a uvarint length and the bytes.
func appendRecString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// recReader decodes records: b[i:] is what is left.
type recReader struct {
	b []byte
	i int
}

func (r *recReader) more() bool { return r.i < len(r.b) }

func (r *recReader) byte() byte {
	c := r.b[r.i]
	r.i++
	return c
}

// uvarint is small enough to be inlined, for the most values, which take
// one byte; the others take a call.
func (r *recReader) uvarint() uint64 {
	if c := r.b[r.i]; c < 0x80 {
		r.i++
		return uint64(c)
	}
	return r.uvarintLong()
}

func (r *recReader) uvarintLong() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	r.i += n
	return v
}

// unzig undoes the zig-zag encoding of binary.AppendVarint: a varint is
// unzig(r.uvarint()), so that both inline.
func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// bytes reads a string appended by appendRecString.
func (r *recReader) bytes() []byte {
	n := int(r.uvarint())
	s := r.b[r.i : r.i+n]
	r.i += n
	return s
}
