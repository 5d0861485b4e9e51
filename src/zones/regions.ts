/** A région as INSEE lists it: its code (`11`), official name, and the numbers of its départements. */
export interface RegionRow {
  readonly number: string;
  readonly name: string;
  readonly departements: readonly string[];
}

/**
 * The 18 régions of the 2016 reform in INSEE order: the 5 overseas ones (each a single département), then the
 * 13 metropolitan ones. Membership is written here only; a département's région is derived from this list.
 */
export const REGIONS: readonly RegionRow[] = [
  { number: '01', name: 'Guadeloupe', departements: ['971'] },
  { number: '02', name: 'Martinique', departements: ['972'] },
  { number: '03', name: 'Guyane', departements: ['973'] },
  { number: '04', name: 'La Réunion', departements: ['974'] },
  { number: '06', name: 'Mayotte', departements: ['976'] },
  { number: '11', name: 'Île-de-France', departements: ['75', '77', '78', '91', '92', '93', '94', '95'] },
  { number: '24', name: 'Centre-Val de Loire', departements: ['18', '28', '36', '37', '41', '45'] },
  { number: '27', name: 'Bourgogne-Franche-Comté', departements: ['21', '25', '39', '58', '70', '71', '89', '90'] },
  { number: '28', name: 'Normandie', departements: ['14', '27', '50', '61', '76'] },
  { number: '32', name: 'Hauts-de-France', departements: ['02', '59', '60', '62', '80'] },
  { number: '44', name: 'Grand Est', departements: ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'] },
  { number: '52', name: 'Pays de la Loire', departements: ['44', '49', '53', '72', '85'] },
  { number: '53', name: 'Bretagne', departements: ['22', '29', '35', '56'] },
  {
    number: '75',
    name: 'Nouvelle-Aquitaine',
    departements: ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'],
  },
  {
    number: '76',
    name: 'Occitanie',
    departements: ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'],
  },
  {
    number: '84',
    name: 'Auvergne-Rhône-Alpes',
    departements: ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'],
  },
  { number: '93', name: "Provence-Alpes-Côte d'Azur", departements: ['04', '05', '06', '13', '83', '84'] },
  { number: '94', name: 'Corse', departements: ['2A', '2B'] },
];
