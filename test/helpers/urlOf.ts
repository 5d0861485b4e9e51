/** The URL a `fetch` stand-in was called with, whatever form the caller gave it. */
export function urlOf(input: string | URL | Request): string {
  return (
    typeof input === 'string' ? input
    : input instanceof URL ? input.href
    : input.url
  );
}
