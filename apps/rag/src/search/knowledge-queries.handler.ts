import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { ReadDocumentUseCase } from './read-document.use-case';
import { SearchKnowledgeUseCase } from './search-knowledge.use-case';

/** Searching the knowledge, and reading a cited document whole. */
@Controller()
export class KnowledgeQueriesHandler {
  constructor(
    private readonly searchKnowledge: SearchKnowledgeUseCase,
    private readonly readDocument: ReadDocumentUseCase,
  ) {}

  @OnQuery(Subjects.ragSearch)
  search(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.ragSearch>>,
  ): Promise<QueryResponseOf<typeof Subjects.ragSearch>> {
    return this.searchKnowledge.execute({
      ...request.data,
      k: request.data.k ?? 10,
      mode: request.data.mode ?? 'hybrid',
    });
  }

  @OnQuery(Subjects.ragDocumentRead)
  read(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.ragDocumentRead>>,
  ): Promise<QueryResponseOf<typeof Subjects.ragDocumentRead>> {
    return this.readDocument.execute(request.data);
  }
}
