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
