// Package spinpool runs short parallel jobs on a fixed set of goroutines
// whose idle members poll briefly for the next job before blocking. It is
// for fits that alternate short parallel passes (tens to hundreds of
// microseconds) with serial steps: gradient boosting's histogram batches,
// ridge regression's matrix-vector products.
package spinpool

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// spinFor is how long an idle pool goroutine polls for the next job, and
// the caller for the end of one, before blocking. A fit runs a job every
// few to a few hundred microseconds, while waking a blocked goroutine takes
// about 100 µs on a small virtual machine (measured on the development VM),
// which would otherwise idle the other workers for most of every job.
const spinFor = 200 * time.Microsecond

// Pool runs a job on a fixed set of goroutines for the duration of a fit:
// the caller and n−1 helpers. Jobs run one at a time; Close must be called
// when the fit is done.
type Pool struct {
	n         int
	gen       atomic.Uint64 // incremented to start a job
	job       func(w int)
	remaining atomic.Int64 // helpers still running the current job
	done      chan struct{}
	mu        sync.Mutex
	cond      *sync.Cond
	quit      atomic.Bool
	wg        sync.WaitGroup
}

// New returns a pool of n ≥ 1 goroutines, the caller's included.
func New(n int) *Pool {
	n = max(1, n)
	p := &Pool{n: n, done: make(chan struct{}, 1)}
	p.cond = sync.NewCond(&p.mu)
	for w := 1; w < n; w++ {
		p.wg.Add(1)
		go p.helper(w)
	}
	return p
}

// Run runs job(w) for w = 0..n−1 concurrently, job(0) on the calling
// goroutine, and returns when all have returned.
func (p *Pool) Run(job func(w int)) {
	if p.n == 1 {
		job(0)
		return
	}
	p.job = job
	p.remaining.Store(int64(p.n - 1))
	p.mu.Lock()
	p.gen.Add(1)
	p.cond.Broadcast()
	p.mu.Unlock()
	job(0)
	for start := time.Now(); p.remaining.Load() > 0 && time.Since(start) < spinFor; {
		runtime.Gosched()
	}
	<-p.done
}

// For runs f(w, k) for k = 0..n−1, each once, on the pool's goroutines
// (w is the one running it), handing out the next k to whichever finishes
// first, and returns when all have run. The calls must be independent.
func (p *Pool) For(n int, f func(w, k int)) {
	var next atomic.Int64
	p.Run(func(w int) {
		for {
			k := int(next.Add(1) - 1)
			if k >= n {
				return
			}
			f(w, k)
		}
	})
}

func (p *Pool) helper(w int) {
	defer p.wg.Done()
	var seen uint64
	for {
		start := time.Now()
		for p.gen.Load() == seen && !p.quit.Load() && time.Since(start) < spinFor {
			runtime.Gosched()
		}
		p.mu.Lock()
		for p.gen.Load() == seen && !p.quit.Load() {
			p.cond.Wait()
		}
		p.mu.Unlock()
		if p.quit.Load() {
			return
		}
		seen = p.gen.Load()
		p.job(w)
		if p.remaining.Add(-1) == 0 {
			p.done <- struct{}{}
		}
	}
}

// Close stops the helpers.
func (p *Pool) Close() {
	p.quit.Store(true)
	p.mu.Lock()
	p.cond.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
}
