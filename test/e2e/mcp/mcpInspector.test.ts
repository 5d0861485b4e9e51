import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalogue, findResource } from '../../fakeUpstream/catalogue';
import { mcpInspector } from '../../helpers/mcpInspector';
import { subgraphForSuite } from '../../helpers/startSubgraph';

const inspector = mcpInspector();
const catalogue = buildCatalogue();

/** Runs the Inspector's command line with this process's Node; its exit code and output. */
function runInspector(bin: string, args: readonly string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '--cli', ...args],
      // Its catalogue of servers lives in a folder of the test's own, never the user's.
      { env: { ...process.env, HOME: home, MCP_CATALOG_PATH: join(home, 'mcp.json') }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code:
            error ?
              typeof error.code === 'number' ?
                error.code
              : 1
            : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const describeWithInspector = 'bin' in inspector ? describe : describe.skip;
const reason = 'missing' in inspector ? ` (skipped: ${inspector.missing})` : '';

describeWithInspector(`the MCP Inspector's command line against /mcp${reason}`, () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50, fake: { catalogue } });
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'mcp-inspector-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const bin = 'bin' in inspector ? inspector.bin : '';
  const url = () => `http://127.0.0.1:${subgraph.server.port}/mcp`;

  it('tools/list exits 0 and lists the six tools', async () => {
    const run = await runInspector(bin, [url(), '--transport', 'http', '--method', 'tools/list'], home);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const names = (JSON.parse(run.stdout) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name);
    expect(names).toEqual(['find_products', 'latest_edition', 'editions_at', 'edition_files', 'download_plan', 'changes_since']);
  }, 120_000);

  it('tools/call of edition_files exits 0 with the edition’s files', async () => {
    const edition = findResource(catalogue, 'BDTOPO')!.editions[0]!;
    const run = await runInspector(
      bin,
      [url(), '--transport', 'http', '--method', 'tools/call', '--tool-name', 'edition_files', '--tool-arg', 'product=BDTOPO', `edition=${edition.name}`],
      home,
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as { isError?: boolean; structuredContent: { files: Array<{ name: string }> } };
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent.files.map((file) => file.name).sort()).toEqual(edition.files.map((file) => file.name).sort());
  }, 120_000);
});
