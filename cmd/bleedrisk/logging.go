package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Logging: every command logs to standard error through log/slog, as text
// (the default) or JSON (--log-format json). --quiet keeps errors only,
// --verbose adds debug records. Results go to standard output, so a script
// can read them while a person watches the log.

// registerLogFlags adds the logging flags every command shares.
func registerLogFlags(root *cobra.Command) {
	root.PersistentFlags().BoolP("quiet", "q", false, "log errors only: no progress, no warnings")
	root.PersistentFlags().BoolP("verbose", "v", false, "log debug detail too (every step, every progress tick)")
	root.PersistentFlags().String("log-format", "text", "log format on standard error: text or json")
}

// logSettings are the logging flags of a command line.
type logSettings struct {
	quiet, verbose bool
	format         string
}

func logSettingsOf(cmd *cobra.Command) (logSettings, error) {
	var s logSettings
	if f := cmd.Flag("quiet"); f != nil {
		s.quiet = f.Value.String() == "true"
	}
	if f := cmd.Flag("verbose"); f != nil {
		s.verbose = f.Value.String() == "true"
	}
	s.format = "text"
	if f := cmd.Flag("log-format"); f != nil {
		s.format = f.Value.String()
	}
	switch {
	case s.format != "text" && s.format != "json":
		return s, usageError{fmt.Errorf("--log-format must be text or json, not %q", s.format)}
	case s.quiet && s.verbose:
		return s, usageError{fmt.Errorf("--quiet and --verbose cannot be used together")}
	}
	return s, nil
}

// isTerminal reports whether w is a terminal. It is a variable so that
// tests can pretend.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// logger returns the command's logger, writing to its standard error.
func logger(cmd *cobra.Command) *slog.Logger {
	s, err := logSettingsOf(cmd)
	if err != nil {
		s = logSettings{format: "text"}
	}
	return newLogger(cmd.ErrOrStderr(), s)
}

func newLogger(w io.Writer, s logSettings) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case s.quiet:
		level = slog.LevelError
	case s.verbose:
		level = slog.LevelDebug
	}
	opt := &slog.HandlerOptions{Level: level}
	if s.format == "json" {
		return slog.New(slog.NewJSONHandler(w, opt))
	}
	if isTerminal(w) {
		// A person reads it: the clock time is enough.
		opt.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.String(slog.TimeKey, a.Value.Time().Format("15:04:05"))
			}
			return a
		}
	}
	return slog.New(slog.NewTextHandler(w, opt))
}

// progress reports one stage's progress: a live bar on a terminal, periodic
// log records otherwise. Update is safe to call from any goroutine; Done
// finishes the stage.
type progress struct {
	mu      sync.Mutex
	stage   string
	unit    string
	started time.Time
	now     func() time.Time
	done    int
	total   int
	// bar: non-nil on a terminal.
	bar      io.Writer
	width    int
	lastDraw time.Time
	stop     chan struct{}
	stopped  chan struct{}
	stopOnce sync.Once
	// log: every period (every tick with --verbose).
	log     *slog.Logger
	period  time.Duration
	lastLog time.Time
	closed  bool
}

// progressPeriod is how often the plain progress record is logged when
// standard error is not a terminal.
const progressPeriod = 10 * time.Second

// newProgress starts a stage's progress on cmd's standard error; it is
// silent with --quiet and a log on anything that is not a terminal or with
// --log-format json.
func newProgress(cmd *cobra.Command, stage, unit string) *progress {
	s, _ := logSettingsOf(cmd)
	w := cmd.ErrOrStderr()
	p := &progress{stage: stage, unit: unit, started: time.Now(), now: time.Now, log: newLogger(w, s), period: progressPeriod}
	if s.verbose {
		p.period = 0
	}
	if s.quiet {
		p.log = nil
		return p
	}
	if s.format == "text" && isTerminal(w) {
		p.bar, p.width = w, 80
		if f, ok := w.(*os.File); ok {
			if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
				p.width = cols
			}
		}
		p.startTicker(250 * time.Millisecond)
	}
	return p
}

// startTicker redraws the bar every d, so elapsed time moves between ticks.
func (p *progress) startTicker(d time.Duration) {
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.stopped)
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				if !p.closed {
					p.draw()
				}
				p.mu.Unlock()
			}
		}
	}()
}

// Update records done of total units.
func (p *progress) Update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.done, p.total = done, total
	now := p.now()
	switch {
	case p.bar != nil:
		if done == total || now.Sub(p.lastDraw) >= 100*time.Millisecond {
			p.draw()
		}
	case p.log != nil:
		if done == total || p.lastLog.IsZero() || now.Sub(p.lastLog) >= p.period {
			p.lastLog = now
			elapsed := now.Sub(p.started)
			attrs := []any{"stage", p.stage, "done", done, "total", total, "unit", p.unit, "elapsed", elapsed.Round(time.Second).String()}
			if eta, ok := remaining(elapsed, done, total); ok {
				attrs = append(attrs, "eta", eta.String())
			}
			p.log.Info("progress", attrs...)
		}
	}
}

// Done ends the stage: the bar is drawn complete and its line ended.
func (p *progress) Done() {
	p.stopOnce.Do(func() {
		if p.stop != nil {
			close(p.stop)
			<-p.stopped
		}
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	if p.bar != nil && p.total > 0 {
		p.draw()
		fmt.Fprintln(p.bar)
	}
}

// remaining estimates the time left from the rate so far.
func remaining(elapsed time.Duration, done, total int) (time.Duration, bool) {
	if done <= 0 || done >= total {
		return 0, false
	}
	return time.Duration(float64(elapsed) * float64(total-done) / float64(done)).Round(time.Second), true
}

// draw renders the bar line; p.mu is held.
func (p *progress) draw() {
	if p.total == 0 {
		return
	}
	now := p.now()
	p.lastDraw = now
	fmt.Fprint(p.bar, "\r"+renderBar(p.stage, p.unit, p.done, p.total, now.Sub(p.started), p.width)+"\x1b[K")
}

// renderBar formats one progress line to fit width columns:
//
//	fitting [=========>          ] 12/40 fits  30%  0:42 elapsed  ~1:38 left
func renderBar(stage, unit string, done, total int, elapsed time.Duration, width int) string {
	pct := 100 * done / total
	tail := fmt.Sprintf(" %d/%d %s %3d%%  %s elapsed", done, total, unit, pct, clock(elapsed))
	if eta, ok := remaining(elapsed, done, total); ok {
		tail += "  ~" + clock(eta) + " left"
	}
	barWidth := width - len(stage) - len(tail) - 4
	if barWidth > 40 {
		barWidth = 40
	}
	if barWidth < 5 {
		return stage + tail
	}
	filled := barWidth * done / total
	var b strings.Builder
	b.WriteString(stage + " [")
	b.WriteString(strings.Repeat("=", filled))
	if filled < barWidth {
		b.WriteString(">")
		b.WriteString(strings.Repeat(" ", barWidth-filled-1))
	}
	b.WriteString("]" + tail)
	return b.String()
}

// clock formats a duration as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// logError logs a failed command's error as a JSON record, for --log-format
// json; text output prints it plainly instead (see run).
func logError(w io.Writer, err error, code int) {
	slog.New(slog.NewJSONHandler(w, nil)).LogAttrs(context.Background(), slog.LevelError, err.Error(), slog.Int("exit_code", code))
}
