import type { PveSimulator } from '../simulator/pve-simulator';
import { api, callApi } from './sim-http';

export interface TestSession {
  readonly ticket: string;
  readonly csrf: string;
  /** Headers for a GET; `writeHeaders` adds the CSRF token writes need. */
  readonly headers: Record<string, string>;
  readonly writeHeaders: Record<string, string>;
  readonly data: Record<string, unknown>;
}

/** Logs in over HTTP the way a browser does and returns the ticket as ready-made headers. */
export async function loginAs(
  simulator: PveSimulator,
  username: string,
  password: string,
): Promise<TestSession> {
  const response = await callApi(simulator, 'POST', api('/access/ticket'), {
    authorization: null,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ username, password }).toString(),
  });
  if (response.status !== 200)
    throw new Error(`login as ${username}: ${response.status} ${response.statusText}`);
  const data = response.body?.data as Record<string, unknown>;
  const ticket = String(data['ticket']);
  const csrf = String(data['CSRFPreventionToken']);
  const headers = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` };
  return { ticket, csrf, headers, writeHeaders: { ...headers, csrfpreventiontoken: csrf }, data };
}
