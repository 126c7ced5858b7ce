package monitor

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wv-analytics/wv/orchestrator/internal/ops"
)

// defaultWidth is the width used until the terminal says its own.
const defaultWidth = 120

// Column widths of the task table.
const (
	taskWidth    = 17
	statusWidth  = 22
	startWidth   = 16
	elapsedWidth = 10
	barWidth     = 28 // 20 cells of bar and " 100.0%"
)

var (
	dim      = lipgloss.NewStyle().Faint(true)
	bold     = lipgloss.NewStyle().Bold(true)
	errStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("9"))
)

// statusStyle colours a status: running green, stale yellow, finished cyan, failed red.
func statusStyle(s ops.Status) lipgloss.Style {
	switch s {
	case ops.Running:
		return lipgloss.NewStyle().Foreground(lipgloss.Color("10"))
	case ops.Stale:
		return lipgloss.NewStyle().Foreground(lipgloss.Color("11")).Bold(true)
	case ops.FinishedOK:
		return lipgloss.NewStyle().Foreground(lipgloss.Color("14"))
	case ops.Failed:
		return lipgloss.NewStyle().Foreground(lipgloss.Color("9")).Bold(true)
	}
	return dim
}

// View draws the task table, or the selected task's log after enter.
func (m Model) View() tea.View {
	var body string
	if m.tailing {
		body = m.tailView()
	} else {
		body = m.tableView()
	}
	v := tea.NewView(body)
	v.AltScreen = true
	return v
}

func (m Model) tableView() string {
	now := m.opts.Now().UTC()
	lines := []string{
		bold.Render("wv ops monitor") + dim.Render(fmt.Sprintf("  %s UTC  ·  refresh %s  ·  stale after %s",
			now.Format("2006-01-02 15:04:05"), m.opts.Refresh, m.opts.StaleAfter)),
		"",
		dim.Render("  " + pad("TASK", taskWidth) + pad("STATUS", statusWidth) + pad("STARTED (UTC)", startWidth) +
			pad("ELAPSED", elapsedWidth) + pad("PROGRESS", barWidth) + "ACTIVITY"),
	}
	for i, s := range m.snaps {
		lines = append(lines, m.row(s, i == m.cursor))
	}
	if m.err != nil {
		lines = append(lines, "", errStyle.Render("error: "+m.err.Error()))
	}
	lines = append(lines, "", dim.Render("↑/↓ select · enter log tail · q quit"))
	return m.fit(lines)
}

func (m Model) row(s ops.Snapshot, selected bool) string {
	mark, name := "  ", pad(s.Task.Name, taskWidth)
	if selected {
		mark, name = "▸ ", bold.Render(name)
	}
	return mark + name + statusStyle(s.Status).Render(pad(s.Label(), statusWidth)) +
		pad(started(s), startWidth) + pad(elapsed(s), elapsedWidth) + m.bar(s) + clean(s.Activity())
}

func (m Model) tailView() string {
	s := m.snaps[m.cursor]
	title := bold.Render(s.Task.Name) + "  " + statusStyle(s.Status).Render(s.Label())
	if path := m.logPath(); path != "" {
		title += dim.Render("  " + path)
	}
	lines := []string{title, ""}
	switch {
	case m.tailErr != nil:
		lines = append(lines, errStyle.Render("error: "+m.tailErr.Error()))
	case m.logPath() == "":
		lines = append(lines, dim.Render("no log: the task never ran"))
	default:
		for _, l := range m.tail {
			lines = append(lines, clean(l))
		}
	}
	lines = append(lines, "", dim.Render("enter/esc back · q quit"))
	return m.fit(lines)
}

// fit cuts every line to the terminal's width.
func (m Model) fit(lines []string) string {
	w := m.width
	if w == 0 {
		w = defaultWidth
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(lines, "\n")
}

// clean makes a line of a job's output safe to draw: no escape sequences, tabs or carriage
// returns.
func clean(s string) string {
	s = strings.ReplaceAll(ansi.Strip(s), "\t", "    ")
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func pad(s string, w int) string {
	s = ansi.Truncate(s, w-1, "…")
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

func started(s ops.Snapshot) string {
	if s.Run == nil {
		return "--"
	}
	return s.Run.StartedAt.UTC().Format("01-02 15:04:05")
}

func elapsed(s ops.Snapshot) string {
	if s.Run == nil {
		return "--"
	}
	return Clock(s.Elapsed)
}

// Clock formats a duration as hh:mm:ss.
func Clock(d time.Duration) string {
	d = d.Truncate(time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

// newBar returns the progress bar drawn in each row: 20 cells and " 100.0%".
func newBar() progress.Model {
	b := progress.New(
		progress.WithWidth(barWidth-1),
		progress.WithFillCharacters('█', '░'),
		progress.WithColors(lipgloss.Color("12")),
	)
	b.PercentFormat = " %5.1f%%"
	return b
}

func (m Model) bar(s ops.Snapshot) string {
	pct, ok := s.Percent()
	if !ok {
		return pad("--", barWidth)
	}
	return m.progress.ViewAs(pct/100) + " "
}
