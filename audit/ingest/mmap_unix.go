//go:build unix

package ingest

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first size bytes of f into memory, read-only.
func mapFile(f *os.File, size int64) ([]byte, error) {
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	// The chunks are read in order: read ahead of them, as for read(2).
	_ = unix.Madvise(b, unix.MADV_SEQUENTIAL)
	return b, nil
}

// unmapPages hands the pages of b, a page-aligned part of a mapping, back
// to the kernel, so that they no longer count in the process's memory. b
// stays valid: reading it again reads the file again.
func unmapPages(b []byte) { _ = unix.Madvise(b, unix.MADV_DONTNEED) }
