package pipeline

import (
	"context"
	"sync"
)

// parallel calls work(j) for j = 0..n-1 on the given number of goroutines.
// It stops handing out work once ctx is done and then returns ctx's error.
// Results must be written by work into slots indexed by j, so that the
// outcome never depends on scheduling.
func parallel(ctx context.Context, n, workers int, work func(j int)) error {
	if workers < 1 {
		workers = 1
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if ctx.Err() == nil {
					work(j)
				}
			}
		}()
	}
feed:
	for j := 0; j < n; j++ {
		select {
		case jobs <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return ctx.Err()
}
