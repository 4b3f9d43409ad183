package spinpool

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestRun checks that every job runs once on each of the n goroutines,
// job after job, including after the helpers have stopped spinning and
// blocked, and that Close returns.
func TestRun(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5} {
		p := New(n)
		want := max(1, n)
		for job := range 20 {
			var seen [8]atomic.Int32
			p.Run(func(w int) { seen[w].Add(1) })
			for w := range seen {
				if got, exp := seen[w].Load(), int32(0); w < want {
					exp = 1
					if got != exp {
						t.Fatalf("n %d, job %d: worker %d ran %d times, want %d", n, job, w, got, exp)
					}
				} else if got != 0 {
					t.Fatalf("n %d, job %d: worker %d ran; the pool has %d", n, job, w, want)
				}
			}
			if job%5 == 4 {
				time.Sleep(2 * spinFor) // let the helpers block
			}
		}
		p.Close()
	}
}

// TestFor checks that every task runs exactly once, on a worker of the
// pool, for more, as many and fewer tasks than goroutines.
func TestFor(t *testing.T) {
	p := New(3)
	defer p.Close()
	for _, n := range []int{0, 2, 3, 50} {
		runs := make([]atomic.Int32, n)
		var bad atomic.Bool
		p.For(n, func(w, k int) {
			if w < 0 || w >= 3 {
				bad.Store(true)
			}
			runs[k].Add(1)
		})
		for k := range runs {
			if got := runs[k].Load(); got != 1 {
				t.Errorf("n %d: task %d ran %d times", n, k, got)
			}
		}
		if bad.Load() {
			t.Errorf("n %d: a task ran on a worker outside 0..2", n)
		}
	}
}
