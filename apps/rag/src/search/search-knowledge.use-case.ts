import { Injectable } from '@nestjs/common';
import type { KnowledgeSearchRequest, Passage, QueryResponseOf, Subjects } from '@proxmox-mpc/contracts';
import { Embedder } from '../embedding/embedder';
import type { KnowledgeChunk } from '../knowledge/knowledge-chunk.entity';
import { KnowledgeStore, type ChunkFilter } from '../knowledge/knowledge.store';
import { VectorIndex } from '../vectors/vector-index';
import { knowledgeUri } from './knowledge-uri';
import { fuseRankings } from './rank-fusion';

type SearchRequest = Required<Pick<KnowledgeSearchRequest, 'query' | 'k' | 'mode'>> &
  Omit<KnowledgeSearchRequest, 'query' | 'k' | 'mode'>;

/** How deep each ranking is read before fusing: deeper than asked, so fusion can promote. */
const CANDIDATES = 50;
/**
 * Fusion settings, measured on the admin guide's question set (docs/knowledge.md): the
 * corpus-fitted dense ranking is the weaker one (MRR@10 0.62 against 0.74), so it counts
 * half, and a small k lets both rankings' first places decide. Settings with k 5-10 and
 * weights 0.4-0.7 all beat either ranking alone, with and without other sources in the
 * index; this one sits in the middle of that range.
 */
const FUSION_K = 5;
const DENSE_WEIGHT = 0.5;
/** A passage is cut here: enough to judge and quote it; the whole unit is one resource read away. */
const PASSAGE_CHARS = 1_200;

/**
 * Ranks citation units for a question: BM25F over PostgreSQL's stemming (lexical), cosine
 * over the embedder's vectors (dense), fused by reciprocal rank. Each passage carries its
 * citation, the ranks it got, and the resource to read the whole document.
 */
@Injectable()
export class SearchKnowledgeUseCase {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly embedder: Embedder,
    private readonly vectors: VectorIndex,
  ) {}

  async execute(request: SearchRequest): Promise<QueryResponseOf<typeof Subjects.ragSearch>> {
    const filter: ChunkFilter = {
      ...(request.kinds ? { kinds: request.kinds } : {}),
      ...(request.sources ? { sources: request.sources } : {}),
      ...(request.node ? { node: request.node } : {}),
      ...(request.target ? { target: request.target } : {}),
      ...(request.workspace ? { workspace: request.workspace } : {}),
      ...(request.from ? { from: new Date(request.from) } : {}),
      ...(request.to ? { to: new Date(request.to) } : {}),
      ...(request.auditActor ? { auditActor: request.auditActor } : {}),
    };
    const depth = Math.max(CANDIDATES, request.k);
    const { lexemes, hits } = await this.store.lexicalSearch(
      request.query,
      filter,
      request.mode === 'dense' ? 0 : depth,
    );
    const rankings: Array<{ name: string; ids: string[]; weight: number }> = [];
    if (request.mode !== 'dense')
      rankings.push({ name: 'lexical', ids: hits.map((hit) => hit.id), weight: 1 });
    if (request.mode !== 'lexical') {
      const query = this.embedder.embed({
        lexemes: new Map(lexemes.map((lexeme) => [lexeme, { title: 0, body: 1 }])),
        text: request.query,
      });
      const dense = query ? this.vectors.search(query, filter, depth) : [];
      rankings.push({ name: 'dense', ids: dense.map((hit) => hit.id), weight: DENSE_WEIGHT });
    }
    const top = fuseRankings(rankings, FUSION_K).slice(0, request.k);
    const chunks = new Map(
      (await this.store.chunks(top.map((hit) => hit.id))).map((chunk) => [chunk.id, chunk]),
    );
    const passages = top.flatMap((hit) => {
      const chunk = chunks.get(hit.id);
      return chunk ? [passageOf(chunk, hit.score, hit.ranks)] : [];
    });
    return { passages, embedder: this.embedder.name };
  }
}

function passageOf(chunk: KnowledgeChunk, score: number, ranks: Record<string, number>): Passage {
  return {
    citation: chunk.citation,
    source: chunk.source,
    kind: chunk.kind,
    title: chunk.document?.title ?? '',
    heading: chunk.heading,
    text: chunk.body.length > PASSAGE_CHARS ? `${chunk.body.slice(0, PASSAGE_CHARS)}…` : chunk.body,
    score,
    ...(ranks.lexical ? { lexicalRank: ranks.lexical } : {}),
    ...(ranks.dense ? { denseRank: ranks.dense } : {}),
    uri: knowledgeUri(chunk.source, chunk.document?.path ?? chunk.citation),
    ...(chunk.node ? { node: chunk.node } : {}),
    ...(chunk.target ? { target: chunk.target } : {}),
    ...(chunk.workspace ? { workspace: chunk.workspace } : {}),
    ...(chunk.vmid !== null && chunk.node && chunk.guestName
      ? { guest: { vmid: chunk.vmid, name: chunk.guestName, node: chunk.node } }
      : {}),
    ...(chunk.occurredAt ? { occurredAt: chunk.occurredAt.toISOString() } : {}),
  };
}
