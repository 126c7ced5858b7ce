// Command wvbench is the benchmark suite behind `make bench`: full runs on demo chains of
// about 2 and 20 million transactions (wall, CPU, peak RSS, rows per mart), the same SQL run
// directly in DuckDB (orchestration overhead), a no-op state:modified run, wv build end to
// end, and compile + plan of a generated 1,000-model project. It writes out/bench/results.json
// and out/bench/results.md. With -baseline REV it instead times REV's binary and models against
// the working tree's, runs alternating (out/bench/ab-<size>.json and .md).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	sizes := flag.String("sizes", "2m,20m", "demo chains to measure: 2m (300,000 wallets), 20m (2,700,000 wallets)")
	fresh := flag.Bool("fresh", false, "regenerate the demo chains even when out/bench holds them")
	wv := flag.String("wv", "out/bin/wv", "the wv binary to measure")
	repeat := flag.Int("repeat", 3, "full runs (and as many direct SQL runs) per chain; the median is reported")
	baseline := flag.String("baseline", "", "a git revision: time its binary and models against the working tree's, full runs alternating on each chain of -sizes (writes out/bench/ab-<size>.{json,md})")
	direct := flag.String("direct", "", "internal: run the last run's compiled SQL directly against this warehouse")
	flag.Parse()
	if *direct != "" {
		if err := runDirect(context.Background(), *direct); err != nil {
			fmt.Fprintln(os.Stderr, "wvbench -direct:", err)
			os.Exit(1)
		}
		return
	}
	b := &bench{wv: *wv, dir: "out/bench", fresh: *fresh, repeat: *repeat}
	if *baseline != "" {
		for _, size := range strings.Split(*sizes, ",") {
			if err := b.ab(context.Background(), *baseline, size); err != nil {
				fmt.Fprintln(os.Stderr, "wvbench -baseline:", err)
				os.Exit(1)
			}
		}
		return
	}
	if err := b.all(context.Background(), strings.Split(*sizes, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "wvbench:", err)
		os.Exit(1)
	}
}
