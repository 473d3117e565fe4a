/** Keep-alive timeout of the local fake servers: longer than any test, so no idle socket is closed under a client. */
export const KEEP_ALIVE_MS = 10 * 60_000;
