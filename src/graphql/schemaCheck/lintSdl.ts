import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode, type StringValueNode } from 'graphql';
import { schemaDirectory } from '../schema';

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const UPPER_CASE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/**
 * What a registry's linter would say of one SDL file, one finding per line, each naming the file and the
 * element (`schema/File.graphql: File.size: no description`): every type, field and argument has a
 * description (a type extended with `extend type` is described where it is defined); types are PascalCase,
 * fields and arguments camelCase, enum values UPPER_CASE.
 */
export function lintSdl(file: string, sdl: string): string[] {
  const findings: string[] = [];
  const report = (element: string, problem: string) => findings.push(`${file}: ${element}: ${problem}`);
  for (const definition of parse(sdl).definitions) {
    const type = typeParts(definition);
    if (!type) continue;
    if (!PASCAL_CASE.test(type.name)) report(type.name, 'type names are PascalCase');
    if (!type.extension && !hasText(type.description)) report(type.name, 'no description');
    for (const field of type.fields) {
      const element = `${type.name}.${field.name.value}`;
      if (!CAMEL_CASE.test(field.name.value)) report(element, 'field names are camelCase');
      if (!hasText(field.description)) report(element, 'no description');
      for (const argument of 'arguments' in field ? (field.arguments ?? []) : []) {
        const argumentElement = `${element}(${argument.name.value})`;
        if (!CAMEL_CASE.test(argument.name.value)) report(argumentElement, 'argument names are camelCase');
        if (!hasText(argument.description)) report(argumentElement, 'no description');
      }
    }
    for (const value of type.values) {
      if (!UPPER_CASE.test(value)) report(`${type.name}.${value}`, 'enum values are UPPER_CASE');
    }
  }
  return findings;
}

/** The findings of every `*.graphql` file of the schema directory, file by file in name order. */
export function lintSchemaDirectory(directory: string = schemaDirectory()): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .flatMap((name) => lintSdl(`schema/${name}`, readFileSync(join(directory, name), 'utf8')));
}

interface TypeParts {
  name: string;
  extension: boolean;
  description: StringValueNode | undefined;
  fields: ReadonlyArray<FieldDefinitionNode | InputValueDefinitionNode>;
  values: string[];
}

// Private: the parts of a type definition or extension the rules look at; null for anything else (directives, schema).
function typeParts(definition: DefinitionNode): TypeParts | null {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
    case Kind.ENUM_TYPE_EXTENSION:
    case Kind.UNION_TYPE_EXTENSION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return {
        name: definition.name.value,
        extension: definition.kind.endsWith('Extension'),
        description: 'description' in definition ? definition.description : undefined,
        fields: 'fields' in definition ? (definition.fields ?? []) : [],
        values: 'values' in definition ? (definition.values ?? []).map((value) => value.name.value) : [],
      };
    default:
      return null;
  }
}

function hasText(description: StringValueNode | undefined): boolean {
  return (description?.value.trim() ?? '') !== '';
}
