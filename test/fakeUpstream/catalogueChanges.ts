import type { FakeEdition, FakeResource } from './catalogue';

/**
 * Changes to a live fake catalogue between two syncs, as the upstream makes them: each bumps the product's
 * `updated` to `when` (what its capabilities entry, and so `updatedFrom`, shows) unless told not to, like an
 * upstream that forgets to.
 */
export interface ChangeOptions {
  /** ISO time written into the product's `updated` (and an edition's own, where it changes). */
  when: string;
  /** False: leave the product's `updated` as it was (a change `updatedFrom` cannot see). Default true. */
  bumpProduct?: boolean;
}

/** Adds an edition to `productName`, a copy of its first edition renamed and re-dated unless `edition` says otherwise. */
export function addEdition(
  catalogue: FakeResource[],
  productName: string,
  name: string,
  options: ChangeOptions & { edition?: Partial<FakeEdition> },
): FakeEdition {
  const product = mustFind(catalogue, productName);
  const template = product.editions[0];
  if (!template) throw new Error(`${productName} has no edition to copy`);
  const edition: FakeEdition = { ...template, files: [], name, updated: options.when, editionDate: options.when.slice(0, 10), ...options.edition };
  product.editions.push(edition);
  bump(product, options);
  return edition;
}

/** Removes an edition from its product's listing. */
export function withdrawEdition(catalogue: FakeResource[], productName: string, name: string, options: ChangeOptions): FakeEdition {
  const product = mustFind(catalogue, productName);
  const index = product.editions.findIndex((edition) => edition.name === name);
  if (index < 0) throw new Error(`${productName} has no edition ${name}`);
  const [removed] = product.editions.splice(index, 1);
  bump(product, options);
  return removed as FakeEdition;
}

/** Changes an edition in place (its `updated` becomes `when` unless `patch` sets it). */
export function changeEdition(catalogue: FakeResource[], productName: string, name: string, patch: Partial<FakeEdition>, options: ChangeOptions): FakeEdition {
  const product = mustFind(catalogue, productName);
  const edition = product.editions.find((candidate) => candidate.name === name);
  if (!edition) throw new Error(`${productName} has no edition ${name}`);
  Object.assign(edition, { updated: options.when }, patch);
  bump(product, options);
  return edition;
}

/** Removes a product from the capabilities listing (its feed then answers 404). */
export function withdrawProduct(catalogue: FakeResource[], productName: string): FakeResource {
  const index = catalogue.findIndex((product) => product.name === productName);
  if (index < 0) throw new Error(`no product ${productName}`);
  return catalogue.splice(index, 1)[0] as FakeResource;
}

function mustFind(catalogue: FakeResource[], name: string): FakeResource {
  const product = catalogue.find((candidate) => candidate.name === name);
  if (!product) throw new Error(`no product ${name}`);
  return product;
}

function bump(product: FakeResource, options: ChangeOptions): void {
  if (options.bumpProduct !== false) product.updated = options.when;
}
