/** One département of the example territory service. */
export interface Departement {
  number: string;
  name: string;
  region: string;
}

/** A few départements, enough to show references both ways (metropolitan, Corsica, overseas). */
export const DEPARTEMENTS: readonly Departement[] = [
  { number: '2A', name: 'Corse-du-Sud', region: 'Corse' },
  { number: '06', name: 'Alpes-Maritimes', region: "Provence-Alpes-Côte d'Azur" },
  { number: '13', name: 'Bouches-du-Rhône', region: "Provence-Alpes-Côte d'Azur" },
  { number: '69', name: 'Rhône', region: 'Auvergne-Rhône-Alpes' },
  { number: '75', name: 'Paris', region: 'Île-de-France' },
  { number: '92', name: 'Hauts-de-Seine', region: 'Île-de-France' },
  { number: '971', name: 'Guadeloupe', region: 'Guadeloupe' },
  { number: '973', name: 'Guyane', region: 'Guyane' },
];

/** The Géoplateforme zone code of a département: `75` → `D075`, `2A` → `D02A`, `971` → `D971`. */
export function zoneCodeOf(number: string): string {
  return `D${number.padStart(3, '0')}`;
}

/** The département a zone code stands for, if it is one of ours. */
export function departementOfZone(code: string): Departement | null {
  return DEPARTEMENTS.find((departement) => zoneCodeOf(departement.number) === code) ?? null;
}
