import { DEFAULT_BASE_URL } from '../../src/config';
import { createJsonLogger } from '../../src/logger';
import { FakeGeopfServer } from '../../test/fakeUpstream/FakeGeopfServer';
import { startSupergraph } from './startSupergraph';

/**
 * `npm run supergraph`: the geopf subgraph and an example territory subgraph composed behind
 * `@apollo/gateway`. Against the offline fake upstream by default; `-- --real` (or GEOPF_BASE_URL) uses the
 * real Géoplateforme. Ports: GATEWAY_PORT (4000), GEOPF_PORT (4001), DEPARTEMENTS_PORT (4002).
 */
async function main(): Promise<void> {
  const useReal = process.argv.includes('--real') || Boolean(process.env['GEOPF_BASE_URL']);
  const fake = useReal ? null : new FakeGeopfServer({ ratePerSecond: 10 });
  const upstreamBaseUrl = fake ? await fake.start() : (process.env['GEOPF_BASE_URL'] ?? DEFAULT_BASE_URL);
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const supergraph = await startSupergraph({
    upstreamBaseUrl,
    gatewayPort: port('GATEWAY_PORT', 4000),
    geopfPort: port('GEOPF_PORT', 4001),
    departementsPort: port('DEPARTEMENTS_PORT', 4002),
    logger: createJsonLogger(),
  });
  process.stdout.write(
    [
      `Supergraph gateway:       ${supergraph.gatewayUrl}`,
      `  geopf subgraph:         ${supergraph.geopfUrl} (upstream: ${fake ? `offline fake at ${upstreamBaseUrl}` : upstreamBaseUrl})`,
      `  departements subgraph:  ${supergraph.departementsUrl}`,
      '',
      'Try a query that crosses both subgraphs:',
      `  curl -s ${supergraph.gatewayUrl} -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ departement(number: \\"75\\") { name zone { code label resources(first: 3) { totalCount nodes { name title } } } } }"}'`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void supergraph
      .stop()
      .then(() => fake?.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
