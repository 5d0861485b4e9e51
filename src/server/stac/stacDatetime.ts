import { BadUserInputError } from '../../core/errors';

/** The edition dates (`YYYY-MM-DD`, inclusive) a STAC `datetime` selects; an open end is absent. */
export interface EditionDateRange {
  from?: string;
  to?: string;
}

// RFC 3339 date-time (the `T` and `Z` in either case, a space not allowed), with its parts captured.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A STAC `datetime` (an RFC 3339 date-time, or an interval `start/end` whose open end is `..` or empty, not
 * both) as the edition dates it selects. An edition's datetime is its edition date at 00:00 UTC, so an instant
 * selects the editions of its day only when it is that midnight, and an interval's ends round inwards to whole
 * days. BAD_USER_INPUT naming `datetime` for anything else (a date alone, an end before the start).
 */
export function parseStacDatetime(value: string): EditionDateRange {
  const parts = value.split('/');
  if (parts.length > 2) fail(value, 'at most one "/"');
  if (parts.length === 1) {
    const instant = instantOf(parts[0] as string, value);
    const day = instant.toISOString().slice(0, 10);
    // An instant that is not a midnight UTC matches no edition: an empty range.
    return isMidnight(instant) ? { from: day, to: day } : { from: nextDay(day), to: day };
  }
  const [start, end] = parts as [string, string];
  const open = (part: string) => part === '' || part === '..';
  if (open(start) && open(end)) fail(value, 'at least one closed end');
  const range: EditionDateRange = {};
  let startInstant: Date | null = null;
  if (!open(start)) {
    startInstant = instantOf(start, value);
    const day = startInstant.toISOString().slice(0, 10);
    range.from = isMidnight(startInstant) ? day : nextDay(day);
  }
  if (!open(end)) {
    const endInstant = instantOf(end, value);
    if (startInstant && endInstant.getTime() < startInstant.getTime()) fail(value, 'an end not before its start');
    range.to = endInstant.toISOString().slice(0, 10);
  }
  return range;
}

// Private: one RFC 3339 date-time, checked field by field (Date.parse accepts far more).
function instantOf(text: string, whole: string): Date {
  const match = DATE_TIME.exec(text);
  if (!match) return fail(whole, `RFC 3339 date-times (e.g. 2024-01-01T00:00:00Z), not ${JSON.stringify(text.slice(0, 40))}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return fail(whole, `a date-time that exists, not ${JSON.stringify(text.slice(0, 40))}`);
  }
  return new Date(Date.parse(text.toUpperCase()));
}

function isMidnight(instant: Date): boolean {
  return instant.getTime() % 86_400_000 === 0;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function fail(value: string, expected: string): never {
  throw new BadUserInputError(
    `datetime: expected an RFC 3339 date-time or an interval start/end (an open end written .. or left empty) with ${expected}; got ${JSON.stringify(value.slice(0, 80))}`,
    'datetime',
  );
}
