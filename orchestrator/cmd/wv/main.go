// Command wv is the wallet-value analytics orchestrator. See the README.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wv-analytics/wv/orchestrator/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
