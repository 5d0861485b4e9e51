import { ChangeKind } from '../../../src/catalogue/changes/ChangeEvent';
import type { NewChangeEvent } from '../../../src/catalogue/changes/MemoryChangeSource';

/** A new BDTOPO edition for `zone` in `format`, seen at `observedAt`. */
export function editionAdded(zone = 'D029', format = 'GPKG', observedAt = '2026-03-16T04:00:00.000Z', resourceName = 'BDTOPO'): NewChangeEvent {
  const editionDate = observedAt.slice(0, 10);
  return {
    kind: ChangeKind.EDITION_ADDED,
    resourceName,
    editionName: `${resourceName}_3-5_TOUSTHEMES_${format}_LAMB93_${zone}_${editionDate}`,
    zone,
    format,
    crs: 'EPSG:2154',
    editionDate,
    observedAt,
    changes: [],
  };
}
