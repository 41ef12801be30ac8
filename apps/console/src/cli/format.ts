/** 2.0 GiB, 512 MiB: sizes as people read them. */
export function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

/** 3d 4h, 12m 5s, 850 ms: a duration in its two largest units. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const parts: string[] = [];
  let seconds = Math.floor(ms / 1_000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)}${unit}`);
      seconds %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** `12:03:44` today, or the date too for older times. */
export function clockTime(iso: string): string {
  const time = new Date(iso);
  const today = new Date().toDateString() === time.toDateString();
  const text = time.toISOString().replace('T', ' ').slice(0, 19);
  return today ? text.slice(11) : text;
}
