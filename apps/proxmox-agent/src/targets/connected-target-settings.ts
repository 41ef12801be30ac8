import type { ConnectedTarget } from './connected-target.entity';
import { TargetSettingsSchema, type TargetSettings } from './target-config';

/** A connected cluster's client settings: its row, with the secret decrypted, and the defaults. */
export function connectedTargetSettings(
  target: Pick<ConnectedTarget, 'name' | 'url' | 'tokenId' | 'caPem' | 'insecureTls'>,
  tokenSecret: string,
): TargetSettings {
  return TargetSettingsSchema.parse({
    name: target.name,
    url: target.url,
    auth: { tokenId: target.tokenId, tokenSecret },
    ...(target.caPem ? { caPem: target.caPem } : {}),
    insecureTls: target.insecureTls,
  });
}
