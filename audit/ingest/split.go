package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/slaaudit/slaaudit/audit"
)

// Splitter cuts the rows of a ticket export in CSV (after its header),
// NDJSON or a JSON array into chunks of whole records, which other
// goroutines then read at once (Splitter.Reader): reading a record costs
// far more than finding where it ends, so one goroutine finding the ends
// keeps several reading.
//
// In NDJSON every newline ends a record: a JSON text has none inside a
// string. A JSON array's records the Splitter decodes itself, in order,
// with the sequential reader's own decoder (nextDecoded), and the chunks'
// readers do the rest. What the sequential reader checks at the end of a
// JSON input, the keys its records had (SPEC §9), Splitter.End checks over
// the chunks' keys, folded in input order.
//
// In CSV a record ends at a newline outside quotes. Splitter reads the
// input in order from the header on, so it always knows whether it is
// inside a quoted field: with strict quotes (SPEC §3 "CSV") a newline is outside
// quotes exactly when an even number of quotes precede it in its record,
// up to the first malformed record, where the sequential reader stops with
// an error in any case. So a chunk starts where a record starts, its first
// line is known, and reading it gives the very rows, rejections, positions
// and errors the sequential reader gives for those bytes
// (TestSplitAgrees).
//
// Where no record ends within MaxRecordBytes after a chunk's size is
// reached — a record that is too large, or quotes broken early — and when
// the input fails to read, the chunk is the last one and is followed by the
// rest of the input (Chunk.Rest): its caller reads it in order, as it reads
// an input that cannot be split, and it ends in the file error the
// sequential reader would give.
//
// The rest of a regular file in CSV or NDJSON of at least 1 MiB is mapped
// into memory (mapped.go), and its chunks are cut out of the mapping
// rather than read into memory of their own (nextMapped), with the same
// record ends (TestSplitMappedAgrees).
type Splitter struct {
	// r is the reader whose header has been read, and src (CSV) or json
	// (NDJSON or a JSON array) its source; br is what the source read
	// from so far, and the chunks now (not for an array, which the
	// source's own decoder reads).
	r    *Reader
	src  *csvSource
	json *rowJSON
	recs *jsonRecords // of json, or of a history in JSON
	br   io.Reader
	// fold folds the keys the chunks of a JSON input saw (End); decoded
	// says that the input is a JSON array, whose records the Splitter
	// decodes (nextDecoded).
	fold    *jsonFold
	decoded bool
	// chunks counts the chunks so far.
	chunks int
	// line counts the lines before the next chunk.
	line int
	// carry holds what was read past the end of the last chunk.
	carry []byte
	// size and maxLines bound a chunk: it ends at the first record end at
	// or after size bytes or maxLines lines.
	size, maxLines int
	done           bool
	// mapped, when not nil, is the rest of the input, mapped: chunks are
	// cut out of it until it ends (nextMapped).
	mapped *mapping
}

// Split returns a Splitter for the rest of the input, or nil when the input
// cannot be split: it is not an export of ticket rows in CSV with a
// one-byte delimiter, NDJSON or a JSON array, or rows have been scanned
// already. Once Split returns a Splitter, the Reader gives its Layout, and
// its Binding once End has been called, but is not scanned any more;
// closing it closes the input.
//
// A chunk ends at the first record end at or after size bytes or maxLines
// lines, or for a JSON array records (at least 1 each).
func (r *Reader) Split(size, maxLines int) *Splitter {
	return r.newSplitter(size, maxLines, false)
}

// SplitMapped is Split for an input whose rest is mapped into memory (a
// regular file of CSV or NDJSON, not compressed, of at least 1 MiB): it
// returns nil, and leaves the Reader as it was, for any other. Reading
// the chunks of a mapped input in order, on one goroutine, reads it with
// no copy of its bytes.
func (r *Reader) SplitMapped(size, maxLines int) *Splitter {
	return r.newSplitter(size, maxLines, true)
}

// newSplitter is Split, or with mappedOnly SplitMapped.
func (r *Reader) newSplitter(size, maxLines int, mappedOnly bool) *Splitter {
	if r.hist != nil || r.err != nil || r.scanned {
		return nil
	}
	s := &Splitter{r: r, size: max(size, 1), maxLines: max(maxLines, 1)}
	switch src := r.src.(type) {
	case *csvSource:
		if src.sc == nil {
			return nil
		}
		s.src, s.br, s.line = src, src.sc.br, src.sc.line
	case *rowJSON:
		s.json, s.recs, s.fold = src, src.recs, &jsonFold{pending: map[int]jsonKeys{}}
		if !src.recs.ndjson {
			// A JSON array: its records are decoded in order here.
			s.decoded = true
			break
		}
		// NDJSON: a record is a line, since a JSON text has no newline
		// inside a string.
		s.br, s.line = src.recs.br, src.recs.line
	default:
		return nil
	}
	if !s.openRest(mappedOnly) {
		return nil
	}
	r.scanned, r.split = true, true
	return s
}

