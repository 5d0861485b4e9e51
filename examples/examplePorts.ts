import { readPort } from '../src/server/config';

/** The ports of an example's gateway and subgraphs. */
export interface ExamplePorts {
  gateway: number;
  geopf: number;
  departements: number;
}

/**
 * Reads GATEWAY_PORT (default 4000), GEOPF_PORT and DEPARTEMENTS_PORT (default the gateway's + 1 and + 2, so that
 * one variable moves the whole example; 0 when the gateway's is 0, i.e. free ports). Throws on a bad value.
 */
export function examplePorts(env: Readonly<Record<string, string | undefined>>): ExamplePorts {
  const gateway = readPort(env, 'GATEWAY_PORT', 4000);
  const next = (offset: number) => (gateway === 0 ? 0 : Math.min(gateway + offset, 65535));
  return { gateway, geopf: readPort(env, 'GEOPF_PORT', next(1)), departements: readPort(env, 'DEPARTEMENTS_PORT', next(2)) };
}
