import {
  adminExpress,
  adminExpressCog,
  adminExpressCogCarto,
  bdOrtho,
  bdTopo,
  cartes,
  cartesAnciennes,
  mntLidarHd,
  parcsJardins,
  rgeAlti,
} from './specialResources';
import { HEAD_ROWS_A, HEAD_ROWS_B, HEAD_ROWS_C, HEAD_ROWS_D, HEAD_ROWS_E, TAIL_ROWS, generatedProduct, productFromRow, seededRandom } from './tableResources';

/** A `term`/`label` pair as upstream writes it on zone, format and category elements; label may be ''. */
export interface FakeTerm {
  term: string;
  label: string;
}

/** One downloadable file of an edition (an entry of the sub-resource feed). */
export interface FakeFile {
  /** e.g. `${edition}.7z`, `${edition}.7z.001`, `${edition}.md5`. */
  name: string;
  /** bytes; some exceed 2^31 and 2^32. */
  length: number;
  /** 32 lowercase hex digits, deterministic. */
  md5: string;
  /** link type: application/x-7z-compressed, application/octet-stream, application/pdf. */
  type: string;
  /** 'section' for the volumes of a split archive. */
  rel: 'alternate' | 'section';
  /** `<gpf_dl:mime_type>` values (types of the payload), possibly none. */
  mimeTypes: string[];
  /** absent on some entries (upstream does not always send it). */
  updated?: string;
}

/** One sub-resource (an edition) of a product. */
export interface FakeEdition {
  /** e.g. ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01. */
  name: string;
  /** 'YYYY-MM-DDT14:59:00+01:00'. */
  updated: string;
  /** 'YYYY-MM-DD'; null for a few untyped series. */
  editionDate: string | null;
  zone: FakeTerm | null;
  format: FakeTerm | null;
  /** emitted as `<category term="EPSG:2154" label="RGF93 v1 / Lambert-93"/>`. */
  crs: FakeTerm | null;
  lang: 'fre' | 'eng';
  /** minLon, minLat, maxLon, maxLat (EPSG:4326), used by the polygon filter. */
  bbox: [number, number, number, number];
  files: FakeFile[];
}

/** One product (an entry of the capabilities feed). */
export interface FakeResource {
  /** exact, case-sensitive id, e.g. ADMIN-EXPRESS-COG, cartes_anciennes, PARCS.JARDINS. */
  name: string;
  /** display title, different from the name, e.g. 'BD ORTHO®'. */
  title: string;
  /** `<content>` of the capabilities entry; null when upstream sends none. */
  description: string | null;
  updated: string;
  /** INSPIRE themes for the `thematic` filter (not emitted in XML). */
  thematic: string[];
  /** the resource's zone/format/CRS facets are derived from these. */
  editions: FakeEdition[];
}

/** The size of the real capabilities feed (2026). */
export const DEFAULT_RESOURCE_COUNT = 116;

/**
 * The fake catalogue, in capabilities order: real product ids first (ADMIN-EXPRESS, ADMIN-EXPRESS-COG, …),
 * generated `PRODUIT-NNN` fillers, then the six ids of the real last page (… cartes, cartes_anciennes).
 * Deterministic: every call returns an equal, freshly built (mutable) catalogue. With `resourceCount`
 * below the 49 real ids, the first `resourceCount` resources are returned.
 */
export function buildCatalogue(options: { resourceCount?: number } = {}): FakeResource[] {
  const count = options.resourceCount ?? DEFAULT_RESOURCE_COUNT;
  if (!Number.isInteger(count) || count < 0) {
    throw new TypeError(`expected resourceCount to be an integer >= 0, got ${String(count)}`);
  }
  const head: FakeResource[] = [
    adminExpress(),
    adminExpressCog(),
    adminExpressCogCarto(),
    ...HEAD_ROWS_A.map(productFromRow),
    bdOrtho(),
    ...HEAD_ROWS_B.map(productFromRow),
    bdTopo(),
    ...HEAD_ROWS_C.map(productFromRow),
    mntLidarHd(),
    ...HEAD_ROWS_D.map(productFromRow),
    parcsJardins(),
    rgeAlti(),
    ...HEAD_ROWS_E.map(productFromRow),
  ];
  const tail: FakeResource[] = [...TAIL_ROWS.map(productFromRow), cartes(), cartesAnciennes()];
  const fillCount = Math.max(0, count - head.length - tail.length);
  const rng = seededRandom(20260921);
  const fill = Array.from({ length: fillCount }, (_, i) => generatedProduct(i + 1, rng));
  return [...head, ...fill, ...tail].slice(0, count);
}

/** The resource with exactly this (case-sensitive) name, if any. */
export function findResource(catalogue: readonly FakeResource[], name: string): FakeResource | undefined {
  return catalogue.find((r) => r.name === name);
}

/** The edition with exactly this name, if any. */
export function findEdition(resource: FakeResource, name: string): FakeEdition | undefined {
  return resource.editions.find((e) => e.name === name);
}

/** The file with exactly this name, if any. */
export function findFile(edition: FakeEdition, name: string): FakeFile | undefined {
  return edition.files.find((f) => f.name === name);
}

/** A product's facets as the capabilities feed lists them: distinct terms, in first-seen edition order. */
export function resourceFacets(resource: FakeResource): { zones: FakeTerm[]; formats: FakeTerm[]; crs: FakeTerm[] } {
  return {
    zones: distinctTerms(resource.editions.map((e) => e.zone)),
    formats: distinctTerms(resource.editions.map((e) => e.format)),
    crs: distinctTerms(resource.editions.map((e) => e.crs)),
  };
}

/** Private: drops nulls and repeated terms, keeping the first occurrence. */
function distinctTerms(terms: ReadonlyArray<FakeTerm | null>): FakeTerm[] {
  const seen = new Set<string>();
  const out: FakeTerm[] = [];
  for (const t of terms) {
    if (t === null || seen.has(t.term)) continue;
    seen.add(t.term);
    out.push(t);
  }
  return out;
}
