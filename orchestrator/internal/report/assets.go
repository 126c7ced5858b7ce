package report

import (
	"embed"
	"strings"
)

//go:embed assets
var assets embed.FS

// layoutSource is the base layout with the stylesheet and script as the templates "css" and
// "js" (kept as plain .css and .js files so editors and linters read them as such).
var layoutSource = mustAsset("layout.html") +
	`{{ define "css" }}` + mustAsset("style.css") + `{{ end }}` +
	`{{ define "js" }}` + mustAsset("tip.js") + `{{ end }}`

func mustAsset(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic(err) // embedded at build time: a missing file is a programmer error
	}
	if strings.Contains(string(b), "{{") && !strings.HasSuffix(name, ".html") {
		panic("assets/" + name + " must not contain template actions")
	}
	return string(b)
}
