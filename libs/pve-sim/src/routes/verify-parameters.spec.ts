import { PveHttpError } from '../http/pve-http-error';
import { VMID_PARAMETER } from './standard-parameters';
import { verifyParameters } from './verify-parameters';

describe(verifyParameters.name, () => {
  function errorsOf(run: () => unknown): Readonly<Record<string, string>> | undefined {
    try {
      run();
    } catch (error: unknown) {
      if (error instanceof PveHttpError) return error.errors;
      throw error;
    }
    throw new Error('expected a parameter error');
  }

  it('should return the verified values', () => {
    expect(verifyParameters({ vmid: VMID_PARAMETER }, { vmid: '100' })).toEqual({ vmid: '100' });
  });

  it('should report a missing required parameter', () => {
    expect(errorsOf(() => verifyParameters({ vmid: VMID_PARAMETER }, {}))).toEqual({
      vmid: 'property is missing and it is not optional',
    });
  });

  it('should report a value below the minimum', () => {
    const spec = { timeout: { type: 'integer', minimum: 0, optional: true } as const };

    expect(errorsOf(() => verifyParameters(spec, { timeout: '-1' }))).toEqual({
      timeout: 'value must have a minimum value of 0',
    });
  });

  it('should report a nested JSON value as the Perl type PVE names', () => {
    const spec = { timeout: { type: 'integer', optional: true } as const };

    expect(errorsOf(() => verifyParameters(spec, { timeout: { nested: 'HASH' } }))).toEqual({
      timeout: "type check ('integer') failed - got HASH",
    });
  });

  it('should report every invalid parameter at once', () => {
    const errors = errorsOf(() => verifyParameters({ vmid: VMID_PARAMETER }, { vmid: 'x', extra: '1' }));

    expect(Object.keys(errors ?? {}).sort()).toEqual(['extra', 'vmid']);
  });
});
