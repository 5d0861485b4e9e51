import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bboxContainsBBox } from '../../src/zones/geometry/bbox';
import type { Position } from '../../src/zones/geometry/Geometry';
import { pointInGeometry } from '../../src/zones/geometry/pointInGeometry';
import { ISO_TWINS } from '../../src/zones/isoTwins';
import { ZoneKind } from '../../src/zones/ZoneKind';
import { ZONES, zoneInfo } from '../../src/zones/zoneCatalogue';
import { footprintsPath, zoneFootprint, zoneFootprints } from '../../src/zones/zoneFootprints';
import type { ZoneFootprint } from '../../src/zones/zoneFootprints';
import { PREFECTURES } from './prefectures';

// Private: the footprint of a code the test knows has one.
function footprint(code: string): ZoneFootprint {
  const found = zoneFootprint(code);
  if (found === null) throw new Error(`expected a footprint for ${code}, got none`);
  return found;
}

const departements = ZONES.filter((zone) => zone.kind === ZoneKind.DEPARTEMENT);

describe('zoneFootprint()', () => {
  it.each(ZONES.map((zone) => [zone.code, zone.kind]))('has a footprint for %s (%s)', (code) => {
    const found = footprint(code);
    expect(found.code).toBe(code);
    expect(found.geometry.type).toBe('MultiPolygon');
    expect(found.geometry.coordinates.length).toBeGreaterThan(0);
  });

  it('knows no footprint for codes outside the catalogue', () => {
    expect(zoneFootprint('D020')).toBeNull();
    expect(zoneFootprint('d029')).toBeNull();
    expect(zoneFootprint('')).toBeNull();
  });

  it.each([...ISO_TWINS])('gives %s the geometry of %s', (iso, twin) => {
    expect(zoneInfo(iso)?.name).toBe(zoneInfo(twin)?.name);
    expect(footprint(iso).geometry).toBe(footprint(twin).geometry);
  });

  it('reads the file once and hands out the same footprints', () => {
    expect(zoneFootprints()).toBe(zoneFootprints());
  });

  it('keeps every position to 4 decimals, closed rings of 4 positions at least', () => {
    for (const { geometry } of zoneFootprints().values()) {
      for (const ring of geometry.coordinates.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [lon, lat] of ring) {
          expect(Math.round(lon * 1e4) / 1e4).toBe(lon);
          expect(Math.round(lat * 1e4) / 1e4).toBe(lat);
        }
      }
    }
  });

  it('ships a data file of a few hundred KB', () => {
    expect(statSync(footprintsPath()).size).toBeLessThan(400_000);
  });

  it('finds the data file from the compiled module folder too', () => {
    const repository = join(__dirname, '..', '..');
    expect(footprintsPath(join(repository, 'dist', 'src', 'zones'))).toBe(join(repository, 'src', 'zones', 'data', 'footprints.json'));
  });
});

describe('footprint boxes', () => {
  it.each(departements.map((zone) => [zone.code, zone.parentRegion]))('puts %s inside its région %s', (code, region) => {
    expect(bboxContainsBBox(footprint(region as string).bbox, footprint(code).bbox)).toBe(true);
  });

  it.each(departements.filter((zone) => !zone.code.startsWith('D97')).map((zone) => [zone.code]))('puts metropolitan %s inside FXX', (code) => {
    expect(bboxContainsBBox(footprint('FXX').bbox, footprint(code).bbox)).toBe(true);
  });

  it('puts FXX and the overseas départements inside FRA, and nothing else', () => {
    for (const code of ['FXX', 'D971', 'D972', 'D973', 'D974', 'D976']) expect(bboxContainsBBox(footprint('FRA').bbox, footprint(code).bbox)).toBe(true);
    const parts =
      footprint('FXX').geometry.coordinates.length +
      ['D971', 'D972', 'D973', 'D974', 'D976'].reduce((sum, code) => sum + footprint(code).geometry.coordinates.length, 0);
    expect(footprint('FRA').geometry.coordinates).toHaveLength(parts);
  });

  it('gives FXX the box of the 13 metropolitan régions together', () => {
    const regions = ZONES.filter((zone) => zone.kind === ZoneKind.REGION && zone.code >= 'R11').map((zone) => footprint(zone.code).bbox);
    expect(regions).toHaveLength(13);
    expect(footprint('FXX').bbox).toEqual([
      Math.min(...regions.map((box) => box[0])),
      Math.min(...regions.map((box) => box[1])),
      Math.max(...regions.map((box) => box[2])),
      Math.max(...regions.map((box) => box[3])),
    ]);
  });
});

describe('simplified outlines', () => {
  it.each(PREFECTURES.map(([code, town, point]) => [town, code, point]))('keeps %s in %s and in no other département', (_, code, point) => {
    const holders = departements.filter((zone) => pointInGeometry(point, footprint(zone.code).geometry)).map((zone) => zone.code);
    expect(holders).toEqual([code]);
  });
});

describe('overseas collectivity boxes', () => {
  it.each<[string, Position, string]>([
    ['Saint-Pierre', [-56.18, 46.78], 'D975'],
    ['Miquelon', [-56.38, 47.1], 'D975'],
    ['Gustavia', [-62.85, 17.9], 'D977'],
    ['Marigot', [-63.08, 18.07], 'D978'],
    ['Port-aux-Français (Kerguelen)', [70.22, -49.35], 'D984'],
    ['Alfred-Faure (Crozet)', [51.86, -46.43], 'D984'],
    ['Martin-de-Viviès (Amsterdam)', [77.57, -37.8], 'D984'],
    ['Europa', [40.36, -22.36], 'D984'],
    ['Tromelin', [54.52, -15.89], 'D984'],
    ["Dumont-d'Urville (Terre Adélie)", [140.0, -66.66], 'D984'],
    ['the South Pole, seen from Terre Adélie', [139, -89.9], 'D984'],
    ['Mata-Utu', [-176.17, -13.28], 'D986'],
    ['Leava (Futuna)', [-178.16, -14.29], 'D986'],
    ['Papeete', [-149.57, -17.53], 'D987'],
    ['Taiohae (Nuku Hiva)', [-140.1, -8.91], 'D987'],
    ['Rikitea (Gambier)', [-134.97, -23.12], 'D987'],
    ['Rapa', [-144.33, -27.6], 'D987'],
    ['Nouméa', [166.45, -22.27], 'D988'],
    ['Wé (Lifou)', [167.26, -20.92], 'D988'],
  ])('hold %s in %s', (_, point, code) => {
    expect(pointInGeometry(point, footprint(code).geometry)).toBe(true);
  });

  it('never cross the antimeridian: each of the Pacific collectivities lies in one hemisphere', () => {
    for (const code of ['D986', 'D987', 'D988']) {
      const [west, , east] = footprint(code).bbox;
      expect(west).toBeLessThan(east);
      expect(east - west).toBeLessThan(25);
    }
  });
});