// openRest maps the rest of the input when it can (mapRest), or else reads
// it past the buffer when s reads the Reader's stream; with mappedOnly it
// does nothing and reports false when the input does not map.
func (s *Splitter) openRest(mappedOnly bool) bool {
	r := s.r
	if s.br == r.stream {
		s.mapped = r.mapRest()
	}
	if mappedOnly && s.mapped == nil {
		return false
	}
	if s.br == r.stream && s.mapped == nil {
		// Read what the buffer holds, then straight into the chunks: a
		// copy through the buffer cost as much as finding the records.
		s.br = &drained{buf: r.stream, rest: r.unbuffered}
	}
	return true
}

// drained reads what buf holds, then from rest.
type drained struct {
	buf  *bufio.Reader
	rest io.Reader
}

func (d *drained) Read(p []byte) (int, error) {
	if d.buf != nil {
		if d.buf.Buffered() > 0 {
			return d.buf.Read(p)
		}
		// An empty read returns the error buf met filling itself, if any
		// (a size limit met while detecting the layout).
		_, err := d.buf.Read(nil)
		d.buf = nil
		if err != nil {
			return 0, err
		}
	}
	return d.rest.Read(p)
}

// Chunk is a run of whole records of a split input.
type Chunk struct {
	// Data holds the records' bytes.
	Data []byte
	// line counts the lines of the input before Data; n counts the
	// chunks before this one.
	line, n int
	// lens, index and tail are a chunk of decoded JSON records: Data
	// holds them one after the other, each as long as lens says, the
	// first being record index of the input; tail is the error that
	// follows the last (io.EOF when none does).
	lens  []int
	index int
	tail  error
	// rest, when not nil, follows Data: the rest of the input, or a reader
	// that fails with the error that ended reading. Such a chunk is the
	// last.
	rest io.Reader
}

// Rest reports whether the rest of the input follows the chunk's Data, so
// that reading it may take any time and memory a sequential read of the
// input takes (see Splitter). Such a chunk is the last.
func (c *Chunk) Rest() bool { return c.rest != nil }

// Next returns the next chunk, in memory of its own or of the mapped
// file, or io.EOF after the last chunk.
func (s *Splitter) Next() (Chunk, error) {
	if s.done {
		return Chunk{}, io.EOF
	}
	if s.decoded {
		return s.nextDecoded()
	}
	if s.mapped != nil {
		return s.nextMapped()
	}
	// The strings of the chunk's rows are substrings of its bytes
	// (csvScanner.data), so each chunk has an array of its own, never
	// written once read, like the blocks of a sequential read.
	buf := make([]byte, len(s.carry), s.size+splitRead)
	copy(buf, s.carry)
	s.carry = s.carry[:0]
	// scan is how far the record ends have been looked for; quoted says
	// whether buf[scan-1] is inside quotes; lines counts the newlines of
	// buf[:scan].
	scan, lines, quoted, eof := 0, 0, false, false
	// limit is where a chunk without a record end gives up (see Splitter).
	limit := s.size + MaxRecordBytes + 1
	for {
		end, n, q := s.recordEnd(buf, scan, lines, quoted)
		if end >= 0 {
			c := Chunk{Data: buf[:end], line: s.line, n: s.chunks}
			s.line += n
			s.chunks++
			s.carry = append(s.carry, buf[end:]...)
			return c, nil
		}
		scan, lines, quoted = len(buf), n, q
		switch {
		case eof && len(buf) == 0:
			s.done = true
			return Chunk{}, io.EOF
		case eof:
			// The last records, fewer than a chunk's.
			s.done = true
			s.chunks++
			return Chunk{Data: buf, line: s.line, n: s.chunks - 1}, nil
		case len(buf) >= limit:
			return s.last(buf, s.br), nil
		}
		// Read a little past the size, or past what was scanned, so that
		// what is carried to the next chunk stays small.
		want := min(limit, max(s.size, len(buf))+splitRead)
		if cap(buf) < want {
			buf = append(make([]byte, 0, max(want, 2*cap(buf))), buf...)
		}
		m, err := s.br.Read(buf[len(buf):want])
		buf = buf[:len(buf)+m]
		switch {
		case err == io.EOF:
			eof = true
		case err != nil:
			return s.last(buf, failing{err}), nil
		}
	}
}

