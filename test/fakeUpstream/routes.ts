import type { FakeResource } from './catalogue';
import { findEdition, findFile, findResource } from './catalogue';
import { capabilitiesFeed, resourceFeed, subResourceFeed } from './atomFeed';
import { capabilitiesJson, resourceJson, subResourceJson } from './jsonFeed';
import { BadRequestError, editionMatches, paginate, parseEditionFilter, parsePaging, parseResourceFilter, resourceMatches, sortEditions } from './queryParams';

/** Content type of Atom answers. */
export const ATOM_CONTENT_TYPE = 'application/atom+xml;charset=UTF-8';
/** Content type of JSON answers. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
/** Content type of error answers. */
export const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** What the fake answers, before faults are applied. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One request as the router sees it: path segments after the base path, already percent-decoded. */
export interface RouteRequest {
  segments: string[];
  query: Record<string, string>;
  /** true when the client asked for JSON (Accept or `outputFormat`). */
  json: boolean;
}

/** Answers one request from the catalogue: feeds, downloads, 400 for bad parameters, 404 for the rest. */
export function route(catalogue: readonly FakeResource[], base: string, req: RouteRequest): Answer {
  try {
    return dispatch(catalogue, base, req);
  } catch (err) {
    if (err instanceof BadRequestError) return text(400, err.message);
    throw err;
  }
}

/** Private: picks the handler from the segments. */
function dispatch(catalogue: readonly FakeResource[], base: string, req: RouteRequest): Answer {
  const [head, name, sub, file, ...extra] = req.segments;
  if (extra.length > 0) return notFound(req.segments);
  if (head === 'capabilities' && name === undefined) return capabilities(catalogue, base, req);
  if (head === 'resource' && name !== undefined && file === undefined) {
    const resource = findResource(catalogue, name);
    if (resource === undefined) return text(404, `resource not found: ${name}`);
    if (sub === undefined) return editionsPage(base, resource, req);
    const edition = findEdition(resource, sub);
    if (edition === undefined) return text(404, `sub-resource not found: ${name}/${sub}`);
    const page = paginate(edition.files, parsePaging(req.query));
    return req.json ?
        json(subResourceJson(base, resource, edition, page, page.items))
      : atom(subResourceFeed(base, resource, edition, page, page.items, page.offset));
  }
  if (head === 'download' && name !== undefined && sub !== undefined && file !== undefined) {
    const resource = findResource(catalogue, name);
    const edition = resource && findEdition(resource, sub);
    const found = edition && findFile(edition, file);
    if (found === undefined || edition === undefined) return text(404, `file not found: ${name}/${sub}/${file}`);
    if (found.name === `${edition.name}.md5`) {
      // The companion lists the md5 of every other file, md5sum style (the format real clients assume).
      const lines = edition.files.filter((other) => other !== found).map((other) => `${other.md5}  ${other.name}\n`);
      return { status: 200, contentType: found.type, body: lines.join('') };
    }
    return { status: 200, contentType: found.type, body: `placeholder for ${found.name} (${found.length} bytes upstream)\n` };
  }
  return notFound(req.segments);
}

/** Private: GetCapabilities, in catalogue order. */
function capabilities(catalogue: readonly FakeResource[], base: string, req: RouteRequest): Answer {
  const paging = parsePaging(req.query);
  const filter = parseResourceFilter(req.query);
  const page = paginate(
    catalogue.filter((r) => resourceMatches(r, filter)),
    paging,
  );
  const updated =
    catalogue
      .map((r) => r.updated)
      .sort()
      .pop() ?? '';
  return req.json ? json(capabilitiesJson(base, page, page.items)) : atom(capabilitiesFeed(base, page, page.items, updated, page.offset));
}

/** Private: GetResource, oldest edition first. */
function editionsPage(base: string, resource: FakeResource, req: RouteRequest): Answer {
  const paging = parsePaging(req.query);
  const filter = parseEditionFilter(req.query);
  const page = paginate(sortEditions(resource.editions.filter((e) => editionMatches(e, filter))), paging);
  return req.json ? json(resourceJson(base, resource, page, page.items)) : atom(resourceFeed(base, resource, page, page.items, page.offset));
}

/** Private: an Atom answer. */
function atom(body: string): Answer {
  return { status: 200, contentType: ATOM_CONTENT_TYPE, body };
}

/** Private: a JSON answer. */
function json(value: unknown): Answer {
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(value) };
}

/** Private: a plain-text answer (errors). */
function text(status: number, body: string): Answer {
  return { status, contentType: TEXT_CONTENT_TYPE, body };
}

/** Private: 404 for a path the API does not have. */
function notFound(segments: readonly string[]): Answer {
  return text(404, `not found: /${segments.join('/')}`);
}
