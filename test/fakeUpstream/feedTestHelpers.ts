import { DOMParser, onWarningStopParsing } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { ATOM_NS, GPF_DL_NS } from './atomFeed';

/** XPath over Atom (`a:`) and gpf_dl (`gpf_dl:`) by namespace URI, whatever prefixes the document uses. */
export const select = xpath.useNamespaces({ a: ATOM_NS, gpf_dl: GPF_DL_NS });

/** Parses strictly (any warning fails) with a namespace-aware parser; returns the document as a DOM node. */
export function parseXml(xml: string): Node {
  const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'application/xml');
  return doc as unknown as Node;
}

/** The nodes `expr` selects from `node` (an error if it selects a non-node value). */
export function nodes(expr: string, node: Node): Node[] {
  const result = select(expr, node);
  if (!xpath.isArrayOfNodes(result)) throw new TypeError(`expected nodes from ${expr}, got ${typeof result}`);
  return result;
}

/** The elements `expr` selects. */
export function elements(expr: string, node: Node): Element[] {
  return nodes(expr, node).filter((n): n is Element => xpath.isElement(n));
}

/** The string values of what `expr` selects (text of elements, values of attributes). */
export function strings(expr: string, node: Node): string[] {
  return nodes(expr, node).map((n) => n.textContent ?? '');
}

/** The string value of `expr` (XPath `string()`), '' when it selects nothing. */
export function str(expr: string, node: Node): string {
  const value = select(`string(${expr})`, node);
  return typeof value === 'string' ? value : '';
}

/** The four paging attributes of `<feed>`, read by namespace. */
export interface FeedPagingAttrs {
  page: string;
  pagesize: string;
  pagecount: string;
  totalentries: string;
}

/** Reads the namespaced paging attributes of the root `<feed>`. */
export function pagingOf(doc: Node): FeedPagingAttrs {
  return {
    page: str('/a:feed/@gpf_dl:page', doc),
    pagesize: str('/a:feed/@gpf_dl:pagesize', doc),
    pagecount: str('/a:feed/@gpf_dl:pagecount', doc),
    totalentries: str('/a:feed/@gpf_dl:totalentries', doc),
  };
}

/** The `<entry>` elements of a feed. */
export function entriesOf(doc: Node): Element[] {
  return elements('/a:feed/a:entry', doc);
}

/** The `<title>` of each entry, in document order. */
export function entryTitles(doc: Node): string[] {
  return strings('/a:feed/a:entry/a:title', doc);
}

/** The `<id>` of each entry, in document order. */
export function entryIds(doc: Node): string[] {
  return strings('/a:feed/a:entry/a:id', doc);
}