// nextMapped cuts the next chunk out of the mapped input, with no copy,
// where Next would read it: the record ends are looked for the same way
// (recordEnd), as far as Next would read at a time. Once the mapping ends
// with no record end, Next reads what is left of it and then its tail,
// as it reads any input.
func (s *Splitter) nextMapped() (Chunk, error) {
	m := s.mapped
	rest := m.data[m.pos:]
	scan, lines, quoted := 0, 0, false
	limit := s.size + MaxRecordBytes + 1
	for n := 0; ; {
		n = min(len(rest), limit, max(s.size, n)+splitRead)
		end, k, q := s.recordEnd(rest[:n], scan, lines, quoted)
		if end >= 0 {
			c := Chunk{Data: rest[:end:end], line: s.line, n: s.chunks}
			s.line += k
			s.chunks++
			m.pos += end
			m.handBack()
			return c, nil
		}
		scan, lines, quoted = n, k, q
		switch {
		case n >= limit:
			m.pos += n
			return s.last(rest[:n:n], io.MultiReader(bytes.NewReader(rest[n:]), m.tail)), nil
		case n == len(rest):
			s.mapped = nil
			s.br = io.MultiReader(bytes.NewReader(rest), m.tail)
			m.handBackAll()
			return s.Next()
		}
	}
}

// nextDecoded returns the next chunk of a JSON array: the records, up to
// s.size bytes or s.maxLines of them, that the sequential reader's decoder
// reads next (jsonRecords.nextValue), which also finds where the array
// and its wrappers end, and the error that ends them, if any, as the
// chunk's tail: so a chunk's Reader gives the very rows, positions and
// errors the sequential reader gives, and the decoding, where they are
// found, stays in order while the rest of reading is done at once.
func (s *Splitter) nextDecoded() (Chunk, error) {
	j := s.recs
	c := Chunk{n: s.chunks, index: j.index, tail: io.EOF}
	for len(c.lens) < s.maxLines && len(c.Data) < s.size {
		raw, _, err := j.nextValue()
		if err != nil {
			s.done = true
			if err == io.EOF && len(c.lens) == 0 {
				return Chunk{}, io.EOF
			}
			c.tail = err
			break
		}
		if c.Data == nil {
			c.Data = make([]byte, 0, s.size+len(raw))
		}
		c.Data = append(c.Data, raw...)
		c.lens = append(c.lens, len(raw))
	}
	s.chunks++
	return c, nil
}

// splitRead is how far past a chunk's size Next reads at a time.
const splitRead = 16 << 10

// last returns buf followed by rest as the last chunk.
func (s *Splitter) last(buf []byte, rest io.Reader) Chunk {
	s.done = true
	s.chunks++
	return Chunk{Data: buf, line: s.line, n: s.chunks - 1, rest: rest}
}

// recordEnd looks in buf from scan, where quoted says whether the byte
// before is inside quotes and lines counts the newlines before, for the
// first record end at which the chunk may end: the end of a line outside
// quotes at or past s.size bytes or s.maxLines lines. It returns the offset
// after that newline and the lines up to it, or -1 and how far it got.
func (s *Splitter) recordEnd(buf []byte, scan, lines int, quoted bool) (end, n int, q bool) {
	for i := scan; i < len(buf); {
		if quoted {
			// Inside quotes nothing ends a record; a doubled quote is two
			// quotes, out of and back into the field.
			j := bytes.IndexByte(buf[i:], '"')
			if j < 0 {
				return -1, lines + bytes.Count(buf[i:], []byte{'\n'}), true
			}
			lines += bytes.Count(buf[i:i+j], []byte{'\n'})
			i += j + 1
			quoted = false
			continue
		}
		// Outside quotes up to the next quote, and in NDJSON everywhere:
		// every newline ends a record.
		stretch := buf[i:]
		if s.recs == nil {
			if j := bytes.IndexByte(stretch, '"'); j >= 0 {
				stretch = stretch[:j]
			}
		}
		// The lines before the size are counted, not looked at one by
		// one, unless they may reach maxLines.
		if early := min(len(stretch), s.size-1-i); early > 0 {
			if n := bytes.Count(stretch[:early], []byte{'\n'}); lines+n < s.maxLines {
				lines += n
				i += early
				stretch = stretch[early:]
			}
		}
		for len(stretch) > 0 {
			j := bytes.IndexByte(stretch, '\n')
			if j < 0 {
				break
			}
			lines++
			i += j + 1
			stretch = stretch[j+1:]
			if i >= s.size || lines >= s.maxLines {
				return i, lines, false
			}
		}
		i += len(stretch)
		if i < len(buf) {
			i++ // the quote
			quoted = true
		}
	}
	return -1, lines, quoted
}

