{{ define "cols" }}a, b{{ end }}
{{ define "wrapper" }}{{ template "colz" }}{{ end }}
{{ define "bad_ref" }}{{ ref "missing_model" }}{{ end }}
