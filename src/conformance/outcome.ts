import type { CheckOutcome, CheckResult, Evidence } from './Check';
import { evidenceOf } from './evidence';
import type { Exchange, Listing } from './ProbeSession';

/** An outcome whose evidence is these exchanges (or listings), in order, nulls skipped. */
export function outcome(result: CheckResult, saw: string, sources: ReadonlyArray<Exchange | Listing | null | undefined>): CheckOutcome {
  const evidence: Evidence[] = [];
  for (const source of sources) if (source) evidence.push(evidenceOf('exchange' in source ? source.exchange : source));
  return { result, saw, evidence };
}
