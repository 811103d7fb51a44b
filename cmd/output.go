package cmd

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// reportTarget is where a report goes: the command's Out, or a file written
// as renameio does (SPEC §12): a temporary file in the target's folder with
// the target's mode (or 0666 minus the umask), synced, renamed into place
// only when the whole report was written, and the folder synced. A failed or
// interrupted run leaves no temporary file and the old target as it was.
type reportTarget struct {
	w    *bufio.Writer
	tmp  *os.File
	path string // the file renamed over: the target, or where its symlink points
}

// openTarget opens path for a report, or Out when path is empty or "-".
// inputs are every file the command reads ("-" for stdin): a report never
// goes over one of them.
func openTarget(ios *IO, path string, inputs []string) (*reportTarget, error) {
	if path == "" || path == "-" {
		return &reportTarget{w: bufio.NewWriterSize(ios.Out, 64<<10)}, nil
	}
	dest, mode, err := checkTarget(ios, path, inputs)
	if err != nil {
		return nil, err
	}
	tmp, err := createTemp(filepath.Dir(dest), mode)
	if err != nil {
		return nil, &exitError{statusError, fmt.Errorf("--output-file: %w", err)}
	}
	return &reportTarget{w: bufio.NewWriterSize(tmp, 64<<10), tmp: tmp, path: dest}, nil
}

// checkTarget validates an --output-file path and returns the file to
// rename over and the mode to give it: an existing file's permission bits,
// or newFile (0666 minus the umask).
func checkTarget(ios *IO, path string, inputs []string) (dest string, mode fs.FileMode, err error) {
	refuse := func(why string) error {
		return usagef("--output-file: %s %s; give the path of a regular file", path, why)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", 0, usagef("--output-file: %v", err)
	}
	dest = abs
	lfi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir, derr := os.Stat(filepath.Dir(abs))
		if derr != nil || !dir.IsDir() {
			return "", 0, usagef("--output-file: %s: the folder %s does not exist", path, filepath.Dir(abs))
		}
		return dest, newFile, nil
	case err != nil:
		return "", 0, usagef("--output-file: %v", err)
	}
	if lfi.Mode()&fs.ModeSymlink != 0 {
		// Write where the link points, so that the link stays a link.
		// A link into /proc or /dev (/proc/self/fd/1 is stdout) is
		// not a report file, whatever it resolves to.
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return "", 0, refuse("is a symbolic link to nothing that exists")
		}
		if isSpecialTree(real) || isSpecialTree(linkText(abs)) {
			return "", 0, refuse("is a symbolic link to " + real)
		}
		dest = real
	}
	fi, err := os.Stat(dest)
	if err != nil {
		return "", 0, usagef("--output-file: %v", err)
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return "", 0, refuse("is a directory")
	case m&fs.ModeNamedPipe != 0:
		return "", 0, refuse("is a FIFO")
	case m&fs.ModeDevice != 0:
		return "", 0, refuse("is a device")
	case m&fs.ModeSocket != 0:
		return "", 0, refuse("is a socket")
	case !m.IsRegular():
		return "", 0, refuse("is not a regular file")
	}
	if in := inputNamed(ios, fi, inputs); in != "" {
		return "", 0, usagef("--output-file: %s is the input %s; slaaudit never writes over its inputs", path, in)
	}
	// The permission bits; never a set-id bit on a report.
	return dest, fi.Mode().Perm(), nil
}

// newFile is the mode checkTarget gives a file that does not exist yet: no
// permission bits are a mode of their own, so it is out of their range.
const newFile fs.FileMode = fs.ModeIrregular

// linkText is the text of the symbolic link at path, or "".
func linkText(path string) string {
	s, err := os.Readlink(path)
	if err != nil {
		return ""
	}
	return s
}

// isSpecialTree reports whether path is under /proc or /dev.
func isSpecialTree(path string) bool {
	for _, root := range []string{"/proc", "/dev"} {
		if path == root || strings.HasPrefix(path, root+"/") {
			return true
		}
	}
	return false
}

// inputNamed returns the input that is the same file as target (same device
// and inode), "stdin" for a redirected stdin read as "-", or "".
func inputNamed(ios *IO, target fs.FileInfo, inputs []string) string {
	for _, in := range inputs {
		if in == "-" {
			if st, ok := ios.In.(interface{ Stat() (fs.FileInfo, error) }); ok {
				if fi, err := st.Stat(); err == nil && os.SameFile(fi, target) {
					return "stdin"
				}
			}
			continue
		}
		if fi, err := os.Stat(in); err == nil && os.SameFile(fi, target) {
			return in
		}
	}
	return ""
}

