//go:build !unix

package ingest

import (
	"errors"
	"os"
)

// mapFile fails where files are not mapped: a Splitter then reads them.
func mapFile(*os.File, int64) ([]byte, error) {
	return nil, errors.New("files are not mapped on this system")
}

func unmapPages([]byte) {}
