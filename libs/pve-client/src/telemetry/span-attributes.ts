/** Span attribute names, OpenTelemetry semantic conventions where one exists. */
export const SPAN_ATTRIBUTES = {
  httpRequestMethod: 'http.request.method',
  httpResponseStatusCode: 'http.response.status_code',
  httpResendCount: 'http.request.resend_count',
  // The path template (`/nodes/{node}/qemu/{vmid}/status/current`): values go to pve.*,
  // so spans of one API method group together.
  urlPath: 'url.path',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  pveNode: 'pve.node',
  pveVmid: 'pve.vmid',
} as const;

export const TRACER_NAME = '@proxmox-mpc/pve-client';
