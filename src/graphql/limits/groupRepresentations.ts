import type { EditionKey } from './lookupCosts';

/** The representations of one `_entities` field, by type, each key counted once. */
export interface RepresentationGroups {
  /** Distinct product names. */
  resources: Set<string>;
  /** Distinct editions. */
  editions: EditionKey[];
  /** Distinct editions holding the files asked for (`name` is the edition's name). */
  fileEditions: EditionKey[];
  /** Distinct zone codes. */
  zones: Set<string>;
}

/**
 * Groups the `representations` argument (already read from its literal or variable) by `__typename`. Duplicates
 * count once: every look-up reads through the request's loaders, so a repeated key adds no request. Entries of
 * another type, or not objects, are left out, and so are keys that are not strings (an object whose
 * `toString` is not a function cannot even be turned into text): they fail without reaching the upstream.
 */
export function groupRepresentations(representations: unknown): RepresentationGroups {
  const resources = new Set<string>();
  const editions = new Map<string, EditionKey>();
  const fileEditions = new Map<string, EditionKey>();
  const zones = new Set<string>();
  for (const representation of Array.isArray(representations) ? representations : [representations]) {
    if (typeof representation !== 'object' || representation === null) continue;
    const fields = representation as Record<string, unknown>;
    const text = (name: string): string => (typeof fields[name] === 'string' ? fields[name] : '');
    switch (fields['__typename']) {
      case 'Resource':
        resources.add(text('name'));
        break;
      case 'SubResource':
        addEdition(editions, text('resourceName'), text('name'));
        break;
      case 'File':
        addEdition(fileEditions, text('resourceName'), text('subResourceName'));
        break;
      case 'Zone':
        zones.add(text('code'));
        break;
      default:
        break;
    }
  }
  return { resources, editions: [...editions.values()], fileEditions: [...fileEditions.values()], zones };
}

function addEdition(editions: Map<string, EditionKey>, resourceName: string, name: string): void {
  editions.set(JSON.stringify([resourceName, name]), { resourceName, name });
}
