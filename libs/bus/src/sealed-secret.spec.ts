import { SecretKeyring, sealSecret } from './sealed-secret';

describe(SecretKeyring.name, () => {
  const keyring = new SecretKeyring('a master secret of at least thirty-two characters');

  it('should open what was sealed for its public key, and only that', () => {
    const sealed = sealSecret(keyring.publicKey, 'the token secret');

    expect(keyring.open(sealed)).toBe('the token secret');
    expect(JSON.stringify(sealed)).not.toContain('the token secret');
    const other = new SecretKeyring('another master secret, also thirty-two characters long');
    expect(() => other.open(sealed)).toThrow(/sealed for another, or altered/);
  });

  it('should refuse a sealed secret whose ciphertext was altered', () => {
    const sealed = sealSecret(keyring.publicKey, 'the token secret');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = (bytes[0] as number) ^ 1;

    expect(() => keyring.open({ ...sealed, ciphertext: bytes.toString('base64') })).toThrow(/altered/);
  });

  it('should derive the same keys from the same master secret, so every replica opens alike', () => {
    const replica = new SecretKeyring('a master secret of at least thirty-two characters');

    expect(replica.publicKey).toBe(keyring.publicKey);
    expect(replica.decrypt(keyring.encrypt('kept at rest'))).toBe('kept at rest');
  });

  it('should encrypt at rest with a fresh nonce each time, and refuse another key', () => {
    const first = keyring.encrypt('kept at rest');

    expect(keyring.encrypt('kept at rest')).not.toBe(first);
    expect(first).not.toContain('kept at rest');
    const other = new SecretKeyring('another master secret, also thirty-two characters long');
    expect(() => other.decrypt(first)).toThrow(/another PVE_SECRETS_KEY/);
  });

  it('should refuse a master secret shorter than 32 characters', () => {
    expect(() => new SecretKeyring('short')).toThrow(/at least 32 characters/);
  });
});
