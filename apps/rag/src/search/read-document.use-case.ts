import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { QueryResponseOf, Subjects } from '@proxmox-mpc/contracts';
import { KnowledgeStore } from '../knowledge/knowledge.store';

/** A cited document whole: what an MCP client opens from a passage's `uri`. */
@Injectable()
export class ReadDocumentUseCase {
  constructor(private readonly store: KnowledgeStore) {}

  async execute(request: {
    source: string;
    path: string;
  }): Promise<QueryResponseOf<typeof Subjects.ragDocumentRead>> {
    const found = await this.store.document(request.source, request.path);
    if (!found)
      throw new HandlerError('NOT_FOUND', `no document ${request.path} in source ${request.source}`, false);
    return {
      source: found.document.source,
      kind: found.document.kind,
      path: found.document.path,
      title: found.document.title,
      units: found.chunks.map((chunk) => ({
        citation: chunk.citation,
        heading: chunk.heading,
        text: chunk.body,
      })),
    };
  }
}
