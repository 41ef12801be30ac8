import { errorFromResponse, errorFromTransport, timeoutError } from './classify-failure';

describe('failure classification', () => {
  describe(errorFromResponse.name, () => {
    it.each([
      [400, 'Parameter verification failed.', 'BAD_REQUEST', false],
      [401, 'No ticket', 'UNAUTHORIZED', false],
      [403, 'Permission check failed (/vms/100, VM.PowerMgmt)', 'FORBIDDEN', false],
      [404, 'Not Found', 'NOT_FOUND', false],
      [409, 'Conflict', 'CONFLICT', false],
      [500, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist", 'NOT_FOUND', false],
      [500, "hostname lookup 'pve9' failed - failed to get address info for: pve9", 'NOT_FOUND', false],
      [500, 'CT 200 already running', 'CONFLICT', false],
      [500, 'CT 211 not running', 'CONFLICT', false],
      [500, 'VM is locked (backup)', 'CONFLICT', false],
      [500, "unable to create VM 100 - VM 100 already exists on node 'pve1'", 'CONFLICT', false],
      [500, 'checksum mismatch (file change by other user?)', 'CONFLICT', false],
      [500, 'detected modified configuration - file changed by other user? Try again.', 'CONFLICT', false],
      [500, "can't remove VM 100 - protection mode enabled", 'CONFLICT', false],
      [500, 'VM 100 is running - destroy failed', 'CONFLICT', false],
      [500, "can't migrate running VM without --online", 'CONFLICT', false],
      [500, "snapshot 'before' does not exist", 'NOT_FOUND', false],
      [500, "no such cluster node 'pve9'", 'NOT_FOUND', false],
      [500, 'storage migration failed', 'SERVER_ERROR', false],
      [500, 'Internal Server Error', 'SERVER_ERROR', true],
      [501, "Method 'GET /foo' not implemented", 'SERVER_ERROR', false],
      [502, 'Bad Gateway', 'UNREACHABLE', true],
      [503, 'Service Unavailable', 'UNREACHABLE', true],
      [504, 'Gateway Timeout', 'UNREACHABLE', true],
      [595, 'Connection refused', 'UNREACHABLE', true],
      [596, 'Connection timed out', 'UNREACHABLE', true],
      [599, 'Network Connect Timeout', 'SERVER_ERROR', true],
    ] as const)('should map %i "%s" to %s (retryable: %s)', (status, reason, code, retryable) => {
      expect(errorFromResponse('GET /x', status, reason, '')).toMatchObject({ code, retryable, status });
    });

    it("should prefer the body's message and trim PVE's trailing newline", () => {
      const error = errorFromResponse(
        'GET /x',
        500,
        'first line',
        JSON.stringify({ data: null, message: 'first line\n' }),
      );

      expect(error.message).toBe('GET /x: first line');
    });

    it('should keep per-parameter errors and name them in the message', () => {
      const body = {
        data: null,
        errors: { vmid: 'invalid format - value does not look like a valid VM ID\n' },
      };

      const error = errorFromResponse('GET /x', 400, 'Parameter verification failed.', JSON.stringify(body));

      expect(error.errors).toEqual({ vmid: 'invalid format - value does not look like a valid VM ID' });
      expect(error.message).toBe(
        'GET /x: Parameter verification failed. (vmid: invalid format - value does not look like a valid VM ID)',
      );
    });

    it('should fall back to the status line when the body is not JSON', () => {
      expect(errorFromResponse('GET /x', 502, 'Bad Gateway', '<html/>').message).toBe('GET /x: Bad Gateway');
    });
  });

  describe(errorFromTransport.name, () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });

    it.each([
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS'],
      ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS'],
      ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
      ['ECONNREFUSED', 'UNREACHABLE'],
      ['ECONNRESET', 'UNREACHABLE'],
      ['ENOTFOUND', 'UNREACHABLE'],
    ])('should map %s to %s', (code, expected) => {
      expect(errorFromTransport('GET /x', withCode(code)).code).toBe(expected);
    });

    it('should look through the cause chain', () => {
      const wrapped = new Error('fetch failed', { cause: withCode('CERT_HAS_EXPIRED') });

      expect(errorFromTransport('GET /x', wrapped).code).toBe('TLS');
    });

    it('should keep the original error as the cause', () => {
      const original = withCode('ECONNREFUSED');

      expect(errorFromTransport('GET /x', original).cause).toBe(original);
    });
  });

  describe(timeoutError.name, () => {
    it('should be a retryable TIMEOUT naming the limit', () => {
      expect(timeoutError('GET /x', 1500)).toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
        message: 'GET /x: no answer within 1500 ms',
      });
    });
  });
});
