import type { FakeEdition, FakeFile, FakeResource } from './catalogue';
import { findEdition, findResource } from './catalogue';
import type { Deviations } from './deviations';
import { plainFile, shiftDate } from './editionFactory';
import { capabilitiesFeed, resourceFeed, subResourceFeed } from './atomFeed';
import { capabilitiesJson, resourceJson, subResourceJson } from './jsonFeed';
import {
  BadRequestError,
  editionMatches,
  MAX_LIMIT,
  paginate,
  parseEditionFilter,
  parsePaging,
  parseResourceFilter,
  resourceMatches,
  sortEditions,
} from './queryParams';
import type { PageSlice, Paging } from './queryParams';

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
  /** How the answer departs from the real upstream's; none by default. */
  deviations?: Deviations;
}

/** Answers one request from the catalogue: feeds, downloads, 400 for bad parameters, 404 for the rest. */
export function route(catalogue: readonly FakeResource[], base: string, req: RouteRequest): Answer {
  try {
    return deviateAtom(dispatch(catalogue, base, req), req.deviations ?? {});
  } catch (err) {
    if (err instanceof BadRequestError) return text(400, err.message);
    if (err instanceof EarlyAnswer) return err.answer;
    throw err;
  }
}

/** Private: an answer decided before the feed is written (a deviation's status for a page past the end). */
class EarlyAnswer extends Error {
  constructor(readonly answer: Answer) {
    super(`early answer ${answer.status}`);
  }
}

/** Private: an Atom answer with the deviations of its header or attributes. */
function deviateAtom(answer: Answer, deviations: Deviations): Answer {
  if (answer.contentType !== ATOM_CONTENT_TYPE) return answer;
  const body = deviations.noTotalEntries ? answer.body.replace(/ gpf_dl:totalentries="\d+"/, '') : answer.body;
  return { ...answer, body, contentType: deviations.atomContentType ?? answer.contentType };
}

/**
 * Private: one page of `all` as the request asks, with the deviations of paging: a large limit served or
 * rejected, a page past the end answered with a status, an empty listing's page count.
 */
function pageOf<T>(all: readonly T[], req: RouteRequest): PageSlice<T> {
  const deviations = req.deviations ?? {};
  const paging: Paging = parsePaging(req.query);
  const asked = Number(req.query['limit']);
  if (asked > MAX_LIMIT && deviations.largeLimit === 'rejected') throw new BadRequestError(`expected limit <= ${MAX_LIMIT}, got '${req.query['limit']}'`);
  if (asked > MAX_LIMIT && deviations.largeLimit === 'served') paging.limit = asked;
  const page = paginate(all, paging);
  if (deviations.pastEndStatus !== undefined && page.items.length === 0 && page.page > Math.max(page.pageCount, 1)) {
    throw new EarlyAnswer(text(deviations.pastEndStatus, `page ${page.page} is past the last page`));
  }
  if (deviations.emptyPageCount !== undefined && page.totalEntries === 0) page.pageCount = deviations.emptyPageCount;
  return page;
}

/** Private: an edition's files, with the deviation's extra file last. */
function filesOf(edition: FakeEdition, deviations: Deviations): FakeFile[] {
  if (deviations.extraFileName === undefined) return edition.files;
  return [...edition.files, plainFile(edition.name, deviations.extraFileName, 'application/pdf', [], edition.updated)];
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
    const page = pageOf(filesOf(edition, req.deviations ?? {}), req);
    return req.json ?
        json(subResourceJson(base, resource, edition, page, page.items))
      : atom(subResourceFeed(base, resource, edition, page, page.items, page.offset));
  }
  if (head === 'download' && name !== undefined && sub !== undefined && file !== undefined) {
    const resource = findResource(catalogue, name);
    const edition = resource && findEdition(resource, sub);
    const found = edition && filesOf(edition, req.deviations ?? {}).find((f) => f.name === file);
    if (found === undefined || edition === undefined) return text(404, `file not found: ${name}/${sub}/${file}`);
    if (found.name === `${edition.name}.md5`) {
      // The companion lists the md5 of every other file, md5sum style (the format real clients assume).
      const bsd = req.deviations?.md5Style === 'bsd';
      const lines = edition.files
        .filter((other) => other !== found)
        .map((other) => (bsd ? `MD5 (${other.name}) = ${other.md5}\n` : `${other.md5}  ${other.name}\n`));
      return { status: 200, contentType: found.type, body: lines.join('') };
    }
    return { status: 200, contentType: found.type, body: `placeholder for ${found.name} (${found.length} bytes upstream)\n` };
  }
  return notFound(req.segments);
}

/** Private: GetCapabilities, in catalogue order. */
function capabilities(catalogue: readonly FakeResource[], base: string, req: RouteRequest): Answer {
  const filter = parseResourceFilter(req.query);
  if (filter.updatedFrom !== undefined && req.deviations?.updatedFrom === 'ignored') delete filter.updatedFrom;
  if (filter.updatedFrom !== undefined && req.deviations?.updatedFrom === 'exclusive') filter.updatedFrom = shiftDate(filter.updatedFrom, 1);
  const page = pageOf(
    catalogue.filter((r) => resourceMatches(r, filter)),
    req,
  );
  const updated =
    catalogue
      .map((r) => r.updated)
      .sort()
      .pop() ?? '';
  return req.json ? json(capabilitiesJson(base, page, page.items)) : atom(capabilitiesFeed(base, page, page.items, updated, page.offset));
}

/** Private: GetResource, oldest edition first (newest first as a deviation). */
function editionsPage(base: string, resource: FakeResource, req: RouteRequest): Answer {
  const filter = parseEditionFilter(req.query);
  const sorted = sortEditions(resource.editions.filter((e) => editionMatches(e, filter)));
  const page = pageOf(req.deviations?.newestFirst ? sorted.reverse() : sorted, req);
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
