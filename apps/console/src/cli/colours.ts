/** ANSI colours, or plain text: only on a terminal, and never when NO_COLOR is set (no-color.org). */
export class Colours {
  constructor(readonly enabled: boolean) {}

  static for(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colours {
    return new Colours(Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  }

  red = (text: string): string => this.wrap(31, text);
  green = (text: string): string => this.wrap(32, text);
  yellow = (text: string): string => this.wrap(33, text);
  cyan = (text: string): string => this.wrap(36, text);
  dim = (text: string): string => this.wrap(2, text);
  bold = (text: string): string => this.wrap(1, text);

  /** Green for good, red for bad: `ok`/`failed` marks in lists. */
  verdict(ok: boolean, text: string): string {
    return ok ? this.green(text) : this.red(text);
  }

  private wrap(code: number, text: string): string {
    return this.enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

// Built from the escape character's code: a control character in a regex literal hides it.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** `text` without its colour codes. */
export function plain(text: string): string {
  return text.replace(ANSI, '');
}

/** How many columns `text` takes on a terminal, colour codes aside. */
export function visibleLength(text: string): number {
  return plain(text).length;
}
