import { GraphQLError } from 'graphql';
import { ErrorCode } from '../core/errors';

/** Default of `GEOPF_ARCHIVE_MAX_ANSWER_BYTES`: what one operation's tables of contents and checksum lines answer at most. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * What one operation may answer in long lists read from files (archive entries, checksum lines), in bytes of
 * JSON, estimated: every list answered counts, the same one under each alias or representation that asks for it
 * again. A list that would pass the budget fails on its field (`QUERY_TOO_EXPENSIVE`, `limit: 'answerBytes'`),
 * the others still answer. One per operation.
 */
export class AnswerBudget {
  private spent = 0;

  constructor(readonly maxBytes: number = DEFAULT_MAX_ANSWER_BYTES) {}

  /** Bytes answered so far. */
  get spentBytes(): number {
    return this.spent;
  }

  /** Counts `bytes` for `what` (e.g. "the entries of this table of contents"); throws when they do not fit. */
  spend(bytes: number, what: string): void {
    if (this.spent + bytes > this.maxBytes) {
      const alone = bytes > this.maxBytes;
      throw new GraphQLError(
        alone ?
          `${capitalized(what)} would answer about ${bytes} bytes, more than the ${this.maxBytes} an operation may (GEOPF_ARCHIVE_MAX_ANSWER_BYTES); ask for its count only.`
        : `${capitalized(what)} would bring this operation's answer past ${this.maxBytes} bytes of long lists (GEOPF_ARCHIVE_MAX_ANSWER_BYTES): ask for it in an operation of its own, once.`,
        { extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, limit: 'answerBytes', answerBytes: this.spent + bytes, maxAnswerBytes: this.maxBytes } },
      );
    }
    this.spent += bytes;
  }
}

/** The JSON bytes `strings` take at most in an answer, each with `perItem` more for its other fields. */
export function listAnswerBytes(strings: readonly string[], perItem: number): number {
  let total = 2;
  for (const value of strings) total += Buffer.byteLength(value) + perItem;
  return total;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
