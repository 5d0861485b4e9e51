// Fails (exit 1) when the committed codegen output differs from what codegen.yml makes of schema/*.graphql.
// Usage: node scripts/checkGeneratedTypes.mjs [schema-glob]   (the glob overrides codegen.yml's, for tests)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
const schemaOverride = process.argv[2];
const outputs = await generate({ ...config, ...(schemaOverride ? { schema: [schemaOverride] } : {}), cwd: root, silent: true }, false);
const drifted = outputs.filter((output) => {
  try {
    return readFileSync(join(root, output.filename), 'utf8') !== output.content;
  } catch {
    return true;
  }
});
if (drifted.length > 0) {
  console.error(
    `Generated types are out of date with the SDL: ${drifted.map((output) => output.filename).join(', ')}. Run \`npm run codegen\` and commit the result.`,
  );
  process.exit(1);
}
console.log(`Generated types match the SDL (${outputs.map((output) => output.filename).join(', ')}).`);
