import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HandlerError, OnCommand, OnQuery } from '@proxmox-mpc/bus';
import {
  describeIssues,
  originFrom,
  Subjects,
  toValidationIssues,
  type DataOf,
  type Envelope,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { CreateTokenSchema } from '../access/token-spec';
import { operatorOfCommand } from '../admin/operator-command';
import { CreateApiTokenUseCase } from './create-api-token.use-case';
import { ListApiTokensUseCase } from './list-api-tokens.use-case';
import { RevokeApiTokenUseCase } from './revoke-api-token.use-case';

type ListRequest = QueryRequestOf<typeof Subjects.mcpTokensList>;
type ListResponse = QueryResponseOf<typeof Subjects.mcpTokensList>;

/**
 * API tokens over the bus (the console), beside the admin HTTP endpoints. A new token's
 * secret is made by the console and never sent: the command carries its digest only.
 */
@Controller()
export class TokensHandler {
  constructor(
    private readonly createToken: CreateApiTokenUseCase,
    private readonly listTokens: ListApiTokensUseCase,
    private readonly revokeToken: RevokeApiTokenUseCase,
  ) {}

  @OnQuery(Subjects.mcpTokensList)
  async list(@Payload() request: Envelope<ListRequest>): Promise<ListResponse> {
    return {
      tokens: await this.listTokens.execute({ includeRevoked: request.data.includeRevoked ?? false }),
    };
  }

  @OnCommand(Subjects.mcpTokenCreate)
  async create(@Payload() command: Envelope<DataOf<typeof Subjects.mcpTokenCreate>>): Promise<void> {
    const createdBy = operatorOfCommand(command, 'create API tokens');
    const { digest, ...request } = command.data;
    // The same rules as the admin endpoint: known tool names, selectors, a future expiry.
    const spec = CreateTokenSchema.safeParse(request);
    if (!spec.success) {
      const issues = toValidationIssues(spec.error);
      throw new HandlerError('INVALID_MESSAGE', describeIssues(issues), false, issues);
    }
    await this.createToken.execute({
      ...spec.data,
      createdBy,
      digest: Buffer.from(digest, 'hex'),
      origin: originFrom(command),
    });
  }

  @OnCommand(Subjects.mcpTokenRevoke)
  async revoke(@Payload() command: Envelope<DataOf<typeof Subjects.mcpTokenRevoke>>): Promise<void> {
    await this.revokeToken.execute({
      name: command.data.name,
      revokedBy: operatorOfCommand(command, 'revoke API tokens'),
      origin: originFrom(command),
    });
  }
}
