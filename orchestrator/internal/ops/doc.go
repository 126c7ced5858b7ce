// Package ops runs long wv jobs (backfills, balance refreshes, dashboard builds) as named
// tasks in detached tmux sessions and tells how they are doing, from files only.
//
// The files, under <project>/out/logs/ops/<task>/ (see [Logs]):
//   - <UTC start>.log: everything the job wrote to stdout and stderr, including its
//     OPS_PROGRESS lines (package progress), between a header and a footer line that
//     [RunTask] writes;
//   - latest.json: the [Manifest] of the latest run. `wv ops start` writes it once tmux has
//     started the session; [RunTask], which runs the job inside that session, adds the exit
//     status when the job ends. Both write it atomically.
//
// Status comes from those files, the set of running tmux sessions and a clock ([Compute]):
// nothing here calls tmux itself (that is package ops/tmux, behind the [Tmux] interface) or
// opens the warehouse.
package ops
