import { BaseRpcContext } from '@nestjs/microservices';

export interface BusContextArgs {
  subject: string;
  /** 1 on first delivery; always 1 for queries. */
  deliveryCount: number;
  headers: Record<string, string>;
}

/** What a handler may ask about the message beyond its payload (`@Ctx() ctx: BusContext`). */
export class BusContext extends BaseRpcContext<[BusContextArgs]> {
  get subject(): string {
    return this.args[0].subject;
  }

  get deliveryCount(): number {
    return this.args[0].deliveryCount;
  }

  get headers(): Record<string, string> {
    return this.args[0].headers;
  }
}
