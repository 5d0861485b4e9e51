import { createHash } from 'node:crypto';

/**
 * A name-based (version 5, SHA-1) UUID for `name`, as a `urn:uuid:` IRI: the same name always gives the same,
 * permanent id, which is what Atom asks of `atom:id`.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(`geopf-download-subgraph:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
