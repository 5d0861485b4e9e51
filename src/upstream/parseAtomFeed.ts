import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { ATOM_NS, GPF_DL_NS } from './atomNamespaces';
import type { AtomLink, FeedPage, Term } from './model';

/** An Atom `<entry>` read field by field, before any level-specific meaning is given to it. */
export interface AtomEntry {
  title: string | null;
  id: string | null;
  links: AtomLink[];
  updated: string | null;
  /** `<content>`: an MD5 on file entries, free text elsewhere. */
  content: string | null;
  zones: Term[];
  formats: Term[];
  /** `<category>`: the CRS facet. */
  categories: Term[];
  editionDate: string | null;
  /** `gpf_dl:mime_type` values. */
  mimeTypes: string[];
}

/** Thrown when a body is not a readable upstream Atom feed; the client turns it into `UPSTREAM_BAD_RESPONSE`. */
export class AtomParseError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AtomParseError';
  }
}

/**
 * Parses one upstream page. Namespace-aware: Atom elements must be in the Atom namespace, `gpf_dl` ones in
 * whatever URI the document binds to `gpf_dl` (the real one by default). Paging state is read from the
 * attributes of `<feed>`. Child order is not significant. Throws `AtomParseError`, never anything else.
 */
export function parseAtomFeed(xml: string): FeedPage<AtomEntry> {
  const feed = parseRootFeed(xml);
  const gpfNs = feed.lookupNamespaceURI('gpf_dl') ?? GPF_DL_NS;
  const select = xpath.useNamespaces({ atom: ATOM_NS, gpf: gpfNs });
  const paging = readPaging(feed, gpfNs, select);
  return {
    ...paging,
    title: text(select, 'atom:title', feed),
    updated: text(select, 'atom:updated', feed),
    entries: elements(select, 'atom:entry', feed).map((entry) => readEntry(entry, gpfNs, select)),
  };
}

type Select = xpath.XPathSelect;
// xmldom's DOM and the lib.dom types xpath declares differ only nominally.
type XmlElement = ReturnType<DOMParser['parseFromString']>['documentElement'] & object;

// Private: parses the text, refuses DTDs (entity expansion has no place in a feed) and checks the root.
function parseRootFeed(xml: string): XmlElement {
  // Before any parsing: a DTD could declare entities that expand to gigabytes.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AtomParseError('the upstream body declares a DTD or entities, which a feed never does');
  let document;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (error) {
    throw new AtomParseError('the upstream body is not well-formed XML', error);
  }
  if (document.doctype) throw new AtomParseError('the upstream body declares a DOCTYPE, which a feed never does');
  const root = document.documentElement;
  if (!root || root.localName !== 'feed' || root.namespaceURI !== ATOM_NS) {
    throw new AtomParseError(`expected an Atom <feed> root element, got <${root?.tagName ?? 'nothing'}>`);
  }
  return root;
}

// Private: the four paging attributes, by namespace, then by local name on any prefix (defensive).
function readPaging(feed: XmlElement, gpfNs: string, select: Select): Omit<FeedPage<unknown>, 'title' | 'updated' | 'entries'> {
  const read = (name: string): number | null => {
    const raw = attributeNS(feed, gpfNs, name) ?? attributeByLocalName(feed, name) ?? text(select, `gpf:${name}`, feed);
    if (raw === null || !/^\d+$/.test(raw.trim())) return null;
    return Number(raw.trim());
  };
  const totalEntries = read('totalentries');
  if (totalEntries === null) throw new AtomParseError('the upstream feed has no gpf_dl:totalentries attribute');
  const pageSize = read('pagesize');
  return {
    page: read('page') ?? 1,
    pageSize: pageSize ?? 0,
    pageCount: read('pagecount') ?? (pageSize ? Math.ceil(totalEntries / pageSize) : 0),
    totalEntries,
  };
}

// Private: one entry, every field read by explicit selection (zero, one or many as the format says).
function readEntry(entry: XmlElement, gpfNs: string, select: Select): AtomEntry {
  return {
    title: text(select, 'atom:title', entry),
    id: text(select, 'atom:id', entry),
    links: elements(select, 'atom:link', entry).flatMap((link) => readLink(link, gpfNs)),
    updated: text(select, 'atom:updated', entry),
    content: text(select, 'atom:content', entry),
    zones: terms(select, 'gpf:zone', entry),
    formats: terms(select, 'gpf:format', entry),
    categories: terms(select, 'atom:category', entry),
    editionDate: text(select, 'gpf:editionDate', entry),
    mimeTypes: elements(select, 'gpf:mime_type', entry).flatMap((node) => nonEmpty(node.textContent) ?? []),
  };
}

// Private: a link without href is useless and dropped; `length` is namespaced, a bare one is accepted too.
function readLink(link: XmlElement, gpfNs: string): AtomLink[] {
  const href = nonEmpty(link.getAttribute('href'));
  if (href === null) return [];
  return [
    {
      href,
      rel: nonEmpty(link.getAttribute('rel')) ?? 'alternate',
      type: nonEmpty(link.getAttribute('type')),
      length: attributeNS(link, gpfNs, 'length') ?? nonEmpty(link.getAttribute('length')),
    },
  ];
}

function terms(select: Select, expression: string, context: XmlElement): Term[] {
  return elements(select, expression, context).flatMap((node) => {
    const code = nonEmpty(node.getAttribute('term'));
    return code === null ? [] : [{ code, label: nonEmpty(node.getAttribute('label')) }];
  });
}

function elements(select: Select, expression: string, context: XmlElement): XmlElement[] {
  return select(expression, context as never) as unknown as XmlElement[];
}

function text(select: Select, expression: string, context: XmlElement): string | null {
  const node = elements(select, expression, context)[0];
  return node ? nonEmpty(node.textContent) : null;
}

function attributeNS(element: XmlElement, namespace: string, name: string): string | null {
  return element.hasAttributeNS(namespace, name) ? nonEmpty(element.getAttributeNS(namespace, name)) : null;
}

function attributeByLocalName(element: XmlElement, name: string): string | null {
  const attributes = element.attributes;
  for (let index = 0; index < attributes.length; index += 1) {
    const attribute = attributes.item(index);
    if (attribute && attribute.localName === name) return nonEmpty(attribute.value);
  }
  return null;
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
