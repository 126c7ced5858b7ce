package compile

import (
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
)

// posOf returns the 1-based position of node in its tree.
func posOf(tree *parse.Tree, node parse.Node) project.Pos {
	loc, _ := tree.ErrorContext(node)
	return parseLoc(loc)
}

// parseLoc reads text/template's "name:line:col" (col 0-based) into a 1-based position.
func parseLoc(loc string) project.Pos {
	parts := strings.Split(loc, ":")
	if len(parts) < 3 {
		return project.Pos{Path: loc}
	}
	n := len(parts)
	line, _ := strconv.Atoi(parts[n-2])
	col, _ := strconv.Atoi(parts[n-1])
	return project.Pos{Path: strings.Join(parts[:n-2], ":"), Line: line, Col: col + 1}
}

var (
	execErrRE  = regexp.MustCompile(`^template: (.+?):(\d+):(\d+): executing "[^"]*" at <.*?>: (?:error calling \w+: )?(.*)$`)
	parseErrRE = regexp.MustCompile(`^template: (.+?):(\d+):(?:(\d+):)? (.*)$`)
	quotedRE   = regexp.MustCompile(`"([^"]+)"`)
)

// templateError turns text/template's parse and exec errors into positioned errors. texts maps
// file paths to their text, to find the column of parse errors that give only a line.
func templateError(err error, texts map[string]string) error {
	msg := err.Error()
	if m := execErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return project.Errorf(project.Pos{Path: m[1], Line: line, Col: col + 1}, "%s", m[4])
	}
	if m := parseErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		pos := project.Pos{Path: m[1], Line: line}
		if m[3] != "" {
			pos.Col, _ = strconv.Atoi(m[3])
		} else {
			pos.Col = findColumn(texts[m[1]], line, m[4])
		}
		return project.Errorf(pos, "%s", m[4])
	}
	return err
}

// findColumn locates the first quoted word of msg on the given line, e.g. the function name
// in `function "reff" not defined`; 0 when it is not there.
func findColumn(text string, line int, msg string) int {
	lines := strings.Split(text, "\n")
	q := quotedRE.FindStringSubmatch(msg)
	if q == nil || line < 1 || line > len(lines) {
		return 0
	}
	if i := strings.Index(lines[line-1], q[1]); i >= 0 {
		return i + 1
	}
	return 0
}
