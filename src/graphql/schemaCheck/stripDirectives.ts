import { Kind, parse, print, visit, type ArgumentNode, type ValueNode } from 'graphql';

/**
 * The subgraph SDL without the directives `names` (e.g. `['cacheTag']`): their uses and their `@link` imports
 * removed, the federation `@link` pointed at `federationUrl` when given. For composers and gateways that refuse a
 * directive the subgraph publishes (see `federation29Sdl`, `examples/supergraph`).
 */
export function stripDirectives(typeDefs: string, names: readonly string[], federationUrl?: string): string {
  const imports = new Set(names.map((name) => `@${name}`));
  const document = visit(parse(typeDefs), {
    Directive(node) {
      if (names.includes(node.name.value)) return null;
      if (node.name.value !== 'link') return undefined;
      const arguments_ = (node.arguments ?? []).map((argument): ArgumentNode => {
        if (
          federationUrl !== undefined &&
          argument.name.value === 'url' &&
          argument.value.kind === Kind.STRING &&
          argument.value.value.startsWith('https://specs.apollo.dev/federation/')
        ) {
          return { ...argument, value: { ...argument.value, value: federationUrl, block: false } };
        }
        if (argument.name.value === 'import' && argument.value.kind === Kind.LIST) {
          const values = argument.value.values.filter((value: ValueNode) => !(value.kind === Kind.STRING && imports.has(value.value)));
          return { ...argument, value: { ...argument.value, values } };
        }
        return argument;
      });
      return { ...node, arguments: arguments_ };
    },
  });
  return print(document);
}
