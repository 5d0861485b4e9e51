import { changeEventId, type ChangeEvent } from '../../catalogue/changes/ChangeEvent';

/**
 * The JSON body of a delivery, in the Standard Webhooks shape (`type`, `timestamp`, `data`): `type` is
 * `catalogue.<kind>` in lower case, `data` the event as `CatalogueChange` shows it.
 */
export function webhookPayload(event: ChangeEvent, watchId: string, listingUrl: string): string {
  return JSON.stringify({
    type: `catalogue.${event.kind.toLowerCase()}`,
    timestamp: event.observedAt,
    data: {
      id: changeEventId(event),
      seq: event.seq,
      kind: event.kind,
      resourceName: event.resourceName,
      editionName: event.editionName,
      zoneCode: event.zone,
      format: event.format,
      crs: event.crs,
      editionDate: event.editionDate,
      observedAt: event.observedAt,
      changes: event.changes,
      atomUrl: listingUrl,
      watchId,
    },
  });
}
