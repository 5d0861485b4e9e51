/** Bounds on the shape of an upstream XML body, checked before any DOM is built. */
export interface XmlShapeLimits {
  /** Deepest element nesting. A feed is 3 deep (`feed > entry > link`). Default 32. */
  maxDepth: number;
  /**
   * Elements in the document. A page of 50 entries has 100 to 1,000 (a product lists every zone it covers,
   * so a capabilities page may reach a few thousand). Default 10,000.
   */
  maxElements: number;
  /** Attributes in the document, namespace declarations included (a zone element has 2). Default 30,000. */
  maxAttributes: number;
  /** Attributes on one element. A `<link>` has 4. Default 64. */
  maxAttributesPerElement: number;
  /** `xmlns` and `xmlns:*` declarations in the document. A feed has 3 to 5. Default 100. */
  maxNamespaceDeclarations: number;
}

export const DEFAULT_XML_SHAPE_LIMITS: XmlShapeLimits = {
  maxDepth: 32,
  maxElements: 10_000,
  maxAttributes: 30_000,
  maxAttributesPerElement: 64,
  maxNamespaceDeclarations: 100,
};

/**
 * A fast linear scan of `xml` that counts its depth, elements, attributes and namespace declarations, and
 * returns what is over `limits` (a short phrase) as soon as something is, else null. DOM parsers take
 * seconds and gigabytes on a few megabytes of nesting, attributes or declarations, blocking the event loop
 * meanwhile; this scan stops at the first bound passed, and skips text, comments, CDATA and processing
 * instructions with `indexOf`. It is no validator: a malformed body passes it and is refused by the parser.
 */
export function checkXmlShape(xml: string, limits: XmlShapeLimits = DEFAULT_XML_SHAPE_LIMITS): string | null {
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  let namespaces = 0;
  let at = xml.indexOf('<');
  while (at !== -1) {
    const next = xml.charCodeAt(at + 1);
    let end: number;
    if (next === BANG) {
      end =
        xml.startsWith('<!--', at) ? after(xml, '-->', at + 4)
        : xml.startsWith('<![CDATA[', at) ? after(xml, ']]>', at + 9)
        : after(xml, '>', at + 2);
    } else if (next === QUESTION) {
      end = after(xml, '?>', at + 2);
    } else if (next === SLASH) {
      depth -= 1;
      end = after(xml, '>', at + 2);
    } else {
      elements += 1;
      if (elements > limits.maxElements) return `more than ${limits.maxElements} elements`;
      const tag = scanStartTag(xml, at + 1, limits.maxAttributesPerElement);
      if (tag === null) return null;
      if (tag.attributes > limits.maxAttributesPerElement) return `an element with more than ${limits.maxAttributesPerElement} attributes`;
      attributes += tag.attributes;
      namespaces += tag.namespaces;
      if (attributes > limits.maxAttributes) return `more than ${limits.maxAttributes} attributes`;
      if (namespaces > limits.maxNamespaceDeclarations) return `more than ${limits.maxNamespaceDeclarations} namespace declarations`;
      if (!tag.selfClosing) {
        depth += 1;
        if (depth > limits.maxDepth) return `elements nested more than ${limits.maxDepth} deep`;
      }
      end = tag.end;
    }
    if (end === -1) return null;
    at = xml.indexOf('<', end);
  }
  return null;
}

const BANG = 0x21;
const QUESTION = 0x3f;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const GREATER = 0x3e;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

// Private: the index just after the next `terminator` from `from`, or -1 when there is none.
function after(xml: string, terminator: string, from: number): number {
  const found = xml.indexOf(terminator, from);
  return found === -1 ? -1 : found + terminator.length;
}

// Private: one start tag from just after its `<`: its attributes (each `=` outside quotes), how many are
// namespace declarations (the name before `=` starts with `xmlns`), whether it ends with `/>`, and the
// index after its `>`; null when the text ends inside it. Stops counting past `maxAttributes`.
function scanStartTag(xml: string, from: number, maxAttributes: number): { attributes: number; namespaces: number; selfClosing: boolean; end: number } | null {
  let attributes = 0;
  let namespaces = 0;
  let quote = 0;
  let nameStart = -1;
  let afterSpace = false;
  let last = 0;
  for (let index = from; index < xml.length; index += 1) {
    const code = xml.charCodeAt(index);
    if (quote !== 0) {
      if (code === quote) quote = 0;
      continue;
    }
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      quote = code;
      last = code;
    } else if (code === GREATER) {
      return { attributes, namespaces, selfClosing: last === SLASH, end: index + 1 };
    } else if (code === EQUALS) {
      attributes += 1;
      if (attributes > maxAttributes) return { attributes, namespaces, selfClosing: false, end: index + 1 };
      if (nameStart !== -1 && xml.startsWith('xmlns', nameStart)) namespaces += 1;
      last = code;
    } else if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) {
      afterSpace = true;
    } else {
      if (afterSpace) nameStart = index;
      afterSpace = false;
      last = code;
    }
  }
  return null;
}

/**
 * A `ChunkInspector` for XML bodies: counts the bytes `<` and `=` as chunks arrive and refuses the body once
 * there are more than any document within `limits` can hold (each element needs a `<` and at most one more
 * for its end tag; each attribute one `=`; text and URLs may add some, hence the slack). A bomb is refused
 * after its first few hundred kilobytes, before the rest is read, decoded or scanned.
 */
export function xmlMarkupInspector(limits: XmlShapeLimits = DEFAULT_XML_SHAPE_LIMITS): (chunk: Uint8Array) => string | null {
  const maxOpenings = 2 * limits.maxElements + 10_000;
  const maxEquals = 2 * limits.maxAttributes + 10_000;
  let openings = 0;
  let equals = 0;
  return (chunk) => {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index];
      if (byte === 0x3c) openings += 1;
      else if (byte === EQUALS) equals += 1;
    }
    if (openings > maxOpenings) return `more than ${maxOpenings} "<", so more than ${limits.maxElements} elements`;
    if (equals > maxEquals) return `more than ${maxEquals} "=", so more than ${limits.maxAttributes} attributes`;
    return null;
  };
}
