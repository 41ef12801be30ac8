/**
 * An error answer the way pve-http-server sends it: the status line carries the
 * first line of the message, the JSON body `{"data":null,"message":…}` the whole
 * message, and 400s add the per-parameter `errors`.
 *
 * Messages keep PVE's trailing newline where PVE's `die` has one, since real
 * bodies carry it too.
 */
export class PveHttpError extends Error {
  readonly status: number;
  readonly errors?: Readonly<Record<string, string>>;

  constructor(status: number, message: string, errors?: Readonly<Record<string, string>>) {
    super(message);
    this.name = 'PveHttpError';
    this.status = status;
    if (errors) this.errors = errors;
  }

  /** PVE::Exception::raise_param_exc. */
  static parameters(errors: Readonly<Record<string, string>>): PveHttpError {
    return new PveHttpError(400, 'Parameter verification failed.\n', errors);
  }

  /** A plain `die` in an API handler. */
  static failed(message: string): PveHttpError {
    return new PveHttpError(500, `${message}\n`);
  }

  /** What the REST handler answers when no method is registered for a path. */
  static notImplemented(method: string, relativePath: string): PveHttpError {
    return new PveHttpError(501, `Method '${method} ${relativePath}' not implemented`);
  }
}