// failing is a reader that fails with err.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// Reader returns a Reader of the chunk's rows, with the positions they have
// in the input. Readers of different chunks may be used concurrently; each
// is not safe for concurrent use, like any Reader. The strings of its rows
// are substrings of c.Data, which must not be changed.
//
// When reuse is a Reader that Reader returned for an earlier chunk of s,
// and done with it, that Reader is reset to read c and returned: what it
// learnt of the times of rows is kept. The strings of the rows it read stay
// valid.
func (s *Splitter) Reader(c Chunk, reuse *Reader) *Reader {
	if reuse != nil && reuse.from == s && c.rest == nil {
		reuse.err, reuse.rej = nil, nil
		switch src := reuse.src.(type) {
		case *csvSource:
			c.setScanner(src.sc)
		case *rowJSON:
			c.setRecords(src.recs)
			src.jsonKeys, src.chunk = jsonKeys{}, c.n
		}
		return reuse
	}
	p := s.r
	cr := &Reader{name: p.name, opts: p.opts, fields: p.fields, preset: p.preset, layout: p.layout, scanned: true}
	if c.rest == nil {
		cr.from = s
	}
	if j := s.json; j != nil {
		cr.src = &rowJSON{recs: s.records(c), fm: j.fm, paths: j.paths, req: j.req, fold: s.fold, chunk: c.n}
		return cr
	}
	src := s.src
	cr.src = &csvSource{name: src.name, sc: s.scanner(c), cols: src.cols, binding: src.binding}
	return cr
}

// scanner returns a scanner of the records of c, a chunk of CSV, and of
// the rest of the input after them when c has a rest.
func (s *Splitter) scanner(c Chunk) *csvScanner {
	sc := &csvScanner{comma: s.src.sc.comma, br: c.restReader()}
	c.setScanner(sc)
	return sc
}

// records is scanner for a chunk of JSON.
func (s *Splitter) records(c Chunk) *jsonRecords {
	r := &jsonRecords{name: s.recs.name, br: c.restReader(), record: s.recs.record, ndjson: !s.decoded}
	c.setRecords(r)
	if r.br != nil {
		r.data = nil
	}
	return r
}

// restReader returns the chunk's Data followed by the rest of the input,
// read as a whole input is (openStream), or nil when the chunk has no rest.
func (c *Chunk) restReader() *bufio.Reader {
	if c.rest == nil {
		return nil
	}
	return bufio.NewReaderSize(io.MultiReader(bytes.NewReader(c.Data), c.rest), MaxRecordBytes)
}

// setScanner makes sc, a scanner of an earlier chunk of the same input,
// read the chunk's records; what it learnt stays, and the strings of the
// records it read stay valid.
func (c *Chunk) setScanner(sc *csvScanner) { sc.data, sc.line = c.Data, c.line }

// setRecords is setScanner for a chunk of JSON.
func (c *Chunk) setRecords(r *jsonRecords) {
	r.data, r.line, r.lens, r.index, r.tail = c.Data, c.line, c.lens, c.index, c.tail
}

// End ends the split input once every chunk has been read to its end
// (Scan reported false with no error): it returns the error the
// sequential reader gives at the end of the input, if any (for NDJSON, a
// required field or --map key no record had, SPEC §9), and makes the
// Reader's Binding that of the whole input.
func (s *Splitter) End() error {
	if s.json == nil {
		return nil
	}
	s.fold.mu.Lock()
	defer s.fold.mu.Unlock()
	if s.fold.next != s.chunks {
		return errors.New("ingest: Splitter.End before every chunk was read")
	}
	s.json.jsonKeys = s.fold.keys
	if err := s.json.check(); err != nil {
		return &FileError{Source: audit.Source{File: s.json.recs.name}, Err: err}
	}
	return nil
}

// errSplit is the error of Scan on a Reader that was split.
var errSplit = errors.New("ingest: the reader was split; read its chunks")
