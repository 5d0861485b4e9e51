import { buildCatalogue, findEdition, findResource } from '../fakeUpstream/catalogue';

const catalogue = buildCatalogue();
const ortho = findResource(catalogue, 'BDORTHO')!;
const cog = findResource(catalogue, 'ADMIN-EXPRESS-COG')!;

/** Six BDORTHO editions of 2024-01-01 (one date-filtered page holds them all). */
export const ORTHO_OF_2024 = ortho.editions.filter((edition) => edition.editionDate === '2024-01-01').slice(0, 6);
/** An ADMIN-EXPRESS-COG edition of 2025-01-01. */
export const COG_EDITION = findEdition(cog, 'ADMIN-EXPRESS-COG_4-0__GPKG_LAMB93_FXX_2025-01-01')!;
/** The 22-volume split archive of BD ORTHO Guyane (23 files with its .md5). */
export const MULTIPART = findEdition(ortho, 'BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01')!;

const resource = (name: string) => ({ __typename: 'Resource', name });
const edition = (resourceName: string, name: string) => ({ __typename: 'SubResource', resourceName, name });
const file = (name: string) => ({ __typename: 'File', resourceName: 'BDORTHO', subResourceName: MULTIPART.name, name });

/**
 * The federation test's 20 representations: duplicates and unknown keys of every entity type, in a
 * deliberately mixed order. Shared by the federation test and the cost-estimate test.
 */
export const TWENTY_REPRESENTATIONS: Array<Record<string, string>> = [
  resource('BDORTHO'),
  edition('BDORTHO', ORTHO_OF_2024[0]!.name),
  file(MULTIPART.files[0]!.name),
  resource('NO-SUCH-PRODUCT'),
  edition('BDORTHO', ORTHO_OF_2024[1]!.name),
  resource('ADMIN-EXPRESS-COG'),
  edition('BDORTHO', 'BDORTHO_9-9_NOPE_LAMB93_D000_2024-01-01'),
  file(MULTIPART.files[21]!.name),
  resource('BDORTHO'),
  edition('BDORTHO', ORTHO_OF_2024[2]!.name),
  { __typename: 'Zone', code: 'D075' },
  edition('BDORTHO', ORTHO_OF_2024[3]!.name),
  file('no-such-file.7z'),
  edition('ADMIN-EXPRESS-COG', COG_EDITION.name),
  resource('RGEALTI'),
  edition('BDORTHO', ORTHO_OF_2024[0]!.name),
  file(MULTIPART.files[22]!.name),
  edition('BDORTHO', ORTHO_OF_2024[4]!.name),
  resource('ADMIN-EXPRESS-COG'),
  edition('BDORTHO', ORTHO_OF_2024[5]!.name),
];

/** The `_entities` operation the 20 representations are sent with. */
export const TWENTY_ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Resource { name title zones { code } }
    ... on SubResource { resourceName name editionDate zone { code } }
    ... on File { name size md5 isArchiveVolume }
    ... on Zone { code label }
  }
}`;
