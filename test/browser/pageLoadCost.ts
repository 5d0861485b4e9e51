import type { Page } from 'playwright-core';

/** One request of a page load, as the browser's Resource Timing saw it. */
export interface LoadedResource {
  url: string;
  /** 'navigation' for the page itself; else 'script', 'link', 'css' (fonts), 'fetch'… */
  initiatorType: string;
  /** Bytes received, headers included; 0 when served from the browser cache. */
  transferSize: number;
  /** Body bytes as sent (compressed). */
  encodedBodySize: number;
  /** Body bytes after decompression. */
  decodedBodySize: number;
}

/** Totals of a page load. */
export interface PageLoadCost {
  requests: number;
  /** Requests answered from the network (transferSize > 0). */
  networkRequests: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

/** The page's navigation and resource entries so far (Resource Timing, same-origin so sizes are exposed). */
export async function loadedResources(page: Page): Promise<LoadedResource[]> {
  return page.evaluate<LoadedResource[]>(`
    performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map((entry) => ({
      url: entry.name,
      initiatorType: entry.initiatorType,
      transferSize: entry.transferSize,
      encodedBodySize: entry.encodedBodySize,
      decodedBodySize: entry.decodedBodySize,
    }))
  `);
}

/** Adds up `resources`. */
export function pageLoadCost(resources: readonly LoadedResource[]): PageLoadCost {
  const sum = (key: 'transferSize' | 'encodedBodySize' | 'decodedBodySize') => resources.reduce((total, resource) => total + resource[key], 0);
  return {
    requests: resources.length,
    networkRequests: resources.filter((resource) => resource.transferSize > 0).length,
    transferSize: sum('transferSize'),
    encodedBodySize: sum('encodedBodySize'),
    decodedBodySize: sum('decodedBodySize'),
  };
}
