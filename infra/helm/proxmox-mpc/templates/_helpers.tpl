{{/*
Names. The chart's own objects are "<fullname>-<service>", e.g. mpc-proxmox-mpc-mcp-edge.
*/}}
{{- define "proxmox-mpc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "proxmox-mpc.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "proxmox-mpc.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one service's objects. Context: dict "root" $ "name" <service>.
*/}}
{{- define "proxmox-mpc.componentName" -}}
{{- printf "%s-%s" (include "proxmox-mpc.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "proxmox-mpc.commonLabels" -}}
helm.sh/chart: {{ include "proxmox-mpc.chart" . }}
app.kubernetes.io/name: {{ include "proxmox-mpc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: proxmox-mpc
{{- end }}

{{/*
Labels of one service's objects. Context: dict "root" $ "name" <service>.
*/}}
{{- define "proxmox-mpc.labels" -}}
{{ include "proxmox-mpc.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "proxmox-mpc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "proxmox-mpc.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "proxmox-mpc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "proxmox-mpc.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "proxmox-mpc.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Names of the dependencies' objects, computed the way the nats and Bitnami postgresql
charts compute them.
*/}}
{{- define "proxmox-mpc.nats.fullname" -}}
{{- if .Values.nats.fullnameOverride }}
{{- .Values.nats.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "nats" .Values.nats.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "proxmox-mpc.postgresql.fullname" -}}
{{- if .Values.postgresql.fullnameOverride }}
{{- .Values.postgresql.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "postgresql" .Values.postgresql.nameOverride }}
{{- $releaseName := regexReplaceAll "(-?[^a-z\\d\\-])+-?" (lower .Release.Name) "-" }}
{{- if contains $name $releaseName }}
{{- $releaseName | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" $releaseName $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
NATS_URL, as environment entries. The services log in with the credentials in the URL.
With the bundled NATS the password of mpc-service comes from the Secret the NATS pods
read it from (nats.container.env.MPC_SERVICE_NATS_PASSWORD), and Kubernetes expands
$(NATS_SERVICE_PASSWORD) from the entry before it, so it only ever lives in the Secret.
An external NATS takes a whole URL from a Secret (externalNats.urlKey) or, for a server
that needs no credentials, externalNats.url.
*/}}
{{- define "proxmox-mpc.natsEnv" -}}
{{- if .Values.nats.enabled }}
{{- $ref := dig "container" "env" "MPC_SERVICE_NATS_PASSWORD" "valueFrom" "secretKeyRef" dict .Values.nats }}
{{- if not (and $ref.name $ref.key) }}
{{- fail "nats.container.env.MPC_SERVICE_NATS_PASSWORD must be a secretKeyRef (name and key): the services log in to NATS with it" }}
{{- end }}
- name: NATS_SERVICE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
- name: NATS_URL
  value: {{ printf "nats://mpc-service:$(NATS_SERVICE_PASSWORD)@%s.%s.svc.%s:4222" (include "proxmox-mpc.nats.fullname" .) .Release.Namespace .Values.clusterDomain | quote }}
{{- else if .Values.externalNats.urlKey }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "externalNats.existingSecret is required with externalNats.urlKey" .Values.externalNats.existingSecret }}
      key: {{ .Values.externalNats.urlKey }}
{{- else }}
- name: NATS_URL
  value: {{ required "externalNats.urlKey (with externalNats.existingSecret) or externalNats.url is required when nats.enabled=false" .Values.externalNats.url | quote }}
{{- end }}
{{- end }}

{{/*
DATABASE_URL, as environment entries. Kubernetes expands $(DATABASE_PASSWORD) from the
entry before it, so the password only ever lives in the Secret.
*/}}
{{- define "proxmox-mpc.databaseEnv" -}}
{{- $db := .Values.database }}
{{- if .Values.postgresql.enabled }}
{{- $auth := .Values.postgresql.auth }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $auth.existingSecret | default (include "proxmox-mpc.postgresql.fullname" .) }}
      key: {{ $auth.secretKeys.userPasswordKey | default "password" }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s.%s.svc.%s:5432/%s%s" $auth.username (include "proxmox-mpc.postgresql.fullname" .) .Release.Namespace .Values.clusterDomain $auth.database (ternary (printf "?%s" $db.params) "" (ne $db.params "")) | quote }}
{{- else if $db.urlKey }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret is required when postgresql.enabled=false" $db.existingSecret }}
      key: {{ $db.urlKey }}
{{- else }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret is required when postgresql.enabled=false" $db.existingSecret }}
      key: {{ $db.passwordKey }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:%v/%s%s" $db.user (required "database.host is required when postgresql.enabled=false" $db.host) $db.port $db.name (ternary (printf "?%s" $db.params) "" (ne $db.params "")) | quote }}
{{- end }}
{{- end }}

{{/*
Copies of each stream: bus.streamReplicas, else as many as the bundled NATS cluster has
servers (JetStream keeps at most 5), else nothing (the services' default, 1).
*/}}
{{- define "proxmox-mpc.streamReplicas" -}}
{{- if .Values.bus.streamReplicas }}
{{- .Values.bus.streamReplicas }}
{{- else if and .Values.nats.enabled .Values.nats.config.cluster.enabled }}
{{- min (int .Values.nats.config.cluster.replicas) 5 }}
{{- end }}
{{- end }}

{{/*
The Proxmox VE API the agent manages: proxmox.url, or the simulator the chart runs while
that is empty.
*/}}
{{- define "proxmox-mpc.proxmoxUrl" -}}
{{- if .Values.proxmox.url }}
{{- .Values.proxmox.url }}
{{- else }}
{{- printf "http://%s:8006" (include "proxmox-mpc.componentName" (dict "root" . "name" "pve-sim")) }}
{{- end }}
{{- end }}

{{- define "proxmox-mpc.proxmoxTokenId" -}}
{{- if .Values.proxmox.url }}
{{- required "proxmox.tokenId is required with proxmox.url (user@realm!tokenname)" .Values.proxmox.tokenId }}
{{- else }}
{{- .Values.proxmox.tokenId | default "root@pam!mpc" }}
{{- end }}
{{- end }}

{{/*
The TCP port of a URL: the one it names, else its scheme's (https 443, http 80).
*/}}
{{- define "proxmox-mpc.urlPort" -}}
{{- $url := urlParse . }}
{{- $port := regexFind "[0-9]+$" (regexFind ":[0-9]+$" $url.host) }}
{{- $port | default (ternary "443" "80" (eq $url.scheme "https")) }}
{{- end }}

{{/*
Host header names mcp-edge accepts: its Service's names, localhost (kubectl
port-forward), the ingress hosts and mcp.extraAllowedHosts.
*/}}
{{- define "proxmox-mpc.mcpAllowedHosts" -}}
{{- $service := include "proxmox-mpc.componentName" (dict "root" . "name" "mcp-edge") }}
{{- $hosts := list $service (printf "%s.%s" $service .Release.Namespace) (printf "%s.%s.svc" $service .Release.Namespace) (printf "%s.%s.svc.%s" $service .Release.Namespace .Values.clusterDomain) "localhost" "127.0.0.1" "[::1]" }}
{{- if .Values.ingress.enabled }}
{{- $hosts = concat $hosts .Values.ingress.hosts }}
{{- end }}
{{- $hosts = concat $hosts .Values.mcp.extraAllowedHosts }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/*
The environment of one service. Context: dict "root" $ "name" <service> "svc" <values>.
Optional settings are left out when empty, so the services apply their own defaults.
*/}}
{{- define "proxmox-mpc.env" -}}
{{- $root := .root }}
{{- $values := $root.Values -}}
{{- include "proxmox-mpc.natsEnv" $root | trim }}
{{- include "proxmox-mpc.databaseEnv" $root }}
- name: HTTP_HOST
  value: "0.0.0.0"
- name: HTTP_PORT
  value: {{ .svc.port | quote }}
- name: LOG_LEVEL
  value: {{ $values.logLevel | quote }}
{{- with $values.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $values.bus.commandMaxAgeMs }}
- name: BUS_COMMAND_MAX_AGE_MS
  value: {{ . | quote }}
{{- end }}
{{- with $values.bus.consumerConcurrency }}
- name: BUS_CONSUMER_CONCURRENCY
  value: {{ . | quote }}
{{- end }}
{{- with $values.bus.retryDelayMs }}
- name: BUS_RETRY_DELAY_MS
  value: {{ . | quote }}
{{- end }}
{{- with include "proxmox-mpc.streamReplicas" $root }}
- name: BUS_STREAM_REPLICAS
  value: {{ . | quote }}
{{- end }}
{{- if has .name (list "iac-generator" "test-runner") }}
- name: IAC_WORKSPACE_ROOT
  value: /var/lib/proxmox-mpc/workspaces
{{- end }}
{{- if eq .name "mcp-edge" }}
- name: MCP_TRANSPORT
  value: http
- name: MCP_BEARER_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ required "secrets.existingSecret is required" $values.secrets.existingSecret }}
      key: {{ $values.secrets.mcpBearerTokenKey }}
- name: MCP_TOKEN_NAME
  value: {{ $values.mcp.tokenName | quote }}
- name: MCP_ALLOWED_HOSTS
  value: {{ include "proxmox-mpc.mcpAllowedHosts" $root | quote }}
{{- with $values.mcp.toolTimeoutMs }}
- name: MCP_TOOL_TIMEOUT_MS
  value: {{ . | quote }}
{{- end }}
{{- with $values.mcp.maxBodyBytes }}
- name: MCP_MAX_BODY_BYTES
  value: {{ . | quote }}
{{- end }}
{{- with $values.secrets.mcpAdminTokenKey }}
- name: MCP_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $values.secrets.existingSecret }}
      key: {{ . }}
{{- end }}
{{- with $values.mcp.rateLimitPerMinute }}
- name: MCP_RATE_LIMIT_PER_MINUTE
  value: {{ . | quote }}
{{- end }}
{{- with $values.mcp.toolRateLimits }}
- name: MCP_TOOL_RATE_LIMITS
  value: {{ . | quote }}
{{- end }}
{{- with $values.mcp.maxConcurrentCalls }}
- name: MCP_MAX_CONCURRENT_CALLS
  value: {{ . | quote }}
{{- end }}
{{- if and $values.ingress.enabled $values.ingress.tls }}
# Browsers reach the web console over https at the ingress, which forwards plain http.
- name: MCP_UI_SECURE_COOKIES
  value: always
{{- end }}
- name: MCP_AUTH
  value: {{ $values.mcp.auth.mode | quote }}
{{- if eq $values.mcp.auth.mode "oauth" }}
- name: MCP_RESOURCE_URL
  value: {{ required "mcp.auth.resourceUrl is required with mcp.auth.mode=oauth" $values.mcp.auth.resourceUrl | quote }}
- name: MCP_OAUTH_ISSUER
  value: {{ required "mcp.auth.issuer is required with mcp.auth.mode=oauth" $values.mcp.auth.issuer | quote }}
- name: MCP_OAUTH_JWKS_URL
  value: {{ required "mcp.auth.jwksUrl is required with mcp.auth.mode=oauth" $values.mcp.auth.jwksUrl | quote }}
{{- with $values.mcp.auth.audience }}
- name: MCP_OAUTH_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- with $values.mcp.auth.scopePrefix }}
- name: MCP_OAUTH_SCOPE_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .name "proxmox-agent" }}
- name: PVE_URL
  value: {{ include "proxmox-mpc.proxmoxUrl" $root | quote }}
