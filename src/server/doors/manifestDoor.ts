import { BadUserInputError } from '../../core/errors';
import { validateName } from '../../upstream/format/validateName';
import type { DownloadPlanFormat } from '../../downloads/manifests/ManifestPlanModel';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';
import type { Door } from '../admission/Door';

const EXTENSIONS: Record<string, { format: DownloadPlanFormat; contentType: string }> = {
  meta4: { format: 'METALINK', contentType: 'application/metalink4+xml; charset=utf-8' },
  aria2: { format: 'ARIA2', contentType: 'text/plain; charset=utf-8' },
};

const MANIFEST_PATH = /^\/downloads\/([^/]+)\/([^/]+)\.(meta4|aria2)$/;

/** The GraphQL operation fetching what a manifest needs: the admission measures it against the budget. */
const EQUIVALENT_QUERY =
  'query Manifest($resourceName: ID!, $name: ID!, $format: DownloadPlanFormat) { subResource(resourceName: $resourceName, name: $name) { downloadPlan(format: $format) { manifest } } }';

/**
 * `GET /downloads/{resource}/{edition}.meta4` and `.aria2`: an edition's download plan as a Metalink 4 document
 * or an aria2 input file, for `aria2c -M` / `aria2c -i` and tools that cannot send GraphQL. An `upstream` door:
 * measured as `downloadPlan` is before anything is sent, then it reads every page of the edition's file listing
 * (cached like every page) within the operation's budget and deadline. Refusals are typed JSON: 400 naming the
 * parameter (`resource`, `edition`) or the budget, 404 for an unknown edition, 502/503/504 for upstream faults.
 */
export function manifestDoor(maxAgeSeconds: number): Door {
  return {
    name: 'manifest',
    methods: ['GET', 'HEAD'],
    path: '/downloads/{resource}/{edition}.meta4, /downloads/{resource}/{edition}.aria2',
    claims: (_request, url) => MANIFEST_PATH.test(url.pathname),
    admission: {
      kind: 'upstream',
      equivalent: ({ url }) => {
        const asked = manifestRequest(url);
        return { query: EQUIVALENT_QUERY, variables: { resourceName: asked.resourceName, name: asked.editionName, format: asked.format } };
      },
    },
    examples: [{ method: 'GET', path: '/downloads/BDTOPO/BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15.meta4' }],
    async serve(admitted) {
      const { request, response } = admitted;
      const asked = manifestRequest(admitted.url);
      const files = await admitted.context().loaders.allFiles(asked.resourceName, asked.editionName);
      const plan = manifestPlan(asked.editionName, files, asked.format);
      response.statusCode = 200;
      response.setHeader('content-type', asked.contentType);
      response.setHeader('content-disposition', `attachment; filename="${asked.editionName.replace(/[^\w.-]/g, '_')}.${asked.extension}"`);
      response.setHeader('cache-control', `public, max-age=${maxAgeSeconds}`);
      response.end(request.method === 'HEAD' ? '' : plan.manifest);
    },
  };
}

/** What a manifest path asks for, its names checked. */
interface ManifestRequest {
  resourceName: string;
  editionName: string;
  extension: string;
  format: DownloadPlanFormat;
  contentType: string;
}

// Private: the path read; a bad name is a BadUserInputError naming its parameter.
function manifestRequest(url: URL): ManifestRequest {
  const match = MANIFEST_PATH.exec(url.pathname) as RegExpExecArray;
  const extension = match[3] as string;
  const kind = EXTENSIONS[extension] as (typeof EXTENSIONS)[string];
  return {
    resourceName: validateName(decode(match[1] as string, 'resource'), 'resource'),
    editionName: validateName(decode(match[2] as string, 'edition'), 'edition'),
    extension,
    ...kind,
  };
}

// Private: a percent-decoded path segment; a malformed escape is a bad name.
function decode(segment: string, argumentName: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadUserInputError(`${argumentName}: expected a percent-encoded name, got ${JSON.stringify(segment.slice(0, 80))}`, argumentName);
  }
}
