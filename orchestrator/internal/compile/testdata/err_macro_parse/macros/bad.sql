{{ define "x" }}
{{ now }}
{{ end }}
