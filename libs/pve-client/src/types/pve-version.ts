/** GET /version. */
export interface PveVersion {
  /** The full pve-manager package version, e.g. "9.2.3". */
  version: string;
  /** The point release, "x.y". */
  release: string;
  /** Short git revision of the build. */
  repoid: string;
  /** The default console viewer, when configured. */
  console?: 'applet' | 'vv' | 'html5' | 'xtermjs';
}
