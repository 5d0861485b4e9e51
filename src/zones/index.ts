// Zones: the upstream's zone codes, what people write for them, and the reference data behind both.

// Types.
export { ZoneKind } from './ZoneKind';
export type { ZoneInfo } from './ZoneInfo';

// Look-ups: an upstream code, or a person's input (code in any usual spelling, or name).
export { zoneInfo } from './zoneCatalogue';
export { parseZoneInput } from './parseZoneInput';
export { NAME_PRIORITY } from './findZoneByName';

// What people write for a zone, as the upstream code a filter sends (a région standing for its départements).
export { zoneCodesFor, zoneFilterCode } from './zoneFilterCode';

// Expansion of a région to its départements.
export { expandZone } from './expandZone';

// The whole catalogue, for listings.
export { ZONES } from './zoneCatalogue';
