import { createPrivateKey, X509Certificate } from 'node:crypto';
import { credentialFromSecret } from '../../../lambdas/adapters/secrets-manager/client-credential';
import { redact } from '../../../lambdas/adapters/secrets-manager/secret-format';
import {
  clientCert,
  expectNoSecrets,
  JKS_PASSWORD,
  jksKeystore,
  otherCert,
  PASSWORD,
  partnerCa,
  pkcs12EmptyPassword,
  pkcs12Legacy,
} from './fixtures';

const leafOf = (certPem: string) =>
  new X509Certificate(`${certPem.split('-----END CERTIFICATE-----')[0]}-----END CERTIFICATE-----`);
const encryptedKey = createPrivateKey(clientCert.keyPem)
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
  .toString();

describe('credentialFromSecret', () => {
  it('puts the certificate matching the key first, whatever the order in the secret', () => {
    const result = credentialFromSecret({
      name: 's',
      secretString: `${partnerCa.certPem}${clientCert.keyPem}${clientCert.certPem}`,
    });
    const credential = result.credential as { certPem: string; keyPem: string };
    expect(leafOf(credential.certPem).subject).toContain('erp-client.partner.example');
    expect(leafOf(credential.certPem).checkPrivateKey(createPrivateKey(credential.keyPem))).toBe(true);
  });

  it('decrypts an encrypted private key with the JSON password and passes the CA on', () => {
    const result = credentialFromSecret({
      name: 's',
      secretString: JSON.stringify({
        certificate: clientCert.certPem,
        privateKey: encryptedKey,
        password: PASSWORD,
        ca: partnerCa.certPem,
      }),
    });
    expect(result.credential).toEqual({
      certPem: expect.any(String),
      keyPem: expect.stringContaining('BEGIN PRIVATE KEY'),
      caPem: partnerCa.certPem,
    });
  });

  it.each([
    [
      'no password for an encrypted key',
      JSON.stringify({ certificate: clientCert.certPem, privateKey: encryptedKey }),
      'SECRET_WRONG_PASSWORD',
    ],
    [
      'a wrong key password',
      JSON.stringify({ certificate: clientCert.certPem, privateKey: encryptedKey, password: 'wrong-one' }),
      'SECRET_WRONG_PASSWORD',
    ],
    [
      'a key of another certificate',
      JSON.stringify({ certificate: clientCert.certPem, privateKey: otherCert.keyPem }),
      'SECRET_MALFORMED',
    ],
    ['a certificate without key', clientCert.certPem, 'SECRET_NO_CERTIFICATE'],
  ])('refuses %s', (_label, secretString, code) => {
    const result = credentialFromSecret({ name: 's', secretString });
    expect(result.problem?.code).toBe(code);
    expectNoSecrets(result, ['wrong-one']);
  });

  it('converts JKS, legacy PKCS#12 and binary keystores to PEM', () => {
    const jks = credentialFromSecret({
      name: 's',
      secretString: JSON.stringify({
        jks: jksKeystore.toString('base64'),
        password: JKS_PASSWORD,
      }),
    });
    expect(leafOf((jks.credential as { certPem: string }).certPem).subject).toContain(
      'jks-client.partner.example',
    );
    const legacy = credentialFromSecret({
      name: 's',
      secretString: JSON.stringify({ pkcs12: pkcs12Legacy.toString('base64'), password: PASSWORD }),
    });
    expect(legacy.credential).toHaveProperty('keyPem');
    expect(credentialFromSecret({ name: 's', secretBinary: pkcs12EmptyPassword }).credential).toHaveProperty(
      'keyPem',
    );
    expect(credentialFromSecret({ name: 's', secretBinary: clientCert.der }).problem?.code).toBe(
      'SECRET_NO_CERTIFICATE',
    );
  });
});

describe('redact', () => {
  it('removes the password, PEM blocks and long encoded runs from parser messages', () => {
    const message = redact(
      `bad input ${PASSWORD} near ${clientCert.keyPem} and ${pkcs12Legacy.toString('base64')}`,
      [PASSWORD],
    );
    expect(message).toMatch(/^bad input \*\*\* near \[pem\]\s+and \[redacted\]/);
    expectNoSecrets(message);
  });
});
