import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MessageBus, readPlatformHealth, type PlatformHealth } from '@proxmox-mpc/bus';

// Health is gathered from every replica for 2.5 s; pages show a reading at most this old
// (refreshed in the background), so the Overview does not wait for it on every load.
const FRESH_MS = 15_000;

/** The platform's health as the web console shows it: one shared reading per replica. */
@Injectable()
export class HealthSnapshot {
  private reading: { at: number; health: Promise<PlatformHealth> } | undefined;

  constructor(private readonly bus: MessageBus) {}

  /** The latest reading; a stale one is answered at once while a fresh one is taken. */
  async current(): Promise<{ health: PlatformHealth; at: Date }> {
    const reading = this.reading;
    if (!reading || Date.now() - reading.at > FRESH_MS) {
      const next = { at: Date.now(), health: this.read() };
      // A failed reading is not kept: the next page asks again.
      next.health.catch(() => {
        if (this.reading === next) this.reading = undefined;
      });
      this.reading = next;
      if (reading) {
        const stale = await reading.health.catch(() => undefined);
        if (stale) return { health: stale, at: new Date(reading.at) };
      }
    }
    const current = this.reading as { at: number; health: Promise<PlatformHealth> };
    return { health: await current.health, at: new Date(current.at) };
  }

  private read(): Promise<PlatformHealth> {
    return readPlatformHealth(this.bus, {
      correlationId: `web-${randomUUID()}`,
      actor: { kind: 'service', id: 'mcp-edge' },
    });
  }
}
