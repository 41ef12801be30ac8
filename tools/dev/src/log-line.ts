const LEVEL_WIDTH = 5;
const NAME_WIDTH = 13;
const SKIPPED_KEYS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'context']);

/** A service's JSON log line as one readable console line; other text passes through. */
export function formatLogLine(service: string, line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${service.padEnd(NAME_WIDTH)} ${line}`;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const level = String(record.level ?? '').padEnd(LEVEL_WIDTH);
  const extras = Object.entries(record)
    .filter(([key]) => !SKIPPED_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${service.padEnd(NAME_WIDTH)} ${level} ${String(record.msg ?? '')}${extras ? `  ${extras}` : ''}`;
}
