{{ define "cols" }}a, b{{ end }}
