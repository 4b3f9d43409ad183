package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

func TestRenderBar(t *testing.T) {
	for _, tc := range []struct {
		done, total, width int
		elapsed            time.Duration
		want               string
	}{
		// 10 of 40 after 30 s: 90 s left at the same rate; the bar
		// takes what the 80 columns leave (26).
		{10, 40, 80, 30 * time.Second, "fitting [======>                    ] 10/40 fits  25%  0:30 elapsed  ~1:30 left"},
		{40, 40, 80, 125 * time.Second, "fitting [=======================================] 40/40 fits 100%  2:05 elapsed"},
		// At most 40 columns of bar on a wide terminal.
		{0, 40, 200, 0, "fitting [>                                       ] 0/40 fits   0%  0:00 elapsed"},
		// Too narrow for a bar: the numbers only.
		{1, 2, 30, time.Hour + 2*time.Second, "fitting 1/2 fits  50%  1:00:02 elapsed  ~1:00:02 left"},
	} {
		got := renderBar("fitting", "fits", tc.done, tc.total, tc.elapsed, tc.width)
		if got != tc.want {
			t.Errorf("renderBar(%d/%d, %v, width %d) =\n%q\nwant\n%q", tc.done, tc.total, tc.elapsed, tc.width, got, tc.want)
		}
		if len(got) >= tc.width && tc.width >= 80 {
			t.Errorf("%q is wider than %d", got, tc.width)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func testCommand(w io.Writer, args ...string) *cobra.Command {
	root := newRoot()
	root.SetErr(w)
	root.ParseFlags(args)
	return root
}

// TestProgressBarConcurrent drives the terminal bar from many goroutines
// while its ticker redraws (run with -race).
func TestProgressBarConcurrent(t *testing.T) {
	old := isTerminal
	isTerminal = func(io.Writer) bool { return true }
	defer func() { isTerminal = old }()
	var buf lockedBuffer
	p := newProgress(testCommand(&buf), "fitting", "fits")
	if p.bar == nil {
		t.Fatal("no bar on a terminal")
	}
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 25; k++ {
				mu.Lock()
				done++
				p.Update(done, 200)
				mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	p.Done()
	p.Done() // twice is harmless
	p.Update(5, 200)
	out := buf.String()
	if !strings.Contains(out, "\r") || !strings.Contains(out, "200/200 fits 100%") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar output ends %q", out[max(0, len(out)-200):])
	}
	if strings.Contains(out, "level=") {
		t.Errorf("a terminal gets the bar, not log records: %q", out[:min(len(out), 200)])
	}
}

// TestProgressLog: off a terminal, progress is a log record at the first
// update, every period, and at the end.
func TestProgressLog(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(testCommand(&buf), "fitting", "fits")
	if p.bar != nil {
		t.Fatal("a bar on a buffer")
	}
	clock := time.Unix(0, 0)
	p.started = clock
	p.now = func() time.Time { return clock }
	for done := 1; done <= 100; done++ {
		clock = clock.Add(time.Second)
		p.Update(done, 100)
	}
	p.Done()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// Seconds 1, 11, 21, ..., 91 and the last (100).
	if len(lines) != 11 {
		t.Fatalf("%d records, want 11:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[1], "done=11 total=100 unit=fits elapsed=11s eta=1m29s") {
		t.Errorf("second record: %s", lines[1])
	}
	if !strings.Contains(lines[10], "done=100") || strings.Contains(lines[10], "eta=") {
		t.Errorf("last record: %s", lines[10])
	}

	// --verbose logs every update; --quiet none.
	buf.Reset()
	p = newProgress(testCommand(&buf, "--verbose"), "fitting", "fits")
	for done := 1; done <= 5; done++ {
		p.Update(done, 5)
	}
	p.Done()
	if n := strings.Count(buf.String(), "msg=progress"); n != 5 {
		t.Errorf("--verbose: %d records, want 5", n)
	}
	buf.Reset()
	p = newProgress(testCommand(&buf, "--quiet"), "fitting", "fits")
	p.Update(1, 1)
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("--quiet: %q", buf.String())
	}
}
