import { WebSession } from './web-session.entity';
import { WebSessionStore } from './web-session.store';

/** `web_sessions` in an array, for unit tests of the use cases. */
export class InMemoryWebSessionStore extends WebSessionStore {
  rows: WebSession[] = [];

  async insert(session: WebSession): Promise<void> {
    this.rows.push(Object.assign(new WebSession(), session));
  }

  async find(idDigest: Buffer): Promise<WebSession | undefined> {
    return this.rows.find((session) => session.idDigest.equals(idDigest));
  }

  async touch(idDigest: Buffer, at: Date): Promise<void> {
    const session = await this.find(idDigest);
    if (session) session.lastSeenAt = at;
  }

  async delete(idDigest: Buffer): Promise<void> {
    this.rows = this.rows.filter((session) => !session.idDigest.equals(idDigest));
  }

  async deleteEnded(now: Date, idleSince: Date): Promise<number> {
    const before = this.rows.length;
    this.rows = this.rows.filter((session) => session.expiresAt > now && session.lastSeenAt > idleSince);
    return before - this.rows.length;
  }
}
