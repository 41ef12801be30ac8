import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { pollUntil, pveDocs } from '@proxmox-mpc/testing';
import { scoreRetrieval, type LabelledQuestion, type RetrievalScores } from './retrieval-scores';
import { BenchPlatform } from './bench-platform';
import { LOAD_WARMUP_MS, measureLoad, type LoadResult } from './load';

const ORIGIN: Origin = { correlationId: 'bench-knowledge', actor: { kind: 'operator', id: 'bench' } };
const MODES = ['lexical', 'dense', 'hybrid'] as const;

export interface KnowledgeBench {
  files: number;
  chunks: number;
  embedder: string;
  /** Every file changed (all re-indexed, the model kept), unchanged (hashes only), and a refit of the model. */
  changedSeconds: number;
  unchangedSeconds: number;
  refitSeconds: number;
  scores: Record<(typeof MODES)[number], RetrievalScores>;
  queries: LoadResult[];
}

/**
 * The knowledge service on the Proxmox VE admin guide (../shared/pve-docs): ingest times,
 * retrieval quality on its labelled questions per ranking, and query latency at
 * concurrency 1 and 16. Undefined where the guide is absent.
 */
export async function benchKnowledge(durationMs: number): Promise<KnowledgeBench | undefined> {
  const docs = pveDocs();
  if (!docs) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'mpc-bench-guide-'));
  cpSync(docs.adoc, folder, { recursive: true });
  const bench = await BenchPlatform.start({
    env: { RAG_DOC_FOLDERS: `guide=${folder}`, RAG_PROJECT_DOCS: 'off', RAG_RESCAN_INTERVAL_MS: '0' },
  });
  const bus = await MessageBus.connect(
    { service: 'bench-knowledge', natsUrl: bench.infrastructure.natsUrl },
    createLogger({ service: 'bench', level: 'silent' }),
  );
  try {
    const ingest = async (
      data: DataOf<typeof Subjects.ragIngest>,
    ): Promise<{ seconds: number; chunks: number; embedder: string }> => {
      const started = performance.now();
      const outcome = await bus.execute(Subjects.ragIngest, data, ORIGIN, { timeoutMs: 600_000 });
      if (outcome.subject !== Subjects.ragIngestCompleted)
        throw new Error(JSON.stringify(outcome.envelope.data));
      const result = outcome.envelope.data as DataOf<typeof Subjects.ragIngestCompleted>;
      return {
        seconds: (performance.now() - started) / 1000,
        chunks: result.chunks,
        embedder: result.embedder,
      };
    };
    // The service ingests its folders at start; wait for that before measuring.
    await pollUntil(
      () => bus.query(Subjects.ragSearch, { query: 'backup', k: 1, sources: ['guide'] }, ORIGIN),
      (result) => result.passages.length > 0,
      120_000,
      250,
    );
    const files = readdirSync(folder).filter((file) => file.endsWith('.adoc'));
    for (const file of files) appendFileSync(join(folder, file), '\n');
    const changed = await ingest({ source: 'guide' });
    const unchanged = await ingest({ source: 'guide' });
    const refit = await ingest({ source: 'guide', refit: true });

    const questions = readFileSync(join(docs.eval, 'dev.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LabelledQuestion);
    const scores = {} as KnowledgeBench['scores'];
    for (const mode of MODES) {
      const results = new Map<string, string[]>();
      for (const question of questions) {
        const { passages } = await bus.query(
          Subjects.ragSearch,
          { query: question.query, k: 10, mode, sources: ['guide'] },
          ORIGIN,
        );
        results.set(
          question.id,
          passages.map((passage) => passage.citation),
        );
      }
      scores[mode] = scoreRetrieval(questions, results);
    }
    const queries: LoadResult[] = [];
    for (const concurrency of [1, 16]) {
      let next = 0;
      queries.push(
        await measureLoad(concurrency, durationMs, LOAD_WARMUP_MS, async () => {
          const question = questions[next++ % questions.length] as LabelledQuestion;
          await bus.query(Subjects.ragSearch, { query: question.query, k: 10 }, ORIGIN);
        }),
      );
    }
    return {
      files: files.length,
      chunks: refit.chunks,
      embedder: refit.embedder,
      changedSeconds: changed.seconds,
      unchangedSeconds: unchanged.seconds,
      refitSeconds: refit.seconds,
      scores,
      queries,
    };
  } finally {
    await bus.close();
    await bench.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
