import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { WebSession } from './web-session.entity';
import { WebSessionStore } from './web-session.store';

@Injectable()
export class PostgresWebSessionStore extends WebSessionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async insert(session: WebSession): Promise<void> {
    await this.sessions().insert(session);
  }

  async find(idDigest: Buffer): Promise<WebSession | undefined> {
    return (await this.sessions().findOneBy({ idDigest })) ?? undefined;
  }

  async touch(idDigest: Buffer, at: Date): Promise<void> {
    await this.sessions().update({ idDigest }, { lastSeenAt: at });
  }

  async delete(idDigest: Buffer): Promise<void> {
    await this.sessions().delete({ idDigest });
  }

  async deleteEnded(now: Date, idleSince: Date): Promise<number> {
    const result = await this.sessions().delete([
      { expiresAt: LessThanOrEqual(now) },
      { lastSeenAt: LessThanOrEqual(idleSince) },
    ]);
    return result.affected ?? 0;
  }

  private sessions() {
    return this.dataSource.getRepository(WebSession);
  }
}
