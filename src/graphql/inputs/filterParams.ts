import type { InputMaybe, ResourceFilter, SubResourceFilter } from '../__generated__/resolvers-types';
import { BadUserInputError } from '../../core/errors';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { geometryParam } from './geometryParam';
import { zoneFilterCode } from '../../zones';

/** GetCapabilities parameters for a `ResourceFilter`, serialized to the upstream's text forms. */
export function resourceFilterParams(filter: InputMaybe<ResourceFilter> | undefined): UpstreamParams {
  if (!filter) return {};
  checkRange(filter.updatedFrom, filter.updatedTo, 'filter.updatedFrom', 'filter.updatedTo');
  return compact({
    ...subResourceFilterParams(filter),
    updatedFrom: filter.updatedFrom,
    updatedTo: filter.updatedTo,
    thematic: code(filter.thematic, 'filter.thematic'),
  });
}

/** GetResource parameters for a `SubResourceFilter`. */
export function subResourceFilterParams(filter: InputMaybe<SubResourceFilter> | undefined): UpstreamParams {
  if (!filter) return {};
  checkRange(filter.editionDateFrom, filter.editionDateTo, 'filter.editionDateFrom', 'filter.editionDateTo');
  return compact({
    polygon: geometryParam(filter),
    editionDateFrom: filter.editionDateFrom,
    editionDateTo: filter.editionDateTo,
    lang: filter.lang ? filter.lang.toLowerCase() : undefined,
    crs: code(filter.crs, 'filter.crs'),
    zone: filter.zone == null ? undefined : zoneFilterCode(filter.zone, 'filter.zone'),
    format: code(filter.format, 'filter.format'),
  });
}

/** A zone code as the upstream writes it (`D075`, `FRA`, `R11`…): letters and digits only. */
export function zoneCode(value: string, argumentName: string): string {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9]{1,16}$/.test(trimmed)) {
    throw new BadUserInputError(
      `${argumentName}: expected a zone code of 1 to 16 letters or digits (e.g. D075, FRA), got ${JSON.stringify(value.slice(0, 80))}`,
      argumentName,
    );
  }
  return trimmed;
}

function code(value: InputMaybe<string> | undefined, argumentName: string): string | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (!/^[\p{L}\p{N}:._\- ]{1,64}$/u.test(trimmed)) {
    throw new BadUserInputError(
      `${argumentName}: expected a code of 1 to 64 letters, digits, ':', '.', '_' or '-', got ${JSON.stringify(value.slice(0, 80))}`,
      argumentName,
    );
  }
  return trimmed;
}

function checkRange(from: InputMaybe<string> | undefined, to: InputMaybe<string> | undefined, fromName: string, toName: string): void {
  if (from != null && to != null && from > to) {
    throw new BadUserInputError(`${fromName}: expected a date on or before ${toName} (${to}), got ${from}`, fromName);
  }
}

function compact(params: Record<string, string | null | undefined>): UpstreamParams {
  return Object.fromEntries(Object.entries(params).filter((pair): pair is [string, string] => pair[1] != null));
}
