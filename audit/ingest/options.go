package ingest

import (
	"fmt"
	"strings"
)

// OptionError is an Options value that cannot read any input: an unknown
// Preset, a Shape that is neither ShapeRows nor ShapeHistory or not the
// preset's, a Delimiter that cannot separate CSV fields. It is the
// caller's mistake, not the input's; Option names the command-line flag
// that sets the value.
type OptionError struct {
	Option string   // the flag, e.g. "--preset"
	Value  string   // the value given
	Reason string   // why it cannot work, e.g. "unknown preset"
	Valid  []string // the values accepted, when they are a closed set
}

// Error formats the error as `--shape: "events": unknown shape (want rows,
// history)`.
func (e *OptionError) Error() string {
	s := fmt.Sprintf("%s: %q: %s", e.Option, e.Value, e.Reason)
	if len(e.Valid) > 0 {
		s += " (want " + strings.Join(e.Valid, ", ") + ")"
	}
	return s
}

// Check reports the first option that cannot read any input, as an
// *OptionError, so that a caller can refuse it before opening anything.
// Open and NewReader refuse the same options before reading a byte.
func (o Options) Check() error {
	_, err := o.check()
	return err
}

// check is Check returning the preset the options name (nil for none),
// which newReader keeps.
func (o Options) check() (*preset, error) {
	if d := o.Delimiter; d != 0 && !validDelim(d) {
		why := "it is a quote or a line end"
		if d != '"' && d != '\r' && d != '\n' {
			why = "it is not a valid character"
		}
		return nil, &OptionError{Option: "--delimiter", Value: string(d), Reason: "cannot separate CSV fields (" + why + ")"}
	}
	p, err := presetOf(o)
	if err != nil {
		return nil, err
	}
	if _, err := p.shape(o.Shape); err != nil {
		return nil, err
	}
	return p, nil
}
