/** Largest request body accepted on any door, in bytes; a WebSocket message is bounded the same. */
export const MAX_BODY_BYTES = 1_000_000;
