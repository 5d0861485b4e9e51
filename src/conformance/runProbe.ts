import type { Check, CheckOutcome, CheckResult, Evidence } from './Check';
import { CHECKS } from './checks';
import { evidenceOf } from './evidence';
import { ProbeContext } from './ProbeContext';
import { ProbeSession, ProbeStopped, type ProbeSessionOptions, type StopKind } from './ProbeSession';

/** The exit status of `npm run check:upstream`. */
export const ExitCode = {
  /** Every check passed or could not tell; none deviates. */
  CONFORMING: 0,
  /** At least one check deviates. */
  DEVIATES: 1,
  /** Bad arguments or configuration (`GEOPF_BASE_URL`): nothing was sent. */
  BAD_ARGUMENTS: 2,
  /** The upstream could not be reached, refused the first request, or answered 429 (the run stopped there). */
  UNREACHABLE: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One check's line of the report. */
export interface CheckReport extends CheckOutcome {
  id: string;
  assumption: string;
  grade: string;
  sends: string;
}

/** One request of the run, as the log of the report shows it. */
export interface RequestRecord {
  /** `GET capabilities?limit=50&page=1`. */
  request: string;
  /** null when no answer came. */
  status: number | null;
}

/** What a run found, rendered as a table or as JSON. */
export interface ProbeReport {
  baseUrl: string;
  userAgent: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** Why the run stopped early, and the answer that stopped it (none when no answer came); null when it ran to the end. */
  stopped: { kind: StopKind; message: string; evidence: Evidence[] } | null;
  checks: CheckReport[];
  /** Every request sent, in order. */
  requests: RequestRecord[];
  exitCode: ExitCode;
}

export interface RunProbeOptions extends ProbeSessionOptions {
  /** Default: every check (`CHECKS`). */
  checks?: readonly Check[];
  /** Wall clock, for `startedAt`. Default `new Date()`. */
  clock?: () => Date;
}

/**
 * Runs every check against the upstream at `baseUrl`, within the session's budget and pace. Never throws: a check
 * that cannot finish reports "could not tell" with the reason. The first request (capabilities) decides whether
 * the upstream answers at all; without a usable answer, nothing else is sent.
 */
export async function runProbe(options: RunProbeOptions): Promise<ProbeReport> {
  const startedAt = (options.clock ?? (() => new Date()))().toISOString();
  const session = new ProbeSession(options);
  const context = new ProbeContext(session);
  const checks: CheckReport[] = [];
  await firstAnswer(context);
  for (const check of options.checks ?? CHECKS) {
    checks.push({ id: check.id, assumption: check.assumption, grade: check.grade, sends: check.sends, ...(await outcomeOf(check, context)) });
  }
  const last = session.exchanges[session.exchanges.length - 1];
  const stop = session.stopped && session.stopped.kind !== 'budgetSpent' ? session.stopped : null;
  // The answer that stopped the run is the last one (a 429, a refusal); a failed connection left none.
  const stopEvidence = stop && stop.kind !== 'unreachable' && last ? [evidenceOf(last)] : [];
  const stopped = stop ? { kind: stop.kind, message: stop.message, evidence: stopEvidence } : null;
  return {
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    startedAt,
    stopped,
    checks,
    requests: session.log.map(({ method, path, status }) => ({ request: `${method} ${path}`, status })),
    exitCode: stopped ? ExitCode.UNREACHABLE : exitCodeOf(checks.map((check) => check.result)),
  };
}

/** 1 when any check deviates, else 0 ("could not tell" is no deviation; the report lists those apart). */
export function exitCodeOf(results: readonly CheckResult[]): ExitCode {
  return results.includes('deviates') ? ExitCode.DEVIATES : ExitCode.CONFORMING;
}

// Private: reads capabilities first. Anything but a 200 stops the session (a 403 from the firewall, a 404 from a
// wrong base path, a 5xx): nothing else is worth sending, and every check says why it could not tell.
async function firstAnswer(context: ProbeContext): Promise<void> {
  try {
    const { exchange } = await context.capabilities();
    if (exchange.status === 200) return;
    const why = exchange.status === 403 ? ' (the firewall refuses this address or User-Agent)' : '';
    context.session.stop(
      new ProbeStopped('refused', `the first request, GET ${exchange.path}, answered HTTP ${exchange.status}${why}: is GEOPF_BASE_URL the download API?`),
    );
  } catch (error) {
    if (!(error instanceof ProbeStopped)) throw error;
  }
}

// Private: the check's outcome; a stop, or a fault of the probe itself, becomes "could not tell" saying so.
async function outcomeOf(check: Check, context: ProbeContext): Promise<CheckOutcome> {
  try {
    return await check.run(context);
  } catch (error) {
    const saw =
      error instanceof ProbeStopped ?
        `not checked: ${error.message}`
      : `not checked: the probe failed (${error instanceof Error ? error.message : String(error)})`;
    return { result: 'could-not-tell', saw, evidence: [] };
  }
}
