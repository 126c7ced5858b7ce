//go:build !linux

package duck

// flushFile is Linux's sync_file_range; elsewhere the warehouse is written back as the
// system sees fit.
var flushFile func(fd int) error
