import { parsePropertyString, type PropertyValues } from '@proxmox-mpc/pve-client/formats';

/**
 * Reads a guest's Proxmox config for mapping and remembers what was read, so whatever a
 * mapping did not use can be listed instead of being dropped silently.
 */
export class GuestConfigReader {
  private readonly used = new Set<string>();
  private readonly unused = new Set<string>();

  constructor(private readonly config: Readonly<Record<string, string>>) {}

  /** The value of a key, marked as mapped. */
  take(key: string): string | undefined {
    const value = this.config[key];
    if (value !== undefined) this.used.add(key);
    return value;
  }

  /** Keys of an indexed family (`net0`, `net1`, … or `scsi0`…), in index order. */
  family(prefix: string): string[] {
    const pattern = new RegExp(`^${prefix}(\\d+)$`);
    return Object.keys(this.config)
      .map((key) => ({ key, index: pattern.exec(key)?.[1] }))
      .filter((entry): entry is { key: string; index: string } => entry.index !== undefined)
      .sort((a, b) => Number(a.index) - Number(b.index))
      .map((entry) => entry.key);
  }

  /**
   * A property string's values. The caller takes what it maps with `use`; the other
   * properties are reported as `key.property`.
   */
  properties(key: string, defaultKey?: string): PropertyUse | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    let values: PropertyValues;
    try {
      values = parsePropertyString(value, defaultKey);
    } catch {
      this.used.delete(key);
      return undefined;
    }
    return new PropertyUse(values, (property) => this.unused.add(`${key}.${property}`));
  }

  /** Marks a key as not mapped even though it was read (a value the provider cannot take). */
  reject(key: string): void {
    this.used.delete(key);
  }

  /** Keys, and properties of mapped keys, that the mapping did not use; sorted. */
  unmapped(): string[] {
    const keys = Object.keys(this.config).filter((key) => !this.used.has(key));
    return [...keys, ...this.unused].sort();
  }
}

export class PropertyUse {
  private readonly taken = new Set<string>();

  constructor(
    readonly values: PropertyValues,
    private readonly report: (property: string) => void,
  ) {}

  use(property: string): string | undefined {
    const value = this.values[property];
    if (value !== undefined) this.taken.add(property);
    return value;
  }

  /** Reports the properties nobody used; call once, after mapping. */
  finish(): void {
    for (const property of Object.keys(this.values).sort()) {
      if (!this.taken.has(property)) this.report(property);
    }
  }
}
