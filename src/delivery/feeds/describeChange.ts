import { ChangeKind, type ChangeEvent } from '../../catalogue/changes/ChangeEvent';

/** A one-line title for an event, e.g. `BDTOPO: new edition BDTOPO_3-5_…_D029_2026-03-15`. */
export function changeTitle(event: ChangeEvent): string {
  const edition = event.editionName ?? '';
  switch (event.kind) {
    case ChangeKind.EDITION_ADDED:
      return `${event.resourceName}: new edition ${edition}`;
    case ChangeKind.EDITION_WITHDRAWN:
      return `${event.resourceName}: edition withdrawn ${edition}`;
    case ChangeKind.EDITION_CHANGED:
      return `${event.resourceName}: edition changed ${edition}`;
    case ChangeKind.PRODUCT_ADDED:
      return `New product ${event.resourceName}`;
    case ChangeKind.PRODUCT_WITHDRAWN:
      return `Product withdrawn ${event.resourceName}`;
    case ChangeKind.PRODUCT_CHANGED:
      return `Product changed ${event.resourceName}`;
  }
}

/** What changed, in plain sentences: the edition's facets, then each changed field with its old and new value. */
export function changeSummary(event: ChangeEvent): string {
  const facets = [
    event.zone ? `zone ${event.zone}` : null,
    event.format ? `format ${event.format}` : null,
    event.crs ? `CRS ${event.crs}` : null,
    event.editionDate ? `edition date ${event.editionDate}` : null,
  ].filter((part): part is string => part !== null);
  const lead = `${changeTitle(event)}${facets.length > 0 ? ` (${facets.join(', ')})` : ''}.`;
  const fields = event.changes.map((change) => `${change.field}: ${change.before ?? '(none)'} → ${change.after ?? '(none)'}.`);
  return [lead, ...fields].join(' ');
}
