/** Decodes percent-escapes; like Perl's uri_unescape it leaves malformed ones as they are instead of failing. */
export function uriUnescape(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
