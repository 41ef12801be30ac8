/** PVE::AccessControl::normalize_path: one slash per separator, none at the end, a restricted alphabet. */
export function normalizeAclPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let normalized = path.replace(/\/+/g, '/').replace(/\/$/, '');
  if (normalized === '') normalized = '/';
  if (!normalized.startsWith('/')) normalized = `/${normalized}`;
  return /^[A-Za-z0-9._\-/]+$/.test(normalized) ? normalized : undefined;
}
