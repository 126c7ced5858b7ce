package cli

import (
	"fmt"
	"strconv"
	"time"
)

// rowCount formats "10,432 rows".
func rowCount(n int64) string {
	unit := " rows"
	if n == 1 {
		unit = " row"
	}
	return thousands(n) + unit
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }
