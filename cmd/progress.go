package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/progress"
	"golang.org/x/term"

	"github.com/slaaudit/slaaudit/audit/ingest"
)

// progressMinBytes is the summed size of the inputs from which reading shows
// a progress bar: smaller inputs are read before a bar would help anyone.
const progressMinBytes = 4 << 20

// progressInterval is how often the bar is redrawn.
const progressInterval = 100 * time.Millisecond

// Colours of the bar, written directly rather than through go-pretty's text
// package, whose colour switch is a package global that the report
// renderers turn on and off (see report.withColors).
const (
	sgrCyan  = "\x1b[36m"
	sgrReset = "\x1b[0m"
)

// inputProgress draws a progress bar on ErrOut while an audit reads its
// inputs: the share of the inputs' bytes read so far, and tickets per
// second. It is drawn only when ErrOut is a terminal, without --quiet, and
// only for inputs of known size (files, or stdin redirected from a file)
// that add up to progressMinBytes; a pipe on stdin has no size, and gets no
// bar.
//
// A nil *inputProgress draws nothing, so callers need no conditionals. The
// bar is drawn by a goroutine of go-pretty's progress writer; stop ends it
// and waits for it, so that nothing is written to ErrOut afterwards.
type inputProgress struct {
	pw      progress.Writer
	bytes   *progress.Tracker
	counted map[string]bool // inputs whose size is in the total
	colour  bool
	start   time.Time
	rows    int64
	done    chan struct{}
}

// startProgress starts drawing the bar for reading inputs, or returns nil
// when there should be none (the caller leaves it out under --quiet);
// noColor is --no-color.
func startProgress(ios *IO, inputs []string, noColor bool) *inputProgress {
	if !ios.ErrIsTTY {
		return nil
	}
	var total int64
	counted := make(map[string]bool)
	for _, path := range inputs {
		if size, ok := inputSize(path, ios.In); ok {
			total += size
			counted[path] = true
		}
	}
	if total < progressMinBytes {
		return nil
	}
	p := &inputProgress{
		pw:      progress.NewWriter(),
		counted: counted,
		colour:  !ios.NoColor && !noColor,
		start:   time.Now(),
		done:    make(chan struct{}),
	}
	// Bytes are counted as read from the file, before decompression, so that
	// they add up to the files' sizes.
	p.bytes = &progress.Tracker{Message: p.message(), Total: total, Units: progress.UnitsBytes, AutoStopDisabled: true}

	style := progress.StyleDefault
	style.Options.Separator = " "
	style.Options.PercentFormat = "%4.0f%%"
	style.Options.DoneString = "done"
	style.Options.ErrorString = "stopped"
	style.Options.TimeInProgressPrecision = progressInterval
	style.Options.TimeDonePrecision = time.Millisecond
	style.Visibility.ETA = true
	style.Renderer.TrackerDeterminate = drawBar(p.colour)
	p.pw.SetStyle(style)
	p.pw.SetOutputWriter(ios.ErrOut)
	p.pw.SetUpdateFrequency(progressInterval)
	p.pw.SetTrackerLength(24)
	p.pw.SetTrackerPosition(progress.PositionRight)
	if w := terminalWidth(ios.ErrOut); w > 0 {
		// go-pretty measures only os.Stdout; a line wider than the terminal
		// would wrap and break the redraw.
		p.pw.SetTerminalWidth(w)
	}
	p.pw.AppendTracker(p.bytes)
	go func() {
		defer close(p.done)
		p.pw.Render()
	}()
	return p
}

// inputSize reports the size of an input when it is a regular file: a path,
// or "-" when stdin is redirected from a file.
func inputSize(path string, stdin io.Reader) (int64, bool) {
	var fi os.FileInfo
	var err error
	if path == "-" {
		f, ok := stdin.(*os.File)
		if !ok {
			return 0, false
		}
		fi, err = f.Stat()
	} else {
		fi, err = os.Stat(path)
	}
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Size(), true
}

// terminalWidth reports the width of w when it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// drawBar draws the bar itself, "[#########...........]", in colour when
// colour is set.
func drawBar(colour bool) func(value, total int64, width int) string {
	return func(value, total int64, width int) string {
		n := width
		if value < total {
			n = int(value * int64(width) / total)
		}
		filled := strings.Repeat("#", n)
		if colour && n > 0 {
			filled = sgrCyan + filled + sgrReset
		}
		return "[" + filled + strings.Repeat(".", width-n) + "]"
	}
}

// open opens one input like ingest.Open and returns it with the function
// that closes it. The bytes of an input counted in the bar's total are
// counted as they are read.
func (p *inputProgress) open(path string, stdin io.Reader, opts ingest.Options) (*ingest.Reader, func() error, error) {
	if p != nil && p.counted[path] {
		if path == "-" {
			stdin = &countingReader{r: stdin, t: p.bytes}
		} else if f, err := os.Open(path); err == nil {
			r, err := ingest.NewReader(&countingReader{r: f, t: p.bytes}, path, opts)
			if err != nil {
				f.Close()
				return nil, nil, err
			}
			// ingest.NewReader does not close what it reads: close both.
			return r, func() error {
				err := r.Close()
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				return err
			}, nil
		}
		// A file that cannot be opened here is left to ingest.Open, which
		// says why in its own words.
	}
	r, err := ingest.Open(path, stdin, opts)
	if err != nil {
		return nil, nil, err
	}
	return r, r.Close, nil
}

// row counts one row read (a ticket or a rejection).
func (p *inputProgress) row() {
	if p == nil {
		return
	}
	p.rows++
	if p.rows%4096 == 0 {
		p.bytes.UpdateMessage(p.message())
	}
}

// message says how many tickets were read, and how fast.
func (p *inputProgress) message() string {
	rate := int64(0)
	if s := time.Since(p.start).Seconds(); s > 0 {
		rate = int64(float64(p.rows) / s)
	}
	n, r := progress.FormatNumber(p.rows), progress.FormatNumber(rate)
	if p.colour {
		r = sgrCyan + r + sgrReset
	}
	return fmt.Sprintf("%s tickets, %s tickets/s", n, r)
}

// stop draws the bar a last time, as done or, when failed, as stopped, and
// returns once nothing more will be written to ErrOut.
func (p *inputProgress) stop(failed bool) {
	if p == nil {
		return
	}
	p.bytes.UpdateMessage(p.message())
	if failed {
		p.bytes.MarkAsErrored()
	} else {
		p.bytes.MarkAsDone()
	}
	// Stop is lost if it comes before Render has set itself up, so it is
	// repeated until Render has returned.
	for {
		p.pw.Stop()
		select {
		case <-p.done:
			return
		case <-time.After(progressInterval / 10):
		}
	}
}

// countingReader adds the bytes read through it to a tracker.
type countingReader struct {
	r io.Reader
	t *progress.Tracker
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.t.Increment(int64(n))
	}
	return n, err
}
