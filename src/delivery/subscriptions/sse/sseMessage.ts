/** One message of a graphql-sse stream: `event: next` with its data as JSON, or `event: complete` (data empty or `{id}`). */
export function sseMessage(event: 'next' | 'complete', data: unknown): string {
  return `event: ${event}\ndata:${data === null || data === undefined ? '' : ` ${JSON.stringify(data)}`}\n\n`;
}
