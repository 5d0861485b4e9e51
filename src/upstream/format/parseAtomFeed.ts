import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { ATOM_NS, GPF_DL_NS } from './atomNamespaces';
import { checkXmlShape } from './checkXmlShape';
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
  const select: Select = (prefix, localName, context) => childElements(context, prefix === 'atom' ? ATOM_NS : gpfNs, localName);
  const paging = readPaging(feed, gpfNs, select);
  return {
    ...paging,
    title: text(select, 'atom:title', feed),
    updated: text(select, 'atom:updated', feed),
    entries: elements(select, 'atom:entry', feed).map((entry) => readEntry(entry, gpfNs, select)),
  };
}

type XmlElement = ReturnType<DOMParser['parseFromString']>['documentElement'] & object;
/** The child elements of `context` of one name, in the Atom namespace (`atom`) or the document's `gpf_dl` one. */
type Select = (prefix: 'atom' | 'gpf', localName: string, context: XmlElement) => XmlElement[];

// Private: the child elements of `context` in `namespace` named `localName`, in document order. A walk of
// the children: XPath selections took seconds (superlinear) on a few thousand entries.
function childElements(context: XmlElement, namespace: string, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let child = context.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE && (child as XmlElement).namespaceURI === namespace && (child as XmlElement).localName === localName)
      found.push(child as XmlElement);
  }
  return found;
}

const ELEMENT_NODE = 1;

// Private: parses the text, refuses DTDs (entity expansion has no place in a feed) and bodies deeper or
// larger in elements and attributes than a feed (`checkXmlShape`), and checks the root.
function parseRootFeed(xml: string): XmlElement {
  // Before any parsing: a DTD could declare entities that expand to gigabytes.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AtomParseError('the upstream body declares a DTD or entities, which a feed never does');
  // Before any parsing too: a DOM of deep nesting or myriad attributes takes seconds and gigabytes to build.
  const overLimit = checkXmlShape(xml);
  if (overLimit !== null) throw new AtomParseError(`the upstream body has ${overLimit}, which a feed never has`);
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

function terms(select: Select, expression: `${'atom' | 'gpf'}:${string}`, context: XmlElement): Term[] {
  return elements(select, expression, context).flatMap((node) => {
    const code = nonEmpty(node.getAttribute('term'));
    return code === null ? [] : [{ code, label: nonEmpty(node.getAttribute('label')) }];
  });
}

// Private: `prefix:localName` children of `context`.
function elements(select: Select, expression: `${'atom' | 'gpf'}:${string}`, context: XmlElement): XmlElement[] {
  const [prefix, localName] = expression.split(':') as ['atom' | 'gpf', string];
  return select(prefix, localName, context);
}

function text(select: Select, expression: `${'atom' | 'gpf'}:${string}`, context: XmlElement): string | null {
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
