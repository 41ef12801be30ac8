import { createInterface } from 'node:readline';
import type { CommandContext } from '../commands/command';
import { EchoControl } from './echo-control';
import { UsageError } from './errors';
import type { OutputStream } from './terminal';

/**
 * Questions for a one-shot run: asked on the terminal when there is one, refused when
 * nobody can answer (a script or CI), with what to pass instead in the command's message.
 */
export function terminalQuestion(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: OutputStream,
): CommandContext['ask'] {
  return async (question, options = {}) => {
    if (!input.isTTY) {
      throw new UsageError(`"${question.trim()}" needs an answer, and stdin is not a terminal`);
    }
    const echo = new EchoControl(output);
    const rl = createInterface({ input, output: echo, terminal: true });
    try {
      return await new Promise<string>((resolve) => {
        rl.question(question, (answer) => resolve(answer.trim()));
        echo.muted = Boolean(options.secret);
      });
    } finally {
      echo.muted = false;
      if (options.secret) output.write('\n');
      rl.close();
    }
  };
}
