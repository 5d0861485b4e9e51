import type { ProbeContext } from './ProbeContext';

/** What one check concluded. */
export type CheckResult =
  /** The upstream behaves as assumed. */
  | 'pass'
  /** The upstream does something else: the assumption (and FORMAT.md, maybe the code) needs a second look. */
  | 'deviates'
  /** No request could settle it (nothing suitable found, an answer that says nothing, the run stopped). */
  | 'could-not-tell';

/** One request behind a conclusion, as the report shows it. */
export interface Evidence {
  /** `GET resource/BDTOPO?limit=50&page=1&zone=D075`, with a `Range` when one was sent. */
  request: string;
  status: number;
  /** The response headers that matter (content type, ranges, validators, location…). */
  headers: Record<string, string>;
  /** The start of the body: text, or `hex:` bytes for binary data; absent when no body was read. */
  firstBytes?: string;
}

/** A check's conclusion: the result, one line saying what it saw, and the requests behind it. */
export interface CheckOutcome {
  result: CheckResult;
  saw: string;
  evidence: Evidence[];
}

/** One assumption about the upstream and how to test it. */
export interface Check {
  /** Stable id, kebab-case: `edition-order`. */
  id: string;
  /** The assumption, as a sentence that is true when the check passes. */
  assumption: string;
  /** Its grade in FORMAT.md (A…U): what the project knew before this run. */
  grade: string;
  /** What it sends (requests shared with other checks are sent once). */
  sends: string;
  /** Runs the check; throws only `ProbeStopped` (the runner turns that into "could not tell"). */
  run(context: ProbeContext): Promise<CheckOutcome>;
}
