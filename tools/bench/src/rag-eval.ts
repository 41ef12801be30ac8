import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { localDataDir } from '@proxmox-mpc/testing';
import { scoreRetrieval, type LabelledQuestion, type RetrievalScores } from './retrieval-scores';

const USAGE = `usage: npm run rag:eval -- --questions <file.jsonl> --out <results.jsonl> [--source pve-docs]
  Runs every question through the running knowledge service (NATS_URL, or the platform npm start
  runs), ingesting the source first if it holds nothing yet, writes the hybrid results in the
  evaluation set's format, and prints Recall@5, Recall@10 and MRR@10 for lexical, dense and hybrid.
  exit: 0 done, 1 the service failed or did not answer, 2 bad usage`;

const MODES = ['lexical', 'dense', 'hybrid'] as const;
const origin: Origin = { correlationId: 'rag-eval', actor: { kind: 'operator', id: 'rag-eval' } };

class UsageError extends Error {}

function parse(argv: string[]): { questions: string; out: string; source: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'string', default: 'pve-docs' },
    },
  });
  if (!values.questions)
    throw new UsageError('--questions is required: a JSON Lines file of {id, query, relevant}');
  if (!values.out) throw new UsageError('--out is required: where the results go');
  if (!existsSync(values.questions)) throw new UsageError(`--questions: ${values.questions} does not exist`);
  return { questions: values.questions, out: values.out, source: values.source as string };
}

function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      const question = JSON.parse(line) as Partial<LabelledQuestion>;
      if (
        typeof question.id !== 'string' ||
        typeof question.query !== 'string' ||
        !Array.isArray(question.relevant)
      )
        throw new UsageError(`--questions line ${index + 1}: expected {"id", "query", "relevant": [...]}`);
      return question as LabelledQuestion;
    });
}

function natsUrl(): string {
  if (process.env.NATS_URL) return process.env.NATS_URL;
  const platform = join(localDataDir(), 'platform.json');
  if (!existsSync(platform)) throw new Error('set NATS_URL, or start the platform with npm start');
  return (JSON.parse(readFileSync(platform, 'utf8')) as { natsUrl: string }).natsUrl;
}

/** Makes sure the source has documents in the index, ingesting it once if not. */
async function ensureIngested(bus: MessageBus, source: string): Promise<void> {
  const probe = await bus.query(Subjects.ragSearch, { query: 'proxmox', k: 1, sources: [source] }, origin);
  if (probe.passages.length > 0) return;
  process.stderr.write(`ingesting ${source} first…\n`);
  const outcome = await bus.execute(Subjects.ragIngest, { source }, origin, { timeoutMs: 300_000 });
  if (outcome.subject === Subjects.ragIngestFailed) throw new Error(outcome.envelope.data.message);
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const questions = readQuestions(options.questions);
  const bus = await MessageBus.connect(
    { service: 'rag-eval', natsUrl: natsUrl(), publishOnly: true },
    createLogger({ service: 'rag-eval', level: 'silent' }),
  );
  try {
    await ensureIngested(bus, options.source);
    const scores = new Map<(typeof MODES)[number], RetrievalScores>();
    for (const mode of MODES) {
      const results = new Map<string, string[]>();
      for (const question of questions) {
        const { passages } = await bus.query(
          Subjects.ragSearch,
          { query: question.query, k: 10, mode, sources: [options.source] },
          origin,
        );
        results.set(
          question.id,
          passages.map((passage) => passage.citation),
        );
      }
      scores.set(mode, scoreRetrieval(questions, results));
      if (mode === 'hybrid') {
        writeFileSync(
          options.out,
          questions
            .map((question) => JSON.stringify({ id: question.id, results: results.get(question.id) ?? [] }))
            .join('\n') + '\n',
        );
      }
    }
    process.stdout.write(`${questions.length} questions, source ${options.source}\n`);
    process.stdout.write('mode      Recall@5  Recall@10  MRR@10\n');
    for (const [mode, score] of scores)
      process.stdout.write(
        `${mode.padEnd(9)} ${score.recallAt5.toFixed(3).padStart(8)} ${score.recallAt10.toFixed(3).padStart(10)} ${score.mrrAt10.toFixed(3).padStart(7)}\n`,
      );
    process.stdout.write(`hybrid results written to ${options.out}\n`);
    return 0;
  } finally {
    await bus.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rag:eval: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
