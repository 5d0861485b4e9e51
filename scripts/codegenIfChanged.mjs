// Runs GraphQL Code Generator (as `npm run codegen`) only when codegen.yml or schema/*.graphql changed since the
// last run of this script, or when its output is missing: `npm start` and the tool scripts call it before
// compiling, so a restart does not pay for codegen. The stamp is a hash of those inputs, kept in dist/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.codegen-inputs.sha256');
const OUTPUT = join(root, 'src', 'graphql', '__generated__', 'resolvers-types.ts');

// Private: a hash of everything codegen reads.
function inputsHash() {
  const hash = createHash('sha256');
  const files = [
    'codegen.yml',
    ...readdirSync(join(root, 'schema'))
      .filter((name) => name.endsWith('.graphql'))
      .sort()
      .map((name) => join('schema', name)),
  ];
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

const current = inputsHash();
const previous = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
if (previous !== current || !existsSync(OUTPUT)) {
  process.chdir(root);
  const { generate, loadCodegenConfig } = await import('@graphql-codegen/cli');
  const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
  await generate({ ...config, cwd: root, silent: true }, true);
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${current}\n`);
  console.log(`Generated ${OUTPUT.slice(root.length + 1)} from the SDL.`);
}
