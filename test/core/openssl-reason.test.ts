import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { opensslReason } from '../../lambdas/core/openssl-reason';
import { daysFrom, makeCertificate, rsaKeyPair } from '../helpers/pki';

/** The message node:crypto or node:tls really throws. */
function thrown(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('opensslReason', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const leaf = makeCertificate({
    commonName: 'a.example',
    notBefore: daysFrom(now, -1),
    notAfter: daysFrom(now, 30),
  });

  it('says what a real OpenSSL error means', () => {
    const mismatch = thrown(() =>
      tls.createSecureContext({ cert: leaf.certPem, key: rsaKeyPair('someone-else').privateKeyPem }),
    );
    expect(mismatch).toMatch(/^error:05800074:/);
    expect(opensslReason(mismatch)).toBe('the private key does not belong to the certificate');
    const notPem = thrown(() => new X509Certificate(Buffer.from('3082000a0201', 'hex')));
    expect(opensslReason(notPem)).toBe('not in PEM format');
  });

  it("drops OpenSSL's hex prefix, function and source path from a handshake error", () => {
    expect(
      opensslReason(
        'C0F7A1B2:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 48',
      ),
    ).toBe('sslv3 alert unknown ca');
  });

  it('leaves a message without OpenSSL text as it is', () => {
    expect(opensslReason('connect ECONNREFUSED 127.0.0.1:8443')).toBe('connect ECONNREFUSED 127.0.0.1:8443');
  });
});
