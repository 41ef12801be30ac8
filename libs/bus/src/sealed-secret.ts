import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { SealedSecret } from '@proxmox-mpc/contracts';

const ALGORITHM = 'x25519-hkdf-sha256-aes-256-gcm' as const;
const SEAL_INFO = 'proxmox-mpc sealed secret v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// DER framing of a raw X25519 key (RFC 8410), so Node can import the 32 raw bytes.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519_PREFIX.length);
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('expected a 32-byte X25519 public key');
  return createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The AES key both sides derive: bound to both public keys, so a sealed secret fits one recipient. */
function sealingKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), SEAL_INFO, 32));
}

function encrypt(key: Buffer, plaintext: Buffer): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

function decrypt(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error('the sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** Seals `plaintext` for the holder of `recipientPublicKey` (raw X25519, base64). */
export function sealSecret(recipientPublicKey: string, plaintext: string): SealedSecret {
  const recipient = Buffer.from(recipientPublicKey, 'base64');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyFromRaw(recipient) });
  const { nonce, ciphertext } = encrypt(
    sealingKey(shared, ephemeralRaw, recipient),
    Buffer.from(plaintext, 'utf8'),
  );
  return {
    algorithm: ALGORITHM,
    ephemeralPublicKey: ephemeralRaw.toString('base64'),
    nonce: nonce.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/**
 * The keys a service derives from one master secret (a setting): an X25519 key pair that
 * others seal secrets for (`publicKey`, `open`), and a key for keeping secrets encrypted
 * at rest (`encrypt`, `decrypt`). Derived with HKDF under separate labels, so neither
 * key reveals the other and the master secret itself is never used as a key.
 */
export class SecretKeyring {
  private readonly privateKey: KeyObject;
  private readonly publicRaw: Buffer;
  private readonly atRestKey: Buffer;

  constructor(masterSecret: string) {
    if (masterSecret.length < 32) throw new Error('the master secret must be at least 32 characters');
    const derive = (label: string) =>
      Buffer.from(hkdfSync('sha256', Buffer.from(masterSecret, 'utf8'), Buffer.alloc(0), label, 32));
    this.privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_X25519_PREFIX, derive('proxmox-mpc sealing key v1')]),
      format: 'der',
      type: 'pkcs8',
    });
    this.publicRaw = rawPublicKey(createPublicKey(this.privateKey));
    this.atRestKey = derive('proxmox-mpc secrets at rest v1');
  }

  /** What senders seal for: the raw X25519 public key, base64. */
  get publicKey(): string {
    return this.publicRaw.toString('base64');
  }

  /** The secret a sender sealed for this keyring; throws when it was sealed for another or altered. */
  open(sealed: SealedSecret): string {
    const ephemeral = Buffer.from(sealed.ephemeralPublicKey, 'base64');
    const shared = diffieHellman({ privateKey: this.privateKey, publicKey: publicKeyFromRaw(ephemeral) });
    try {
      return decrypt(
        sealingKey(shared, ephemeral, this.publicRaw),
        Buffer.from(sealed.nonce, 'base64'),
        Buffer.from(sealed.ciphertext, 'base64'),
      ).toString('utf8');
    } catch {
      throw new Error('the sealed secret does not open with this key (sealed for another, or altered)');
    }
  }

  /** `plaintext` encrypted for storage: `v1.<nonce>.<ciphertext+tag>`, base64 parts. */
  encrypt(plaintext: string): string {
    const { nonce, ciphertext } = encrypt(this.atRestKey, Buffer.from(plaintext, 'utf8'));
    return `v1.${nonce.toString('base64')}.${ciphertext.toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, nonce, ciphertext] = stored.split('.');
    if (version !== 'v1' || !nonce || !ciphertext) throw new Error('not a secret this keyring stored');
    try {
      return decrypt(
        this.atRestKey,
        Buffer.from(nonce, 'base64'),
        Buffer.from(ciphertext, 'base64'),
      ).toString('utf8');
    } catch {
      throw new Error('the stored secret does not decrypt with this key (another PVE_SECRETS_KEY?)');
    }
  }
}
