import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MessageBus, OnQuery } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type Envelope,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { ChainVerifier } from '../audit-chain/chain-verifier';
import { recordChainVerification } from './audit-chain-metrics';
import { AuditSearch } from './audit-search';

/** Reading the audit log over the bus: searches, and verification of its hash chain. */
@Controller()
export class AuditQueryHandler {
  constructor(
    private readonly auditSearch: AuditSearch,
    private readonly verifier: ChainVerifier,
    private readonly bus: MessageBus,
  ) {}

  @OnQuery(Subjects.auditSearch)
  search(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.auditSearch>>,
  ): Promise<QueryResponseOf<typeof Subjects.auditSearch>> {
    return this.auditSearch.search(request.data);
  }

  /** Announced as well as answered: whoever watches the log's integrity learns of every check. */
  @OnQuery(Subjects.auditVerify)
  async verify(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.auditVerify>>,
  ): Promise<QueryResponseOf<typeof Subjects.auditVerify>> {
    const result = await this.verifier.verify();
    recordChainVerification(result);
    await this.bus.publish(Subjects.auditChainVerified, result, originFrom(request));
    return result;
  }
}