- name: PVE_TOKEN_ID
  value: {{ include "proxmox-mpc.proxmoxTokenId" $root | quote }}
- name: PVE_TOKEN_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "secrets.existingSecret is required" $values.secrets.existingSecret }}
      key: {{ $values.secrets.pveTokenSecretKey }}
{{- with $values.secrets.pveSecretsKeyKey }}
- name: PVE_SECRETS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $values.secrets.existingSecret }}
      key: {{ . }}
{{- end }}
- name: PVE_TARGET
  value: {{ $values.proxmox.target | quote }}
- name: PVE_INSECURE_TLS
  value: {{ $values.proxmox.insecureTls | toString | quote }}
{{- if $values.proxmox.caConfigMap }}
- name: PVE_CA_FILE
  value: {{ printf "/etc/proxmox-mpc/pve-ca/%s" $values.proxmox.caConfigMapKey | quote }}
{{- end }}
{{- with $values.proxmox.timeoutMs }}
- name: PVE_TIMEOUT_MS
  value: {{ . | quote }}
{{- end }}
{{- with $values.proxmox.taskTimeoutMs }}
- name: PVE_TASK_TIMEOUT_MS
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := .svc.env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with $values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
A service's pod affinity: the affinity value, plus, while the workspaces claim is
ReadWriteOnce (mounted on one node at a time), the rules that keep every pod mounting it
on one node: iac-generator's pods with each other (the first goes anywhere, preferably
beside test-runner) and test-runner's pods with iac-generator's.
Context: dict "root" $ "name" <service>.
*/}}
{{- define "proxmox-mpc.affinity" -}}
{{- $root := .root }}
{{- $affinity := deepCopy ($root.Values.affinity | default dict) }}
{{- if and (eq $root.Values.workspaces.accessMode "ReadWriteOnce") (has .name (list "iac-generator" "test-runner")) }}
{{- $onNodeOf := dict }}
{{- range $service := list "iac-generator" "test-runner" }}
{{- $selector := include "proxmox-mpc.selectorLabels" (dict "root" $root "name" $service) | fromYaml }}
{{- $_ := set $onNodeOf $service (dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" $selector)) }}
{{- end }}
{{- $podAffinity := $affinity.podAffinity | default dict }}
{{- $required := $podAffinity.requiredDuringSchedulingIgnoredDuringExecution | default list }}
{{- $_ := set $podAffinity "requiredDuringSchedulingIgnoredDuringExecution" (append $required (get $onNodeOf "iac-generator")) }}
{{- if eq .name "iac-generator" }}
{{- $preferred := $podAffinity.preferredDuringSchedulingIgnoredDuringExecution | default list }}
{{- $_ := set $podAffinity "preferredDuringSchedulingIgnoredDuringExecution" (append $preferred (dict "weight" 100 "podAffinityTerm" (get $onNodeOf "test-runner"))) }}
{{- end }}
{{- $_ := set $affinity "podAffinity" $podAffinity }}
{{- end }}
{{- with $affinity }}
{{- toYaml . }}
{{- end }}
{{- end }}
