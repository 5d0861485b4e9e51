/** What an upstream request is for: one of the three listing calls, or a download. */
export type UpstreamCall = 'capabilities' | 'resource' | 'subResource' | 'download';
