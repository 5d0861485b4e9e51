import { Kind, parse } from 'graphql';
import type { DocumentNode, SelectionSetNode } from 'graphql';

/**
 * Longest chain of fragment spreads accepted (an operation spreading F1, which spreads F2, … is a chain of
 * the number of fragments followed). Relay-style clients nest a few dozen at most; graphql-js's own validation
 * (`OverlappingFieldsCanBeMergedRule`, `NoFragmentCyclesRule`) and our measures recurse once per level, and a
 * chain of thousands overflows the stack: those documents are refused before validation.
 */
export const MAX_FRAGMENT_NESTING = 100;

/**
 * What is wrong with the document's fragment spreads, or null: a cycle of spreads (which validation would
 * refuse, but a long one overflows the validator's stack first), or a chain longer than `MAX_FRAGMENT_NESTING`.
 * Iterative (an explicit stack per selection tree, Kahn's order over the fragments), so any document the
 * parser accepted is measured without recursion. Spreads of fragments the document lacks are left to validation.
 */
export function fragmentSpreadProblem(document: DocumentNode): string | null {
  const spreads = new Map<string, string[]>();
  const roots: string[][] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) spreads.set(definition.name.value, spreadsIn(definition.selectionSet));
    else if (definition.kind === Kind.OPERATION_DEFINITION) roots.push(spreadsIn(definition.selectionSet));
  }
  // Kahn's order: a fragment is settled once every fragment it spreads is; its chain is one more than theirs.
  const chain = new Map<string, number>();
  const pending = new Map<string, number>();
  const spreadBy = new Map<string, string[]>();
  const ready: string[] = [];
  for (const [name, targets] of spreads) {
    const known = [...new Set(targets)].filter((target) => spreads.has(target));
    pending.set(name, known.length);
    for (const target of known) {
      const parents = spreadBy.get(target);
      if (parents) parents.push(name);
      else spreadBy.set(target, [name]);
    }
    if (known.length === 0) ready.push(name);
  }
  while (ready.length > 0) {
    const name = ready.pop() as string;
    let below = 0;
    for (const target of spreads.get(name) ?? []) below = Math.max(below, chain.get(target) ?? 0);
    chain.set(name, 1 + below);
    for (const parent of spreadBy.get(name) ?? []) {
      const left = (pending.get(parent) as number) - 1;
      pending.set(parent, left);
      if (left === 0) ready.push(parent);
    }
  }
  const inCycles = [...spreads.keys()].filter((name) => !chain.has(name));
  if (inCycles.length > 0) {
    const shown = inCycles.slice(0, 5).join(', ') + (inCycles.length > 5 ? `, … (${inCycles.length} fragments)` : '');
    return `Fragments must not spread themselves, directly or through others: ${shown} take part in a cycle of spreads.`;
  }
  let longest = 0;
  for (const root of roots) for (const name of root) longest = Math.max(longest, chain.get(name) ?? 0);
  for (const length of chain.values()) longest = Math.max(longest, length);
  if (longest > MAX_FRAGMENT_NESTING) {
    return `Fragments may be nested at most ${MAX_FRAGMENT_NESTING} deep (a fragment spreading a fragment spreading …); this document nests ${longest}.`;
  }
  return null;
}

/**
 * `fragmentSpreadProblem` for a query text, cheaply: a text with at most `MAX_FRAGMENT_NESTING` spreads (`...`)
 * can neither chain more fragments nor hold a cycle long enough to hurt, so it is not parsed here. Null also
 * for a text that does not parse (Apollo answers its syntax error).
 */
export function sourceFragmentProblem(source: string): string | null {
  let spreads = 0;
  for (let index = source.indexOf('...'); index >= 0 && spreads <= MAX_FRAGMENT_NESTING; index = source.indexOf('...', index + 3)) spreads += 1;
  if (spreads <= MAX_FRAGMENT_NESTING) return null;
  let document: DocumentNode;
  try {
    document = parse(source, { noLocation: true });
  } catch {
    return null;
  }
  return fragmentSpreadProblem(document);
}

// Private: the names of the fragments spread anywhere in the selection tree, walked with an explicit stack.
function spreadsIn(root: SelectionSetNode): string[] {
  const names: string[] = [];
  const stack: SelectionSetNode[] = [root];
  while (stack.length > 0) {
    const selectionSet = stack.pop() as SelectionSetNode;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) names.push(selection.name.value);
      else if (selection.selectionSet) stack.push(selection.selectionSet);
    }
  }
  return names;
}
