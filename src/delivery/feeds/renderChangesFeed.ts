import type { ChangeEvent } from '../../catalogue/changes/ChangeEvent';
import { changeSummary, changeTitle } from './describeChange';
import { nameBasedUuid } from './nameBasedUuid';
import { xmlText } from './xmlText';

/** The Atom namespace (RFC 4287). */
export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** The scheme of the `atom:category` carrying an event's kind. */
export const CHANGE_KIND_SCHEME = 'urn:geopf-download-subgraph:change-kind';

/** `atom:updated` of a feed that has no entry yet. */
const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00Z';

/** One page of the changes feed, ready to render. */
export interface ChangesFeedPage {
  /** Stable identity of the filtered feed (the same for every page of it). */
  feedKey: string;
  /** Human title, e.g. `Catalogue changes: BDTOPO, D029, GPKG`. */
  title: string;
  /** This page's URL (relative to the server, or absolute). */
  selfHref: string;
  /** The next (older) page, when there is one. */
  nextHref: string | null;
  /** The first (newest) page, when this is not it. */
  firstHref: string | null;
  /** Newest first. */
  events: readonly ChangeEvent[];
  /** The listing URL of an event: its edition's feed, or its product's. */
  listingUrl(event: ChangeEvent): string;
}

/**
 * An Atom 1.0 document (RFC 4287) for one page: feed id, title, updated, author and self link; per entry an id
 * derived from the event, a title, updated (when the change was seen), an alternate link to the upstream
 * listing, the kind as a category and a text summary of what changed. Every value is XML-escaped.
 */
export function renderChangesFeed(page: ChangesFeedPage): string {
  const updated = page.events[0]?.observedAt ?? EMPTY_FEED_UPDATED;
  const links = [
    link('self', page.selfHref, 'application/atom+xml'),
    page.firstHref ? link('first', page.firstHref, 'application/atom+xml') : null,
    page.nextHref ? link('next', page.nextHref, 'application/atom+xml') : null,
  ].filter((line): line is string => line !== null);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}">`,
    `  <id>${nameBasedUuid(`feed:${page.feedKey}`)}</id>`,
    `  <title type="text">${xmlText(page.title)}</title>`,
    `  <updated>${xmlText(updated)}</updated>`,
    '  <author><name>geopf-download-subgraph</name></author>',
    '  <generator>geopf-download-subgraph</generator>',
    ...links.map((line) => `  ${line}`),
    ...page.events.map((event) => renderEntry(event, page.listingUrl(event))),
    '</feed>',
    '',
  ].join('\n');
}

// Private: one `atom:entry`.
function renderEntry(event: ChangeEvent, listingUrl: string): string {
  return [
    '  <entry>',
    `    <id>${nameBasedUuid(`change:${event.seq}`)}</id>`,
    `    <title type="text">${xmlText(changeTitle(event))}</title>`,
    `    <updated>${xmlText(event.observedAt)}</updated>`,
    `    ${link('alternate', listingUrl, 'application/atom+xml')}`,
    `    <category scheme="${CHANGE_KIND_SCHEME}" term="${xmlText(event.kind)}"/>`,
    `    <summary type="text">${xmlText(changeSummary(event))}</summary>`,
    '  </entry>',
  ].join('\n');
}

// Private: an `atom:link`.
function link(rel: string, href: string, type: string): string {
  return `<link rel="${rel}" type="${type}" href="${xmlText(href)}"/>`;
}
