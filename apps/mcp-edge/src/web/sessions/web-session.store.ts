import type { WebSession } from './web-session.entity';

/** Every read and write of `web_sessions`. */
export abstract class WebSessionStore {
  abstract insert(session: WebSession): Promise<void>;

  abstract find(idDigest: Buffer): Promise<WebSession | undefined>;

  abstract touch(idDigest: Buffer, at: Date): Promise<void>;

  abstract delete(idDigest: Buffer): Promise<void>;

  /** Removes the sessions that ended: past their absolute end, or idle since before `idleSince`. */
  abstract deleteEnded(now: Date, idleSince: Date): Promise<number>;
}
