import type { ProductExtent } from '../../catalogue/store/EditionReader';
import { zoneFootprint } from '../../zones';
import { LICENSE, MEDIA, STAC_VERSION } from './stacConformance';
import type { StacLink } from './stacItem';
import type { StacUrls } from './StacUrls';

/**
 * A product as a STAC Collection: `id` its upstream name, its title and description (from its capabilities
 * entry), licence `etalab-2.0` with a link to it, and its extent: the box of its listed editions' zone
 * footprints (the whole world when none has one) and the range of their edition dates (open when none is dated).
 */
export function stacCollection(product: ProductExtent, urls: StacUrls): Record<string, unknown> {
  const description = descriptionOf(product.entry);
  const links: StacLink[] = [
    { rel: 'self', href: urls.collection(product.name), type: MEDIA.json },
    { rel: 'parent', href: urls.landing, type: MEDIA.json },
    { rel: 'root', href: urls.landing, type: MEDIA.json },
    { rel: 'items', href: urls.items(product.name), type: MEDIA.geojson },
    { rel: 'license', href: LICENSE.href, type: MEDIA.html, title: 'Licence Ouverte 2.0 (Etalab)' },
  ];
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id: product.name,
    title: product.title ?? product.name,
    description: description ?? product.title ?? product.name,
    license: LICENSE.id,
    extent: {
      spatial: { bbox: [boxOf(product)] },
      temporal: { interval: [intervalOf(product)] },
    },
    links,
  };
}

// Private: the union of the footprints' boxes of the product's zones; the world without any.
function boxOf(product: ProductExtent): number[] {
  let box: [number, number, number, number] | null = null;
  for (const { zone } of product.zones) {
    const footprint = zone ? zoneFootprint(/^D09\d\d$/.test(zone) ? `D${zone.slice(2)}` : zone) : null;
    if (!footprint) continue;
    const [w, s, e, n] = footprint.bbox;
    box = box ? [Math.min(box[0], w), Math.min(box[1], s), Math.max(box[2], e), Math.max(box[3], n)] : [w, s, e, n];
  }
  return box ?? [-180, -90, 180, 90];
}

// Private: the oldest and newest edition dates, as instants; null for an open end.
function intervalOf(product: ProductExtent): Array<string | null> {
  const dates = product.zones.flatMap(({ oldest, newest }) => [oldest, newest]).filter((date): date is string => date !== null);
  if (dates.length === 0) return [null, null];
  dates.sort();
  return [`${dates[0] as string}T00:00:00Z`, `${dates[dates.length - 1] as string}T00:00:00Z`];
}

// Private: the description of a capabilities entry (JSON), or null.
function descriptionOf(entry: string | null): string | null {
  if (!entry) return null;
  try {
    const parsed = JSON.parse(entry) as { description?: unknown };
    return typeof parsed.description === 'string' && parsed.description.trim() !== '' ? parsed.description : null;
  } catch {
    return null;
  }
}
