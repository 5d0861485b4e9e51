import { ZoneKind, zoneInfo } from '../../zones';

/** The ISO territory code the upstream also uses for each overseas département. */
const ISO_OF_OVERSEAS: Readonly<Record<string, string>> = { D971: 'GLP', D972: 'MTQ', D973: 'GUF', D974: 'REU', D976: 'MYT' };

/**
 * A zone, then the zones containing it from the smallest: a département's région, then France métropolitaine
 * (or, overseas, the territory's ISO code), then France entière. A code outside France's reference data is
 * contained in nothing known.
 */
export function containingZones(code: string): string[] {
  const zone = zoneInfo(code);
  if (!zone) return [code];
  const chain = [zone.code];
  if (zone.kind === ZoneKind.DEPARTEMENT && zone.parentRegion) chain.push(zone.parentRegion);
  const iso = ISO_OF_OVERSEAS[zone.code];
  if (iso) chain.push(iso);
  const metropolitan = (zone.kind === ZoneKind.DEPARTEMENT || zone.kind === ZoneKind.REGION) && !iso && !/^R0/.test(zone.parentRegion ?? zone.code);
  if (metropolitan) chain.push('FXX');
  if (zone.code !== 'FRA') chain.push('FRA');
  return chain;
}
