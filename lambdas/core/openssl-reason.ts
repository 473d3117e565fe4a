/**
 * OpenSSL's error strings, as Node passes them on, said as the reason alone: people read
 * findings and alerts, not `C0F7:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad
 * certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 42`. The raw
 * text stays in the probe result for diagnosis.
 */

/** The reasons people meet most, in words that say what to check. */
const PLAIN_REASONS: Record<string, string> = {
  'key values mismatch': 'the private key does not belong to the certificate',
  'bad decrypt': 'wrong password, or the key is damaged',
  'mac verify failure': 'wrong password or damaged file',
  'no start line': 'not in PEM format',
  unsupported: 'a key or file format OpenSSL does not support here',
  'header too long': 'damaged or truncated',
  'sslv3 alert bad certificate': 'the server rejected the client certificate (TLS alert 42)',
  'sslv3 alert certificate expired': 'the server says a certificate has expired (TLS alert 45)',
  'tlsv13 alert certificate required': 'the server requires a client certificate (TLS alert 116)',
  'sslv3 alert handshake failure': 'the server refused the handshake (TLS alert 40)',
  'wrong version number': 'the other end does not speak TLS on this port',
};

/** One OpenSSL error entry: `[hex:]error:CODE:library:function:reason[:file:line:extra]`. */
const ENTRY = /(?:^|\s|[0-9A-F]+:)error:[0-9A-F]{8}:[^:]*:[^:]*:([^:\n]+)/i;
const SOURCE_PATH = /:?\s*\(?(?:\.\.\/)*deps\/openssl\/[^\s:)]+(?::\d+)?:?\)?/g;

export function opensslReason(message: string): string {
  const first = message.split('\n')[0];
  const entry = ENTRY.exec(first);
  const reason = (entry ? entry[1] : first).replace(SOURCE_PATH, '').trim();
  if (!reason) return 'unreadable (OpenSSL gave no reason)';
  return PLAIN_REASONS[reason.toLowerCase()] ?? reason;
}
