import { createHash } from 'node:crypto';
import type { FakeEdition, FakeFile, FakeTerm } from './catalogue';
import { crsTerm, formatInfo, zoneInfo } from './referenceData';
import type { BBox } from './referenceData';

/** Largest volume of a split archive, as upstream cuts them: 4 GiB (2^32 bytes). */
export const VOLUME_BYTES = 4294967296;

/** 32 lowercase hex digits: the MD5 of `text`. Used as the deterministic checksum of fake files. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** A deterministic unsigned 32-bit number derived from `text`. */
export function hashInt(text: string): number {
  return parseInt(md5Hex(text).slice(0, 8), 16);
}

/** The day the fake catalogue was "published": no `updated` is later than this (edition dates excepted). */
export const CATALOGUE_DATE = '2026-11-20';

/** Private: the earlier of two `YYYY-MM-DD` dates. */
function earliestOf(a: string, b: string): string {
  return a < b ? a : b;
}

/** Private: the later of two `YYYY-MM-DD` dates. */
function latestOf(a: string, b: string): string {
  return a > b ? a : b;
}

/** A `YYYY-MM-DD` date as upstream writes timestamps: always 14:59:00 at +01:00. */
export function upstreamTimestamp(date: string): string {
  return `${date}T14:59:00+01:00`;
}

/** `YYYY-MM-DD` shifted by `days` (UTC arithmetic, so it is deterministic everywhere). */
export function shiftDate(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Options for the `{sub}.7z` (+ `{sub}.md5`) pair every ordinary edition carries. */
export interface ArchiveOptions {
  payloadMime: string | null;
  updated: string;
  /** false for the latest editions, which upstream lists with the archive alone. */
  md5Companion: boolean;
  /** archive size in bytes; derived from the name when absent. */
  size?: number;
}

/** The files of an ordinary edition: `{sub}.7z`, then its `{sub}.md5` companion when asked for. */
export function archiveFiles(sub: string, options: ArchiveOptions): FakeFile[] {
  const archive: FakeFile = {
    name: `${sub}.7z`,
    length: options.size ?? 20_000_000 + (hashInt(`${sub}.7z`) % 900_000_000),
    md5: md5Hex(`${sub}/${sub}.7z`),
    type: 'application/x-7z-compressed',
    rel: 'alternate',
    mimeTypes: options.payloadMime === null ? [] : [options.payloadMime],
    updated: options.updated,
  };
  return options.md5Companion ? [archive, md5Companion(sub, 133 + (hashInt(sub) % 19))] : [archive];
}

/** The `{sub}.md5` entry: octet-stream, no payload type and no `<updated>` (both as seen upstream). */
export function md5Companion(sub: string, length: number): FakeFile {
  return {
    name: `${sub}.md5`,
    length,
    md5: md5Hex(`${sub}/${sub}.md5`),
    type: 'application/octet-stream',
    rel: 'alternate',
    mimeTypes: [],
  };
}

/**
 * A split archive `{sub}.7z.001`…`.7z.NNN` (rel="section", 4 GiB each but the last) followed by one `{sub}.md5`.
 */
export function splitArchiveFiles(sub: string, volumes: number, lastVolumeBytes: number): FakeFile[] {
  const files: FakeFile[] = [];
  for (let i = 1; i <= volumes; i++) {
    const name = `${sub}.7z.${String(i).padStart(3, '0')}`;
    files.push({
      name,
      length: i === volumes ? lastVolumeBytes : VOLUME_BYTES,
      md5: md5Hex(`${sub}/${name}`),
      type: 'application/x-7z-compressed',
      rel: 'section',
      mimeTypes: [],
    });
  }
  files.push(md5Companion(sub, 1873));
  return files;
}

/** What a typed edition is made of; its name follows `{RES}_{VER}_{VARIANT}_{FORMAT}_{CRS}_{ZONE}_{DATE}`. */
export interface SeriesSpec {
  resource: string;
  version: string;
  /** '' gives the double underscore seen upstream. */
  variant: string;
  format: string;
  crs: string;
  zone: string;
  date: string;
  lang?: 'fre' | 'eng';
  /** the format token in the name when it differs from the term (e.g. GEOPARQUET for GeoParquet). */
  nameFormat?: string;
  /** the whole name, for the exceptions that break the pattern. */
  name?: string;
  /** files of the edition; default: `archiveFiles` with a .md5 companion. */
  files?: (sub: string, updated: string) => FakeFile[];
  md5Companion?: boolean;
  archiveBytes?: number;
}

/** A typed edition: zone, format, CRS and date set, files built from the spec. */
export function seriesEdition(spec: SeriesSpec): FakeEdition {
  const nameFormat = spec.nameFormat ?? spec.format.toUpperCase();
  const name = spec.name ?? [spec.resource, spec.version, spec.variant, nameFormat, spec.crs, spec.zone, spec.date].join('_');
  const updated = upstreamTimestamp(latestOf(spec.date, earliestOf(shiftDate(spec.date, 30 + (hashInt(name) % 150)), CATALOGUE_DATE)));
  const format = formatInfo(spec.format);
  const zone = zoneInfo(spec.zone);
  const files =
    spec.files?.(name, updated) ??
    archiveFiles(name, {
      payloadMime: format.payloadMime,
      updated,
      md5Companion: spec.md5Companion ?? true,
      ...(spec.archiveBytes === undefined ? {} : { size: spec.archiveBytes }),
    });
  return {
    name,
    updated,
    editionDate: spec.date,
    zone: zone.term,
    format: format.term,
    crs: crsTerm(spec.crs),
    lang: spec.lang ?? 'fre',
    bbox: zone.bbox,
    files,
  };
}

/** What an untyped edition (cartes, cartes_anciennes) is made of: no zone, format nor CRS. */
export interface UntypedSpec {
  name: string;
  updatedDate: string;
  editionDate: string | null;
  bbox: BBox;
  files: FakeFile[];
  zone?: FakeTerm | null;
}

/** An untyped edition: zone/format/crs null (unless a zone is given), date possibly null. */
export function untypedEdition(spec: UntypedSpec): FakeEdition {
  return {
    name: spec.name,
    updated: upstreamTimestamp(spec.updatedDate),
    editionDate: spec.editionDate,
    zone: spec.zone ?? null,
    format: null,
    crs: null,
    lang: 'fre',
    bbox: spec.bbox,
    files: spec.files,
  };
}

/** A plain companion file (PDF notice, tile, …) of a given link type. */
export function plainFile(sub: string, name: string, type: string, mimeTypes: string[], updated?: string): FakeFile {
  const file: FakeFile = {
    name,
    length: 10_000 + (hashInt(`${sub}/${name}`) % 5_000_000),
    md5: md5Hex(`${sub}/${name}`),
    type,
    rel: 'alternate',
    mimeTypes,
  };
  if (updated !== undefined) file.updated = updated;
  return file;
}
