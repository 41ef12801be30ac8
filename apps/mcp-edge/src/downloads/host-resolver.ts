import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';

/** The addresses a host name resolves to, here (the Proxmox node resolves it again itself). */
export abstract class HostResolver {
  abstract resolve(host: string): Promise<string[]>;
}

/** The system resolver, as any program on this host sees it: every A and AAAA record. */
@Injectable()
export class SystemHostResolver extends HostResolver {
  async resolve(host: string): Promise<string[]> {
    const found = await lookup(host, { all: true, verbatim: true });
    return found.map((entry) => entry.address);
  }
}

/** Fixed answers for unit tests; an unknown name resolves to nothing. */
export class InMemoryHostResolver extends HostResolver {
  constructor(private readonly answers: Readonly<Record<string, readonly string[]>>) {
    super();
  }

  async resolve(host: string): Promise<string[]> {
    return [...(this.answers[host.toLowerCase()] ?? [])];
  }
}
