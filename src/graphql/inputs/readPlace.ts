import { preparePlaces, resolvePlace, type ResolvedPlace } from '../../zones';

/**
 * The place people wrote (`resolvePlace`), once the place data is loaded: a request arriving while the server
 * still builds it at start waits for that build rather than making its own. BAD_USER_INPUT naming
 * `argumentName` for an ambiguous or unknown place.
 */
export async function readPlace(input: string, argumentName: string): Promise<ResolvedPlace> {
  await preparePlaces();
  return resolvePlace(input, argumentName);
}
