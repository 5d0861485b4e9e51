import { GraphQLError } from 'graphql';

/** An unknown collection or item under `/stac`: answered 404 with a STAC error (`code: NOT_FOUND`). */
export class StacNotFoundError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'NOT_FOUND', http: { status: 404 } } });
    this.name = 'StacNotFoundError';
  }
}
