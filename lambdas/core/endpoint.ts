/** `host`, `host:port`, `[v6]`, `[v6]:port`: how people write a mutual-TLS endpoint. */

/** Salesforce's (and most partners') mutual-TLS port. */
export const MTLS_PORT = 8443;

export type ParsedEndpoint = { host: string; port: number } | { error: string };

/** A bare IPv6 address keeps the default port. */
export function parseEndpoint(text: string, defaultPort = MTLS_PORT): ParsedEndpoint {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  let host: string | undefined;
  let portText: string | undefined;
  if (bracketed) {
    [, host, portText] = bracketed;
  } else if ((text.match(/:/g) ?? []).length === 1) {
    [host, portText] = text.split(':');
  } else {
    host = text;
  }
  if (!host) return { error: `"${text}" names no host` };
  if (portText === undefined) return { host, port: defaultPort };
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return { error: `the port must be a whole number from 1 to 65535, got "${portText}"` };
  }
  return { host, port: Number(portText) };
}
