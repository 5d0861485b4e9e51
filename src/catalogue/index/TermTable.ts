/**
 * The distinct values of one edition column (zone, format, CRS or edition date codes), each held once and
 * numbered from 1; 0 stands for none. A snapshot of tens of thousands of editions then holds a few hundred
 * strings and one small number per edition and column. Filled while a snapshot is built, read-only after.
 */
export class TermTable {
  /** The values by number; `values[0]` is unused (none). */
  private readonly values: string[] = [''];
  private readonly numbers = new Map<string, number>();
  private loose: Set<string> | null = null;

  /** The number of `value` (0 for null), given it a new one when first seen. */
  intern(value: string | null): number {
    if (value === null) return 0;
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.numbers.set(value, number);
      this.loose = null;
    }
    return number;
  }

  /** The number of exactly `value`, or 0 when no edition carries it. */
  numberOf(value: string): number {
    return this.numbers.get(value) ?? 0;
  }

  /** The value numbered `number` (null for 0). */
  valueOf(number: number): string | null {
    return number === 0 ? null : (this.values[number] ?? null);
  }

  /** Distinct values held. */
  get size(): number {
    return this.values.length - 1;
  }

  /**
   * True when `value` is no value of the table exactly but is one up to case, spaces, or (a CRS) its `EPSG:`
   * prefix: the upstream compares such filters loosely (`gpkg` finds `GPKG`, `2154` finds `EPSG:2154`), and an
   * exact count would be wrong.
   */
  looselyHolds(value: string): boolean {
    if (this.numbers.has(value)) return false;
    this.loose ??= new Set(this.values.slice(1).map(looseForm));
    return this.loose.has(looseForm(value));
  }
}

// Private: the form two loosely equal codes share.
function looseForm(value: string): string {
  const upper = value.trim().toUpperCase();
  return /^\d+$/.test(upper) ? `EPSG:${upper}` : upper;
}
