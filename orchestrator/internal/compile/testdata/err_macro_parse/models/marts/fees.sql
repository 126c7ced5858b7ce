select {{ template "x" }}
