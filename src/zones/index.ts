// Zones: the upstream's zone codes, what people write for them, and the reference data behind both.

// Types.
export { ZoneKind } from './ZoneKind';
export type { ZoneInfo } from './ZoneInfo';

// Look-ups: an upstream code, or a person's input (code in any usual spelling, or name).
export { zoneInfo } from './zoneCatalogue';
export { parseZoneInput } from './parseZoneInput';
export { NAME_PRIORITY } from './findZoneByName';

// Expansion of a région to its départements.
export { expandZone } from './expandZone';

// The whole catalogue, for listings.
export { ZONES } from './zoneCatalogue';
