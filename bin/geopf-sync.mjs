#!/usr/bin/env node
// `geopf-sync`, the package's command: runs src/mirror/main.ts through tsx, as `npm run sync --` does.
import 'tsx';

await import('../src/mirror/main.ts');
