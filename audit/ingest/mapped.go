package ingest

import (
	"io"
	"math"
	"os"
)

// mapping is the rest of an input that is a regular file, mapped into
// memory: a Splitter cuts its chunks out of it (Splitter.nextMapped)
// rather than reading them into memory of their own. A read copies every
// byte into fresh memory, which the kernel has to zero and the garbage
// collector to track: for a CSV export, that was a fifth of the time of
// --quiet. The mapped bytes are never written, so the strings of rows may
// point into them as they point into a read chunk.
//
// The mapping is never unmapped, since strings of rows may outlive the
// Reader, but its pages are handed back to the kernel (unmapPages) once
// the chunks are well past them, so that memory stays bounded however
// large the file: a string read after that reads the file again.
type mapping struct {
	// data maps the file from its start; pos is where the next chunk
	// starts, and data[:freed] has been handed back, up to a page.
	data       []byte
	pos, freed int
	// tail reads what follows data, should the file have grown since it
	// was mapped: the file from len(data) on, within the size limit.
	tail io.Reader
}

const (
	// mapMinBytes is the least rest of a file that is mapped: for a
	// smaller one, reading costs less than mapping it.
	mapMinBytes = 1 << 20
	// mapLag is how far behind the latest chunk pages are handed back:
	// far more than the chunks in flight and the verdicts waiting to be
	// formatted hold (a few hundred KiB), so that their strings are rarely
	// read from the file again; mapStep is the least handed back at once.
	mapLag  = 4 << 20
	mapStep = 1 << 20
)

// mapThreshold is mapMinBytes, changed by tests.
var mapThreshold int64 = mapMinBytes

// mapRest maps the rest of the input, from the next byte its buffered
// stream would give, when the input is a regular file, not compressed,
// whose stream reads it directly (openStream), and at least mapThreshold
// bytes are left; else it returns nil, and the input is read.
//
// A file larger than the size limit is read, and fails where it always
// did. The mapping covers the file as it is when mapped; should it grow,
// the rest is read after the mapping (mapping.tail) under the same limit.
func (r *Reader) mapRest() *mapping {
	f := r.file
	if f == nil || r.compressed || r.head == nil || r.stream == nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	pos, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil
	}
	// passed is the offset of the bytes after those the stream was given,
	// off that of the next byte it gives.
	passed := pos - int64(r.head.Buffered())
	off := passed - int64(r.stream.Buffered())
	size := fi.Size()
	if off < 0 || size-off < mapThreshold || int64(int(size)) != size {
		return nil
	}
	var tail io.Reader = io.NewSectionReader(f, size, math.MaxInt64-size)
	if u, ok := r.unbuffered.(*sizeLimit); ok {
		if u.r != io.Reader(r.head) || u.err != nil || size > passed+u.left {
			return nil
		}
		tail = &sizeLimit{r: tail, left: passed + u.left - size, max: u.max}
	} else if r.unbuffered != io.Reader(r.head) {
		return nil
	}
	data, err := mapFile(f, size)
	if err != nil {
		return nil
	}
	page := os.Getpagesize()
	return &mapping{data: data, pos: int(off), freed: int(off) / page * page, tail: tail}
}

// handBack hands back the pages more than mapLag before the next chunk.
func (m *mapping) handBack() {
	page := os.Getpagesize()
	if to := (m.pos - mapLag) / page * page; to-m.freed >= mapStep {
		unmapPages(m.data[m.freed:to])
		m.freed = to
	}
}

// handBackAll hands back every page, once the last chunk is cut.
func (m *mapping) handBackAll() {
	if m.freed < len(m.data) {
		unmapPages(m.data[m.freed:])
		m.freed = len(m.data)
	}
}
