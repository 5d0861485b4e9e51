import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import of a file of `src/` by another, as paths relative to `src/` (`upstream/client/GeopfClient.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
  /** True when every name imported is a type (`import type`, `export type`): gone once compiled. */
  typeOnly: boolean;
}

/** Every relative import between the TypeScript files under `root`, resolved to files. */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of typeScriptFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
    for (const statement of source.statements) {
      const specifier = moduleSpecifier(statement);
      if (!specifier || !specifier.text.startsWith('.')) continue;
      const target = resolveFile(resolve(dirname(file), specifier.text));
      if (target) edges.push({ from: relative(root, file), to: relative(root, target), typeOnly: isTypeOnly(statement) });
    }
  }
  return edges;
}

/** The strongly connected components of more than one node of a directed graph (Tarjan's algorithm). */
export function cycles(nodes: Iterable<string>, successors: (node: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of successors(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found;
}

// Private: every .ts file under a folder.
function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// Private: the module an import or re-export statement names.
function moduleSpecifier(statement: ts.Statement): ts.StringLiteral | null {
  if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
    return statement.moduleSpecifier;
  }
  return null;
}

// Private: true when the statement brings in types only.
function isTypeOnly(statement: ts.Statement): boolean {
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly;
  if (!ts.isImportDeclaration(statement)) return false;
  const clause = statement.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

// Private: the file an extensionless specifier resolves to, as Node16 resolution does for our sources.
function resolveFile(base: string): string | null {
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  return null;
}
