/** The answer of POST /access/ticket. */
export interface PveTicket {
  username: string;
  ticket: string;
  CSRFPreventionToken: string;
  /** Set when the caller may audit `/`. */
  clustername?: string;
  /** Privileges by section (vms, storage, nodes, access, sdn, dc, mapping), for showing or hiding actions. */
  cap?: Record<string, Record<string, 1>>;
}
