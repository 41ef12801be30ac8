import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { ContractViolation, Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { pollUntil } from '@proxmox-mpc/testing';
import { describeWithPveDocs } from '@proxmox-mpc/testing/needs';
import type { Client } from 'pg';
import { RagOnBus } from './__tests__/rag-on-bus';

const operator: Origin = { correlationId: 'knowledge-spec', actor: { kind: 'operator', id: 'spec' } };
interface IngestOutcome {
  subject: string;
  data: DataOf<typeof Subjects.ragIngestCompleted> & Partial<DataOf<typeof Subjects.ragIngestFailed>>;
}

/** The knowledge service over the bus, on a real PostgreSQL and NATS, with the Proxmox VE admin guide. */
describeWithPveDocs('knowledge service', (docs) => {
  let service: RagOnBus | undefined;
  let bus: MessageBus;
  let db: Client;
  let folder: string;
  const files = (): string[] => readdirSync(folder).filter((file) => file.endsWith('.adoc'));

  const ingest = async (data: DataOf<typeof Subjects.ragIngest>): Promise<IngestOutcome> => {
    const outcome = await bus.execute(Subjects.ragIngest, data, operator, { timeoutMs: 120_000 });
    return { subject: outcome.subject, data: outcome.envelope.data as IngestOutcome['data'] };
  };
  const search = (request: Parameters<MessageBus['query']>[1] & object) =>
    bus.query(Subjects.ragSearch, request as never, operator);
  const chunkRows = async (): Promise<Map<string, { id: string; hash: string }>> =>
    new Map(
      (
        await db.query<{ citation: string; id: string; content_hash: string }>(
          `SELECT citation, id, content_hash FROM rag.knowledge_chunks WHERE source = 'pve-docs'`,
        )
      ).rows.map((row) => [row.citation, { id: row.id, hash: row.content_hash }]),
    );

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mpc-rag-docs-'));
    cpSync(docs.adoc, folder, { recursive: true });
    service = await RagOnBus.start('knowledge-spec', {
      RAG_DOC_FOLDERS: `pve-docs=${folder}`,
      RAG_PROJECT_DOCS: 'off',
    });
    ({ bus, db } = service);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('should index every file of the guide, and find nothing new in it a second time', async () => {
    await ingest({ source: 'pve-docs' });
    const again = await ingest({ source: 'pve-docs' });

    expect(again.subject).toBe(Subjects.ragIngestCompleted);
    expect(again.data.sources).toEqual([
      expect.objectContaining({
        source: 'pve-docs',
        kind: 'docs',
        documents: files().length,
        unchanged: files().length,
      }),
    ]);
    expect(again.data.chunks).toBeGreaterThan(400);
    expect(again.data.embedder).toMatch(/^lsa-\d+-[0-9a-f]{8}$/);
  });

  it('should answer a question with a citation whose unit holds the passage', async () => {
    const { passages } = await search({
      query: 'How do I make a VM start automatically when the node boots?',
      k: 5,
    });
    const citations = passages.map((passage) => passage.citation);

    expect(citations).toContain('qm.adoc#qm_startup_and_shutdown');
    const top = passages[0];
    expect(top).toMatchObject({
      source: 'pve-docs',
      kind: 'docs',
      uri: expect.stringMatching(/^proxmox-mpc:\/\/knowledge\/pve-docs\//),
    });
    const [file] = (top?.citation ?? '').split('#');
    const document = await bus.query(
      Subjects.ragDocumentRead,
      { source: 'pve-docs', path: file as string },
      operator,
    );
    const unit = document.units.find((candidate) => candidate.citation === top?.citation);
    expect(unit?.text.startsWith((top?.text ?? '').replace(/…$/, ''))).toBe(true);
  });

  it('should rank by words alone, by meaning alone, or both, as asked', async () => {
    const query = 'snapshot of a container';
    const [lexical, dense, hybrid] = await Promise.all(
      (['lexical', 'dense', 'hybrid'] as const).map((mode) => search({ query, k: 10, mode })),
    );

    expect(
      lexical.passages.every(
        (passage) => passage.lexicalRank !== undefined && passage.denseRank === undefined,
      ),
    ).toBe(true);
    expect(
      dense.passages.every((passage) => passage.denseRank !== undefined && passage.lexicalRank === undefined),
    ).toBe(true);
    expect(hybrid.passages.some((passage) => passage.lexicalRank && passage.denseRank)).toBe(true);
  });

  it('should rewrite only the chunks of the section that was edited', async () => {
    const before = await chunkRows();
    appendFileSync(join(folder, 'pct.adoc'), '\nAn operator note: containers are cheap to snapshot.\n');

    const report = (await ingest({ source: 'pve-docs' })).data.sources[0];
    const after = await chunkRows();

    expect(report).toMatchObject({ changed: 1, unchanged: files().length - 1, added: 0, removed: 0 });
    const rewritten = [...after].filter(([citation, row]) => before.get(citation)?.hash !== row.hash);
    expect(rewritten.map(([citation]) => citation)).toHaveLength(1);
    expect(rewritten[0]?.[0]).toMatch(/^pct\.adoc/);
    expect([...after].every(([citation, row]) => before.get(citation)?.id === row.id)).toBe(true);
  });

  it('should skip an unreadable document naming it, and drop a removed one', async () => {
    writeFileSync(join(folder, 'broken.txt'), Buffer.from([0x68, 0x00, 0x69]));
    unlinkSync(join(folder, 'pve-faq.adoc'));

    const report = (await ingest({ source: 'pve-docs' })).data.sources[0];

    expect(report?.skipped).toEqual([
      { path: 'broken.txt', reason: 'it holds NUL bytes: a binary file, not text' },
    ]);
    expect(report?.removed).toBe(1);
    const { passages } = await search({ query: 'frequently asked questions', k: 50 });
    expect(passages.filter((passage) => passage.citation.startsWith('pve-faq.adoc'))).toEqual([]);
  });

  it('should refuse an unknown source, naming the ones there are', async () => {
    const outcome = await ingest({ source: 'runbooks' });

    expect(outcome.subject).toBe(Subjects.ragIngestFailed);
    expect(outcome.data).toMatchObject({ source: 'runbooks', code: 'NOT_FOUND' });
    expect(outcome.data.message).toMatch(/no source named "runbooks"; the sources are pve-docs/);
  });

  it.each([
    [{ query: '   ', k: 5 }, 'data.query: give a question or keywords to search for'],
    [{ query: 'backup', k: 500 }, 'data.k:'],
    [{ query: 'backup', kinds: ['wiki'] }, 'data.kinds.0:'],
    [{ query: 'backup', colour: 'red' }, 'colour'],
  ])('should refuse %j naming the field, on both sides of the bus', async (request, field) => {
    // The sender refuses it before it leaves…
    const refused = await search(request as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContractViolation);
    expect((refused as ContractViolation).message).toContain(field);

    // …and the service refuses it when a client that does not validate sends it anyway.
    const reply = await bus.nats.request(
      Subjects.ragSearch,
      JSON.stringify({
        id: randomUUID(),
        type: 'rag.search',
        source: 'knowledge-spec',
        time: new Date().toISOString(),
        correlationId: operator.correlationId,
        actor: operator.actor,
        data: request,
      }),
    );
    const answer = reply.json<{ ok: boolean; error: { code: string; message: string } }>();
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('INVALID_MESSAGE');
    expect(answer.error.message).toContain(field);
  });

  it('should still find the guide after a restart, from what it stored', async () => {
    await service?.restart({ RAG_PROJECT_DOCS: 'off' });

    const { passages } = await pollUntil(
      () => search({ query: 'live migration', k: 5, mode: 'dense' }),
      (result) => result.passages.length > 0,
    );
    expect(passages[0]?.source).toBe('pve-docs');
  });
});
