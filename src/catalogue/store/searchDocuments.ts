import type { Term } from '../../upstream/format/model';
import { zoneInfo } from '../../zones';
import { searchableText } from '../words/foldWords';
import type { SearchDocumentRow } from './tables';

/** `SearchDocumentRow.kind` of a product. */
export const PRODUCT_DOCUMENT = 'product';
/** `SearchDocumentRow.kind` of a zone. */
export const ZONE_DOCUMENT = 'zone';

/**
 * The search document of a listed product: its name (with its words also run together, so `bdtopo` and
 * `bd topo` find `BD-TOPO`), title, description and the names of its zones (see `zoneNames`).
 */
export function productDocument(name: string, title: string | null, description: string | null, zones: readonly Term[]): SearchDocumentRow {
  const words = searchableText(name);
  const joined = words.replace(/ /g, '');
  return {
    kind: PRODUCT_DOCUMENT,
    key: name,
    name: joined === words ? words : `${words} ${joined}`,
    title: nullIfEmpty(searchableText(title)),
    zones: nullIfEmpty(distinctWords(zones.map((zone) => zoneNames(zone.code, zone.label)))),
    description: nullIfEmpty(searchableText(description)),
  };
}

/** The search document of a zone editions are filed under: its code, and its names (see `zoneNames`). */
export function zoneDocument(code: string, label: string | null): SearchDocumentRow {
  return { kind: ZONE_DOCUMENT, key: code, name: searchableText(code), title: null, zones: zoneNames(code, label), description: null };
}

/**
 * What a zone is called: the upstream's label (`D029 Finistère`), France's reference name for its code, and a
 * département's région (`Bretagne`): `ile de france` finds the editions of Paris, as the `zones` filter lets
 * a région stand for its départements.
 */
export function zoneNames(code: string, label: string | null): string {
  const info = zoneInfo(code);
  const region = info?.parentRegion ? zoneInfo(info.parentRegion) : null;
  return distinctWords([searchableText(label, info?.name, region?.name)]);
}

/** True when two documents would index the same words. */
export function sameDocument(a: SearchDocumentRow, b: SearchDocumentRow): boolean {
  return a.name === b.name && a.title === b.title && a.zones === b.zones && a.description === b.description;
}

// Private: the words of `texts` (searchable text), each once, in first-seen order.
function distinctWords(texts: readonly string[]): string {
  return [...new Set(texts.flatMap((text) => text.split(' ')).filter(Boolean))].join(' ');
}

function nullIfEmpty(text: string): string | null {
  return text.length > 0 ? text : null;
}