// createTemp creates a temporary file in dir with a short name (22 bytes,
// so that a target of any length the filesystem accepts works) and mode,
// or 0666 minus the umask when mode is newFile. It is registered for
// removal on a signal.
func createTemp(dir string, mode fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, ".slaaudit-"+rand.Text()[:8]+".tmp")
		f, err := registerTemp(name)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if mode != newFile {
			// The existing file's mode, whatever the umask says.
			if err := f.Chmod(mode); err != nil {
				discardTemp(f)
				return nil, err
			}
		}
		return f, nil
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

// Writer is where the report is rendered.
func (t *reportTarget) Writer() io.Writer { return t.w }

// Commit flushes the report and, for a file, syncs it, renames it into
// place and syncs the folder.
func (t *reportTarget) Commit() error {
	if err := t.w.Flush(); err != nil {
		t.Abort()
		return &exitError{statusError, fmt.Errorf("write report: %w", err)}
	}
	if t.tmp == nil {
		return nil
	}
	fail := func(err error) error {
		t.Abort()
		return &exitError{statusError, fmt.Errorf("write %s: %w", t.path, err)}
	}
	if err := t.tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := renameTemp(t.tmp, t.path); err != nil {
		return fail(err)
	}
	if err := syncDir(filepath.Dir(t.path)); err != nil {
		return &exitError{statusError, fmt.Errorf("write %s: sync folder: %w", t.path, err)}
	}
	return nil
}

// syncDir syncs a folder so that a rename in it is durable. Filesystems that
// cannot sync a folder say EINVAL; that is no error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}

// Render renders res into the target and commits it; on failure nothing is
// left behind. A nil target (--quiet without --output-file) renders
// nothing.
func (t *reportTarget) Render(render renderFunc, res *audit.Result, m report.Meta, o report.Options) error {
	if t == nil {
		return nil
	}
	if err := render(t.w, res, m, o); err != nil {
		t.Abort()
		return &exitError{statusError, fmt.Errorf("render report: %w", err)}
	}
	return t.Commit()
}

// Abort discards a report that will not be completed. It is safe on a nil
// target and after Commit.
func (t *reportTarget) Abort() {
	if t != nil && t.tmp != nil {
		discardTemp(t.tmp)
	}
}

// temps are the temporary files that exist, by name, for removal when a
// signal stops the run. Its lock also orders a rename against a signal:
// once the handler holds it, nothing is renamed into place any more.
var temps = struct {
	sync.Mutex
	files   map[string]*os.File
	stopped bool
}{files: make(map[string]*os.File)}

// registerTemp creates the file name exclusively and registers it.
func registerTemp(name string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.stopped {
		return nil, errStopped
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, err
	}
	temps.files[name] = f
	return f, nil
}

var errStopped = errors.New("stopped by a signal")

// discardTemp closes and removes a registered temporary file, once.
func discardTemp(f *os.File) {
	temps.Lock()
	defer temps.Unlock()
	if _, ok := temps.files[f.Name()]; ok {
		delete(temps.files, f.Name())
		f.Close()
		os.Remove(f.Name())
	}
}

// renameTemp closes the registered temporary file f and renames it to path,
// unless a signal has stopped the run.
func renameTemp(f *os.File, path string) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.stopped {
		return errStopped
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	delete(temps.files, f.Name())
	return nil
}

// signalStatus is the exit status of SPEC §12 for a signal: 128 + its
// number (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 128
}

// handleSignals makes SIGINT, SIGTERM and SIGHUP remove every temporary
// report file and exit with signalStatus (SPEC §12), leaving an existing
// --output-file as it was. Main calls it; tests that call Run do not.
func handleSignals(ios *IO) {
	ch := make(chan os.Signal, 1)
	for _, s := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		// A signal ignored at start (SIGHUP under nohup, SIGINT in a
		// background job) stays ignored: Notify would turn it back on.
		if !signal.Ignored(s) {
			signal.Notify(ch, s)
		}
	}
	go func() {
		s := <-ch
		temps.Lock()
		temps.stopped = true
		for name, f := range temps.files {
			f.Close()
			os.Remove(name)
		}
		nl := ""
		if ios.ErrIsTTY {
			nl = "\n" // below a progress bar or ^C
		}
		fmt.Fprintf(ios.ErrOut, "%sslaaudit: stopped by %s\n", nl, signalName(s))
		os.Exit(signalStatus(s))
	}()
}

func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}
