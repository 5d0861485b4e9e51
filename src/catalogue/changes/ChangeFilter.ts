import { BadUserInputError } from '../../core/errors';
import { validateName } from '../../upstream/format/validateName';
import { CHANGE_KINDS, type ChangeEvent, type ChangeKind } from './ChangeEvent';
import { zoneCodesFor, zoneFilterCode } from '../../zones';

/**
 * Which events someone wants, normalized: each list is an OR, the lists are ANDed, an absent list matches
 * everything. Zones are upstream codes, a région already standing for itself and its départements.
 */
export interface ChangeFilter {
  resources: readonly string[] | null;
  zones: readonly string[] | null;
  /** Upper-cased. */
  formats: readonly string[] | null;
  kinds: readonly ChangeKind[] | null;
}

/** The filter as people write it (GraphQL input, query string, webhook watch). */
export interface ChangeFilterInput {
  resources?: readonly string[] | null;
  zones?: readonly string[] | null;
  formats?: readonly string[] | null;
  kinds?: readonly string[] | null;
}

/** Matches every event. */
export const EVERY_CHANGE: ChangeFilter = Object.freeze({ resources: null, zones: null, formats: null, kinds: null });

// Private: longest list accepted per criterion.
const MAX_VALUES = 50;

/**
 * The normalized filter for what a person wrote: zones as in `latestEdition` (`29`, `2A`, `Finistère`, `R53`…,
 * a région expanded to its départements); resource names checked like every upstream name; formats as codes;
 * kinds from `ChangeKind`. Throws `BadUserInputError` naming the bad criterion as `nameOf` spells it
 * (`filter.zones` by default; the Atom feed's query string says `zone`).
 */
export function parseChangeFilter(
  input: ChangeFilterInput | null | undefined,
  nameOf: (criterion: keyof ChangeFilterInput) => string = (criterion) => `filter.${criterion}`,
): ChangeFilter {
  if (!input) return EVERY_CHANGE;
  const resources = list(input.resources, nameOf('resources'), (value, name) => validateName(value, name));
  const zones = list(input.zones, nameOf('zones'), (value, name) => [zoneFilterCode(value, name), ...zoneCodesFor(value, name)]);
  const formats = list(input.formats, nameOf('formats'), (value, name) => formatCode(value, name));
  const kinds = list(input.kinds, nameOf('kinds'), (value, name) => changeKind(value, name));
  return { resources, zones, formats, kinds };
}

/** True when `event` passes `filter`; the one test used by the Atom feed, subscriptions and webhooks. */
export function matchesChange(filter: ChangeFilter, event: ChangeEvent): boolean {
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.resources && !filter.resources.includes(event.resourceName)) return false;
  if (filter.zones && (event.zone === null || !filter.zones.includes(event.zone))) return false;
  if (filter.formats && (event.format === null || !filter.formats.includes(event.format.toUpperCase()))) return false;
  return true;
}

// Private: a criterion's distinct values, null when absent; an empty list is refused (it would match nothing).
function list<T>(values: readonly string[] | null | undefined, name: string, parse: (value: string, name: string) => T | T[]): T[] | null {
  if (values == null) return null;
  if (values.length === 0 || values.length > MAX_VALUES) {
    throw new BadUserInputError(`${name}: expected 1 to ${MAX_VALUES} values, or none at all to match everything, got ${values.length}`, name);
  }
  return [...new Set(values.flatMap((value) => parse(value, name)))];
}

// Private: a format as the upstream writes it (`GPKG`, `SHP`, `LAS`…), upper-cased.
function formatCode(value: string, name: string): string {
  const trimmed = value.trim();
  if (!/^[\p{L}\p{N}:._\- ]{1,64}$/u.test(trimmed)) {
    throw new BadUserInputError(
      `${name}: expected a format code of 1 to 64 letters, digits, ':', '.', '_' or '-' (e.g. GPKG), got ${JSON.stringify(value.slice(0, 80))}`,
      name,
    );
  }
  return trimmed.toUpperCase();
}

// Private: one of `ChangeKind`, case-insensitive.
function changeKind(value: string, name: string): ChangeKind {
  const upper = value.trim().toUpperCase();
  const kind = CHANGE_KINDS.find((candidate) => candidate === upper);
  if (!kind) throw new BadUserInputError(`${name}: expected one of ${CHANGE_KINDS.join(', ')}, got ${JSON.stringify(value.slice(0, 80))}`, name);
  return kind;
}
