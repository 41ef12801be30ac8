import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type Envelope,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { VerifyAuditChainUseCase } from '../audit-chain/verify-audit-chain.use-case';
import { SearchAuditLogUseCase } from './search-audit-log.use-case';

/** Reading the audit log over the bus: searches, and verification of its hash chain. */
@Controller()
export class AuditQueryHandler {
  constructor(
    private readonly searchLog: SearchAuditLogUseCase,
    private readonly verifyChain: VerifyAuditChainUseCase,
  ) {}

  @OnQuery(Subjects.auditSearch)
  search(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.auditSearch>>,
  ): Promise<QueryResponseOf<typeof Subjects.auditSearch>> {
    return this.searchLog.execute(request.data);
  }

  @OnQuery(Subjects.auditVerify)
  verify(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.auditVerify>>,
  ): Promise<QueryResponseOf<typeof Subjects.auditVerify>> {
    return this.verifyChain.execute({ origin: originFrom(request) });
  }
}
