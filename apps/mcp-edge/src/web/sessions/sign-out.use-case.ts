import { Injectable } from '@nestjs/common';
import { sessionDigest } from './csrf';
import { WebSessionStore } from './web-session.store';

/** Ends a session on the server, so its cookie is worthless even if it was copied. */
@Injectable()
export class SignOutUseCase {
  constructor(private readonly sessions: WebSessionStore) {}

  async execute(sessionId: string): Promise<void> {
    await this.sessions.delete(sessionDigest(sessionId));
  }
}
