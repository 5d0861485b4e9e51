import { createHash } from 'node:crypto';
import { buildSevenZip, buildZip, fixtureTree, type FixtureFile } from '../downloads/archives/archiveFixtures';
import { productWithFiles } from '../fakeUpstream/byteDownloads';
import type { FakeResource } from '../fakeUpstream/catalogue';

/** A product with one edition of real archives, for the fake upstream (`catalogue` and `fileBytes`). */
export interface ArchiveEdition {
  resource: FakeResource;
  bytes: Map<string, Buffer>;
  /** The product's and the edition's names. */
  product: string;
  edition: string;
  /** What each archive holds. */
  files: FixtureFile[];
}

/** An edition of three files: a .7z (compressed header), a .zip of the same files, and the .md5 of the .7z. */
export function threeFileEdition(product = 'TEST-THREE'): ArchiveEdition {
  const edition = `${product}_1-0__GPKG_LAMB93_FXX_2025-06-17`;
  const files = fixtureTree(20_000);
  const sevenZip = buildSevenZip(files, { compressHeader: true })[0] as Buffer;
  const md5 = Buffer.from(`${createHash('md5').update(sevenZip).digest('hex')}  ${edition}.7z\n`);
  const { resource, bytes } = productWithFiles(product, edition, [
    { name: `${edition}.7z`, bytes: sevenZip },
    { name: `${edition}.zip`, bytes: buildZip(files) },
    { name: `${edition}.md5`, bytes: md5, type: 'text/plain' },
  ]);
  return { resource, bytes, product, edition, files };
}

/** An edition of `count` .zip archives of the same files, named `…_00.zip`, `…_01.zip`… */
export function zipsEdition(count: number, product = 'TEST-ZIPS'): ArchiveEdition {
  const edition = `${product}_1-0__GPKG_LAMB93_FXX_2025-06-17`;
  const files = fixtureTree(20_000);
  const zip = buildZip(files);
  const { resource, bytes } = productWithFiles(
    product,
    edition,
    Array.from({ length: count }, (_, index) => ({ name: `${edition}_${String(index).padStart(2, '0')}.zip`, bytes: zip })),
  );
  return { resource, bytes, product, edition, files };
}
