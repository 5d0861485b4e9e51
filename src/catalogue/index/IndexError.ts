import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/** An index-backed field cannot answer: not ready yet (`INDEX_NOT_READY`) or store unreachable (`INDEX_UNAVAILABLE`). */
export class IndexError extends GraphQLError {
  constructor(code: typeof ErrorCode.INDEX_NOT_READY | typeof ErrorCode.INDEX_UNAVAILABLE, message: string, details?: { storeCorrupt: boolean }) {
    super(message, { extensions: { code, ...details } });
    this.name = 'IndexError';
  }
}

/** The edition is no longer listed upstream, so its files are gone (`EDITION_WITHDRAWN`). */
export class EditionWithdrawnError extends GraphQLError {
  constructor(resourceName: string, name: string, withdrawnAt: string) {
    super(`The edition ${name} of ${resourceName} was withdrawn upstream (no longer listed since ${withdrawnAt}): its files cannot be listed.`, {
      extensions: { code: ErrorCode.EDITION_WITHDRAWN, withdrawnAt },
    });
    this.name = 'EditionWithdrawnError';
  }
}
