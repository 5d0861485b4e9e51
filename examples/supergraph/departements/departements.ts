import { DEPARTEMENTS as INSEE_DEPARTEMENTS } from '../../../src/zones/departements';
import { REGIONS } from '../../../src/zones/regions';

/** One département of the example territory service. */
export interface Departement {
  number: string;
  name: string;
  region: string;
}

/**
 * Every département (the 101 of INSEE's list, metropolitan, Corsica and overseas) with the name of its région,
 * taken from the geopf subgraph's own reference data so that the two services agree.
 */
export const DEPARTEMENTS: readonly Departement[] = INSEE_DEPARTEMENTS.map((departement) => ({
  number: departement.number,
  name: departement.name,
  region: regionOf(departement.number),
}));

// Private: the name of the région a département belongs to.
function regionOf(number: string): string {
  const region = REGIONS.find((candidate) => candidate.departements.includes(number));
  if (!region) throw new Error(`département ${number} is in no région of src/zones/regions.ts`);
  return region.name;
}

/** The Géoplateforme zone code of a département: `75` → `D075`, `2A` → `D02A`, `971` → `D971`. */
export function zoneCodeOf(number: string): string {
  return `D${number.padStart(3, '0')}`;
}

/** The département a zone code stands for, or null when the zone is not a département (`FXX`, `R11`…). */
export function departementOfZone(code: string): Departement | null {
  return DEPARTEMENTS.find((departement) => zoneCodeOf(departement.number) === code) ?? null;
}
