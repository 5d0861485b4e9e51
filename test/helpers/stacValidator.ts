import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireStacTool } from './stacTools';

/** The oldest Node.js stac-node-validator supports: its package's `engines` (>=22.12.0), which the tests follow. */
const VALIDATOR_NODE = { major: 22, minor: 12 };

/**
 * Why stac-node-validator cannot run on this Node.js, or null when it can. Tests use it to skip, with the reason in
 * their name, on the Node 20 leg of CI, and to run on the others.
 */
export function stacValidatorUnavailable(version: string = process.versions.node): string | null {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > VALIDATOR_NODE.major || (major === VALIDATOR_NODE.major && minor >= VALIDATOR_NODE.minor)) return null;
  return `stac-node-validator needs Node.js ${VALIDATOR_NODE.major}.${VALIDATOR_NODE.minor}+, this is ${version}`;
}

/**
 * The JSON Schemas the validator reads, in folders named after their URLs (`https://host/path` is
 * `<dir>/host/path`): `STAC_SCHEMAS_DIR`, or `test/fixtures/stac-schemas` (see the README there).
 */
export function stacSchemasDir(): string {
  return process.env.STAC_SCHEMAS_DIR || join(__dirname, '..', 'fixtures', 'stac-schemas');
}

/**
 * Why the validator has no schemas to read, or null when they are there: the schema files are third-party data
 * that reach this repository only through the team's shared folder (see test/fixtures/stac-schemas/README.md).
 */
export function stacSchemasMissing(dir: string = stacSchemasDir()): string | null {
  const item = join(dir, 'schemas.stacspec.org', 'v1.1.0', 'item-spec', 'json-schema', 'item.json');
  return existsSync(item) ? null : `the STAC JSON schemas are not in ${dir} (set STAC_SCHEMAS_DIR; see test/fixtures/stac-schemas/README.md)`;
}

/** The outcome of validating one STAC object (or an ItemCollection or collections list, member by member). */
export interface StacValidation {
  valid: boolean;
  /** One line per problem: the schema (`core` or an extension's URL), the JSON pointer, ajv's message. */
  errors: string[];
}

export interface StacValidator {
  /** Validates a parsed STAC Catalog, Collection, Item, ItemCollection or `{collections: […]}` against the schemas. */
  validate(stac: unknown): Promise<StacValidation>;
}

/** What stac-node-validator 2 returns (its `Report`), as far as we read it. */
interface Report {
  id: string | null;
  type: string | null;
  valid: boolean | null;
  skipped: boolean;
  messages: string[];
  children: Report[];
  results: { core: AjvError[]; extensions: Record<string, AjvError[]>; custom: AjvError[] };
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Validate = (data: unknown, config: Record<string, unknown>) => Promise<Report>;

/**
 * stac-node-validator (installed by scripts/buildStacTools.sh) with a loader that reads every schema from
 * `schemasDir` and never from the network: a schema that is not there is an error naming the file it looked for.
 */
export function createStacValidator(schemasDir: string = stacSchemasDir()): StacValidator {
  const unavailable = stacValidatorUnavailable();
  if (unavailable) throw new Error(unavailable);
  const validate = requireStacTool<Validate>('stac-node-validator');
  const schemas = new Map<string, unknown>();
  const loader = async (uri: string): Promise<unknown> => {
    const file = schemaFile(schemasDir, uri);
    if (!file) throw new Error(`expected an http(s) URL of a schema, got ${uri}`);
    if (!existsSync(file)) throw new Error(`expected the schema ${uri} in ${file}, got no file there (see test/fixtures/stac-schemas/README.md)`);
    if (!schemas.has(file)) schemas.set(file, JSON.parse(readFileSync(file, 'utf8')));
    // The validator sets `$id` on what it is given: hand out a copy.
    return structuredClone(schemas.get(file));
  };
  return {
    async validate(stac) {
      const missing: string[] = [];
      const report = await validate(stac, {
        loader: async (uri: string) => {
          try {
            return await loader(uri);
          } catch (error) {
            // The validator replaces a loader's message with its own ("Schema at … not found"): keep ours.
            missing.push((error as Error).message);
            throw error;
          }
        },
      });
      const errors = [...missing, ...problems(report)];
      return { valid: report.valid === true && errors.length === 0, errors };
    },
  };
}

// Private: the local file for a schema's URL (its fragment dropped); anything but an http(s) URL has none.
function schemaFile(dir: string, uri: string): string | undefined {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') return undefined;
  return join(dir, url.host, url.pathname);
}

// Private: every problem of a report and its children, one line each; a skipped object is a problem too, since
// nothing was checked.
function problems(report: Report, prefix = ''): string[] {
  const at = prefix || (report.id ? `${report.id}: ` : '');
  const lines: string[] = [];
  if (report.skipped) lines.push(`${at}not validated: ${report.messages.join('; ')}`);
  const groups: [string, AjvError[]][] = [['core', report.results.core], ...Object.entries(report.results.extensions), ['custom', report.results.custom]];
  for (const [schema, errors] of groups) {
    for (const error of errors) {
      const params = error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
      lines.push(`${at}${schema} ${error.instancePath || '/'} ${error.message ?? 'invalid'}${params}`);
    }
  }
  for (const child of report.children) lines.push(...problems(child, `${at}${child.id ?? '?'}: `));
  return lines;
}
