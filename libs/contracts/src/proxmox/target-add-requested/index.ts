import { z } from 'zod';
import { defineCommand } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { TargetAddedContract } from '../target-added';

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64');

/**
 * A secret sealed for one recipient: X25519 with a fresh key of the sender's, the shared
 * key stretched with HKDF-SHA256 into an AES-256-GCM key. Commands are kept in the CMD
 * stream and read live by audit readers, so a secret in a command travels sealed to the
 * service that holds the private key (its public key is in `qry.proxmox.targets.list`).
 */
export const SealedSecretSchema = z
  .object({
    algorithm: z.literal('x25519-hkdf-sha256-aes-256-gcm'),
    /** The sender's one-time X25519 public key, raw, base64. */
    ephemeralPublicKey: base64,
    /** 12 bytes, base64. */
    nonce: base64,
    /** The encrypted secret followed by the 16-byte GCM tag, base64. */
    ciphertext: base64,
  })
  .strict();
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

/**
 * Connect another Proxmox VE cluster (an operator's `/init`). The agent checks the URL,
 * the token and TLS against the API first and saves nothing when that fails; the token's
 * secret is kept encrypted in the agent's database.
 */
export const TargetAddContract = defineCommand({
  subject: 'cmd.proxmox.target.add',
  type: 'proxmox.target.add.requested',
  data: z
    .object({
      /** The cluster's name in messages (the envelope's `target`). */
      name: TargetNameSchema,
      /** The Proxmox VE API, e.g. `https://pve1.example:8006`. */
      url: z.url({
        protocol: /^https?$/,
        error: 'expected the Proxmox VE URL, e.g. https://pve1.example:8006',
      }),
      /** `user@realm!tokenname`. */
      tokenId: z
        .string()
        .regex(
          /^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$/,
          'expected an API token id such as root@pam!mpc',
        ),
      sealedTokenSecret: SealedSecretSchema,
      /** PEM of the CA that signed the cluster's certificate (self-signed clusters). */
      caPem: z
        .string()
        .max(65_536)
        .regex(/-----BEGIN CERTIFICATE-----/, 'expected a PEM certificate')
        .optional(),
      /** Skip TLS verification; explicit only, never implied by a missing CA. */
      insecureTls: z.boolean().optional(),
    })
    .strict(),
  outcomes: [TargetAddedContract.subject],
});
