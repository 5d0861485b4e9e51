import { readConfig } from '../../src/server/config';
import { createJsonLogger } from '../../src/core/logger';
import { FakeGeopfServer } from '../../test/fakeUpstream/FakeGeopfServer';
import { examplePorts } from '../examplePorts';
import { stopOnSignals } from '../stopOnSignals';
import { startSupergraph } from './startSupergraph';

/**
 * `npm run supergraph`: the geopf subgraph and an example territory subgraph composed behind
 * `@apollo/gateway`. Against the offline fake upstream by default; `-- --real` (or GEOPF_BASE_URL) uses the
 * real Géoplateforme. Ports: GATEWAY_PORT (4000), GEOPF_PORT (GATEWAY_PORT + 1), DEPARTEMENTS_PORT
 * (GATEWAY_PORT + 2). The subgraph's other settings (GEOPF_RATE_LIMIT…) are read as `npm start` reads them.
 */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const ports = examplePorts(process.env);
  const useReal = process.argv.includes('--real') || process.env['GEOPF_BASE_URL'] !== undefined;
  const fake = useReal ? null : new FakeGeopfServer({ ratePerSecond: 10 });
  const upstreamBaseUrl = fake ? await fake.start() : config.baseUrl;
  const supergraph = await startSupergraph({
    upstreamBaseUrl,
    config,
    gatewayPort: ports.gateway,
    geopfPort: ports.geopf,
    departementsPort: ports.departements,
    logger: createJsonLogger(),
  }).catch(async (error: unknown) => {
    await fake?.stop();
    throw error;
  });
  stopOnSignals(async () => {
    await supergraph.stop();
    await fake?.stop();
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
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
