package duck

import (
	"database/sql/driver"
	"io"
	"os"
	"time"
)

// Building a model's table leaves up to gigabytes of the warehouse file dirty in the page
// cache, and DuckDB fsyncs the file when the model commits: that fsync then waits for all of
// it to reach the disk (after tx_priced's 1.66 GB at 20M txs, 1.5 s; 3.5 s of a 28 s full run).
// So while a writable warehouse is open, the kernel is asked every writebackEvery to start
// writing the file's dirty pages back (flushFile), without waiting for them: the disk works
// while the queries do, and a commit's fsync finds little left. DuckDB's own fsyncs are
// untouched, so a commit is as durable as before.
const writebackEvery = 200 * time.Millisecond

// writeback calls flush on a file every tick until stopped.
type writeback struct {
	stop chan struct{}
	done chan struct{}
}

// startWriteback starts flushing path every tick. It returns nil, and flushes nothing, where
// there is no flush on this system or the file cannot be opened; flushing stops at the first
// error (it only saves time, so it gives up quietly).
func startWriteback(path string, every time.Duration, flush func(fd int) error) *writeback {
	if flush == nil {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	w := &writeback{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		defer f.Close()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-tick.C:
				if flush(int(f.Fd())) != nil {
					return
				}
			}
		}
	}()
	return w
}

// Stop ends the flushing and waits for it to end; a nil writeback is already stopped.
func (w *writeback) Stop() {
	if w == nil {
		return
	}
	close(w.stop)
	<-w.done
}

// warehouseConnector is DuckDB's connector with a writeback for the database's lifetime: sql.DB's
// Close calls Close here, which stops it before closing the database.
type warehouseConnector struct {
	driver.Connector
	writeback *writeback
}

func (c *warehouseConnector) Close() error {
	c.writeback.Stop()
	if closer, ok := c.Connector.(io.Closer); ok {
		return closer.Close()
	}
	return nil
}
