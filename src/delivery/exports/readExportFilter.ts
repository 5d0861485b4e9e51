import type { EditionFilter } from '../../graphql/__generated__/resolvers-types';
import type { EditionQuery } from '../../catalogue/store/CatalogueStore';
import { BadUserInputError } from '../../core/errors';
import { editionQuery } from '../../graphql/resolvers/catalogue';
import { spatialEditionQuery } from '../../graphql/inputs/spatialEditionQuery';
import { parseCalendarDate } from '../../graphql/scalars/DateScalar';

/** List parameters (repeated or comma-separated) and the `EditionFilter` field each fills. */
const LISTS = { resource: 'resources', zone: 'zones', format: 'formats', crs: 'crs' } as const;
/** Parameters taking one value, and the `EditionFilter` field each fills. */
const SINGLES = { place: 'place', bbox: 'bbox', from: 'editionDateFrom', to: 'editionDateTo', q: 'q', withdrawn: 'includeWithdrawn' } as const;
/** Every parameter an export takes. */
export const EXPORT_PARAMETERS: readonly string[] = [...Object.keys(LISTS), ...Object.keys(SINGLES)];

/** The parameter each `EditionFilter` field comes from, for error messages. */
const PARAMETER_OF: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...Object.entries(LISTS), ...Object.entries(SINGLES)].map(([parameter, field]) => [field, parameter])),
  resourceNames: 'resource',
};

/** What an export's query string asks: the index query, and the filter's parameters in one canonical spelling (its identity). */
export interface ExportFilter {
  query: EditionQuery;
  canonical: string;
}

/**
 * Reads an export's query string as `Query.editions` reads its filter (the same code: products, zones as people
 * write them, a place or a box as the zones it stands for, formats, CRS, edition dates, words, withdrawn ones):
 * `resource`, `zone`, `format`, `crs` (repeated or comma-separated), `place`, `bbox` (`minLon,minLat,maxLon,maxLat`),
 * `from`, `to` (`YYYY-MM-DD`), `q`, `withdrawn` (`true` to include them). A bad, unknown or repeated parameter is a
 * BadUserInputError naming it.
 */
export async function readExportFilter(params: URLSearchParams): Promise<ExportFilter> {
  for (const name of new Set(params.keys())) {
    if (!EXPORT_PARAMETERS.includes(name)) throw new BadUserInputError(`${name}: unknown parameter; expected ${EXPORT_PARAMETERS.join(', ')}`, name);
  }
  const filter: Record<string, unknown> = {};
  const canonical = new URLSearchParams();
  for (const [parameter, field] of Object.entries(LISTS)) {
    if (!params.has(parameter)) continue;
    const values = params
      .getAll(parameter)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim());
    if (values.some((value) => value === '')) {
      throw new BadUserInputError(`${parameter}: expected one or more comma-separated values, got ${quoted(params.getAll(parameter).join(','))}`, parameter);
    }
    filter[field] = values;
    canonical.set(parameter, values.join(','));
  }
  for (const [parameter, field] of Object.entries(SINGLES)) {
    const values = params.getAll(parameter);
    if (values.length === 0) continue;
    if (values.length > 1) throw new BadUserInputError(`${parameter}: expected one value, got ${values.length}`, parameter);
    const value = values[0] as string;
    filter[field] = singleValue(parameter, value);
    canonical.set(parameter, value);
  }
  const { editionDateFrom: from, editionDateTo: to } = filter as { editionDateFrom?: string; editionDateTo?: string };
  if (from !== undefined && to !== undefined && from > to) throw new BadUserInputError(`from: expected a date on or before to (${to}), got ${from}`, 'from');
  const nameOf = (field: string) => PARAMETER_OF[field] ?? field;
  const asFilter = filter as EditionFilter;
  const query = await spatialEditionQuery(editionQuery(asFilter, nameOf), asFilter, nameOf);
  canonical.sort();
  return { query, canonical: canonical.toString() };
}

// Private: one single-valued parameter as its filter field takes it.
function singleValue(parameter: string, value: string): unknown {
  switch (parameter) {
    case 'from':
    case 'to':
      try {
        return parseCalendarDate(value);
      } catch {
        throw new BadUserInputError(`${parameter}: expected a calendar date YYYY-MM-DD, got ${quoted(value)}`, parameter);
      }
    case 'bbox': {
      const numbers = value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
      if (numbers.length !== 4 || numbers.some((number) => !Number.isFinite(number))) {
        throw new BadUserInputError(`bbox: expected minLon,minLat,maxLon,maxLat (four numbers), got ${quoted(value)}`, 'bbox');
      }
      return numbers;
    }
    case 'withdrawn':
      if (value !== 'true' && value !== 'false') throw new BadUserInputError(`withdrawn: expected true or false, got ${quoted(value)}`, 'withdrawn');
      return value === 'true';
    default:
      return value;
  }
}

function quoted(value: string): string {
  return JSON.stringify(value.slice(0, 80));
}
