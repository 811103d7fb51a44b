package sample

import (
	"bufio"
	"time"
)

// rowsWriter writes the rows shape: one row per ticket.
type rowsWriter struct {
	w    *bufio.Writer
	csv  bool
	list jsonList
	loc  *time.Location
	buf  []byte
	tmp  []byte
}

func newRowsWriter(w *bufio.Writer, format string, g *generator) *rowsWriter {
	return &rowsWriter{
		w:    w,
		csv:  format == FormatCSV,
		list: jsonList{w: w, array: format == FormatJSON},
		loc:  g.loc,
		buf:  make([]byte, 0, 256),
	}
}

func (r *rowsWriter) begin() error {
	if r.csv {
		_, err := r.w.WriteString(RowsHeader + "\n")
		return err
	}
	return r.list.begin()
}

func (r *rowsWriter) end() error {
	if r.csv {
		return nil
	}
	return r.list.end()
}

func (r *rowsWriter) ticket(t *ticket) error {
	if r.csv {
		b := appendID(r.buf[:0], t.id)
		b = append(b, ',')
		b = appendCSVField(b, t.cust.name)
		b = append(b, ',')
		b = appendCSVField(b, t.plan)
		b = append(b, ',')
		b = appendCSVField(b, t.channel)
		b = append(b, ',')
		b = appendCSVField(b, t.priority)
		b = append(b, ',')
		// No written time needs quoting: garbled holds none with a comma.
		b = appendSubmitted(b, t, r.loc)
		b = append(b, ',')
		b = appendResponse(b, t, r.loc)
		b = append(b, '\n')
		r.buf = b
		_, err := r.w.Write(b)
		return err
	}
	r.tmp = appendID(r.tmp[:0], t.id)
	b := append(r.buf[:0], '{')
	b = appendJSONField(b, "id", string(r.tmp), true)
	b = appendJSONField(b, "customer", t.cust.name, false)
	b = appendJSONField(b, "plan", t.plan, false)
	b = appendJSONField(b, "channel", t.channel, false)
	b = appendJSONField(b, "priority", t.priority, false)
	r.tmp = appendSubmitted(r.tmp[:0], t, r.loc)
	b = appendJSONField(b, "submitted_at", string(r.tmp), false)
	r.tmp = appendResponse(r.tmp[:0], t, r.loc)
	b = appendJSONField(b, "first_response_at", string(r.tmp), false)
	b = append(b, '}')
	r.buf = b
	return r.list.record(b)
}
