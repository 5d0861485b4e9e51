import type { Context } from '../context';
import { isUpstreamNotFound } from '../errors';
import type { FileEntry } from '../upstream/model';
import type { ResourceParent, SubResourceParent } from './parents';

/**
 * Look-ups by name, shared by root fields and federation references. Existence is proven by the cheapest
 * request that later fields reuse: page 1 of the product's (or edition's) own feed, which the upstream
 * answers with 404 for an unknown name. Names must be validated by the caller.
 */

/** The product, or null when the upstream answers 404 for its feed. */
export async function lookupResource(name: string, { loaders }: Context): Promise<ResourceParent | null> {
  return (await existsUnlessNotFound(loaders.editions(name, {}).loadPage(1))) ? { name, entry: null } : null;
}

/** The edition, or null when the upstream answers 404 for its file listing. */
export async function lookupSubResource(resourceName: string, name: string, { loaders }: Context): Promise<SubResourceParent | null> {
  return (await existsUnlessNotFound(loaders.files(resourceName, name).loadPage(1))) ? { resourceName, name, entry: null } : null;
}

/** The file, or null when it is not in its edition's listing (or the edition is unknown). */
export async function lookupFile(resourceName: string, subResourceName: string, name: string, { loaders }: Context): Promise<FileEntry | null> {
  try {
    return await loaders.findFile(resourceName, subResourceName, name);
  } catch (error) {
    if (isUpstreamNotFound(error)) return null;
    throw error;
  }
}

async function existsUnlessNotFound(page: Promise<unknown>): Promise<boolean> {
  try {
    await page;
    return true;
  } catch (error) {
    if (isUpstreamNotFound(error)) return false;
    throw error;
  }
}
