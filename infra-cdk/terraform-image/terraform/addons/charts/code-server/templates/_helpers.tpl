{{- define "code-server.labels" -}}
app.kubernetes.io/name: code-server
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
