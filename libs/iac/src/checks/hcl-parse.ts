import { readWrittenHcl } from '../hcl/hcl-json';

/** HCL as JSON, the way HashiCorp's parser maps it: blocks become arrays of objects. */
export type HclJson = Record<string, unknown>;

export type ParsedHcl = { ok: true; json: HclJson } | { ok: false; error: string };

/**
 * Parses one file as HashiCorp's own HCL parser does, so "it parses" means what it means
 * to Terraform: a file in the generator's layout by the in-process reader of that layout
 * (which gives hcl2json's JSON, a test holds it to that), anything else by hcl2json itself,
 * compiled to WebAssembly. That package starts its WebAssembly instance as soon as it is
 * loaded (about 50 MiB resident), so it is loaded on the first such file, not by every
 * service that links this library.
 */
export async function parseHcl(fileName: string, content: string): Promise<ParsedHcl> {
  const written = readWrittenHcl(content);
  if (written) return { ok: true, json: written };
  try {
    const { parse } = await import('@cdktf/hcl2json');
    return { ok: true, json: (await parse(fileName, content)) as HclJson };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^parse config: \[?|\]$/g, '') };
  }
}

/** 1-based line of the first line that starts with `prefix` (a block header), for locations. */
export function lineOf(content: string, prefix: string): number | undefined {
  const index = content.split('\n').findIndex((line) => line.trimStart().startsWith(prefix));
  return index < 0 ? undefined : index + 1;
}
