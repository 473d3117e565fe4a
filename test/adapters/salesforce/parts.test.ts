/** The small pure pieces the collector stands on. */
import { classify, redact } from '../../../lambdas/adapters/salesforce/errors';
import { integrationUsers, mutualAuthField } from '../../../lambdas/adapters/salesforce/permissions';
import {
  type CertificateRow,
  certificateNamesInApex,
  latestPerDeveloperName,
} from '../../../lambdas/adapters/salesforce/queries';
import { asArray, child, parseXml, text } from '../../../lambdas/adapters/salesforce/xml';
import { readZip } from '../../../lambdas/adapters/salesforce/zip';
import { makeZip } from '../../helpers/fake-salesforce';

describe('xml', () => {
  it('reads nested elements, repeated children, entities and CDATA', () => {
    const doc = parseXml(
      '<?xml version="1.0"?><NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata"><label>A &amp; B</label><p><t>Url</t></p><p><t>ClientCertificate</t></p><c><![CDATA[<raw>]]></c><e/></NamedCredential>',
    );
    const root = doc.NamedCredential;
    expect(text(child(root, 'label'))).toBe('A & B');
    expect(asArray(child(root, 'p')).map((p) => text(child(p, 't')))).toEqual(['Url', 'ClientCertificate']);
    expect(text(child(root, 'c'))).toBe('<raw>');
    expect(asArray(child(root, 'e'))).toEqual([]);
  });

  it('keeps a ">" inside an attribute value out of the text', () => {
    const doc = parseXml(
      '<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" note="a > b" xsi:type="x"><label title="1 > 0">App</label></ConnectedApp>',
    );
    expect(text(child(doc.ConnectedApp, 'label'))).toBe('App');
    expect(Object.keys(doc.ConnectedApp)).toEqual(['label']);
  });

  it('refuses malformed documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/malformed XML/);
    expect(() => parseXml('<a>unclosed')).toThrow(/malformed XML/);
  });
});

describe('zip', () => {
  it('reads what a retrieve returns', () => {
    const files = readZip(makeZip({ 'certs/A.crt': 'pem text', 'package.xml': '<Package/>' }));
    expect(files.get('certs/A.crt')?.toString()).toBe('pem text');
    expect([...files.keys()]).toEqual(['certs/A.crt', 'package.xml']);
  });

  /** The directory's declared size and CRC of entry 0, rewritten (local header and central directory). */
  function tamper(zip: Buffer, field: 'size' | 'crc', value: number): Buffer {
    const out = Buffer.from(zip);
    const central = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    if (field === 'size') {
      out.writeUInt32LE(value, 22);
      out.writeUInt32LE(value, central + 24);
    } else {
      out.writeUInt32LE(value, 14);
      out.writeUInt32LE(value, central + 16);
    }
    return out;
  }

  it('refuses an entry that inflates past its declared size (zip bomb)', () => {
    const bomb = tamper(makeZip({ 'certs/A.crt': Buffer.alloc(8 * 1024 * 1024) }), 'size', 100);
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => readZip(bomb)).toThrow(/certs\/A\.crt inflates past the 100 bytes its directory declares/);
  });

  it('refuses an archive whose entries add up past the total limit', () => {
    const zip = makeZip({ 'a.txt': Buffer.alloc(600), 'b.txt': Buffer.alloc(600) });
    expect(() => readZip(zip, { maxTotalBytes: 1000 })).toThrow(
      /inflates past 1000 bytes \(at entry b\.txt\)/,
    );
    expect(readZip(zip, { maxTotalBytes: 1200 }).size).toBe(2);
  });

  it('refuses an entry whose CRC-32 does not match its content', () => {
    const zip = makeZip({ 'certs/A.crt': 'pem text' });
    expect(() => readZip(tamper(zip, 'crc', 0x12345678))).toThrow(/certs\/A\.crt fails its CRC-32 check/);
  });

  it('refuses something that is not a zip', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just some bytes'))).toThrow(/not a zip/);
  });
});

describe('errors', () => {
  it('redacts tokens, JWTs, private keys and known secrets', () => {
    const out = redact(
      'Bearer 00D5g000001abcd!AQ4AQabc.def sessionId=00D5g000001abcd!AQxyz assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- my-own-secret-value',
      ['my-own-secret-value'],
    );
    expect(out).not.toMatch(/AQ4AQ|AQxyz|eyJhbGci|MIIE|my-own-secret-value/);
    expect(out).toContain('[redacted]');
  });

  it('leaves prose that mentions a bearer token alone', () => {
    expect(redact('JWT bearer token request refused: invalid_grant')).toBe(
      'JWT bearer token request refused: invalid_grant',
    );
    expect(redact('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345')).toBe(
      'Authorization: Bearer [redacted]',
    );
  });

  it('classifies Salesforce error codes into what the scan does next', () => {
    const err = (errorCode: string, message = 'm') =>
      Object.assign(new Error(message), { errorCode, name: errorCode });
    expect(classify(err('INVALID_SESSION_ID'), 'x', 1).kind).toBe('auth');
    expect(classify(err('sf:INVALID_SESSION_ID'), 'x', 1).kind).toBe('auth');
    expect(classify(err('REQUEST_LIMIT_EXCEEDED'), 'x', 1).kind).toBe('api-limit');
    expect(classify(err('INSUFFICIENT_ACCESS'), 'x', 1).kind).toBe('no-access');
    expect(classify(err('sf:INVALID_TYPE'), 'x', 1).kind).toBe('unsupported');
    expect(classify(err('ERROR_HTTP_503'), 'x', 1).kind).toBe('transient');
    expect(classify(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'x', 5).message).toBe(
      'x: no answer within 5 ms',
    );
    expect(
      classify(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'x', 1)
        .kind,
    ).toBe('transient');
  });
});

describe('queries', () => {
  it('keeps the newest row per DeveloperName (the Tooling object returns deleted rows)', () => {
    const row = (name: string, created: string, id: string) =>
      ({ Id: id, DeveloperName: name, CreatedDate: created }) as CertificateRow;
    const rows = [
      row('A', '2024-01-01T00:00:00.000+0000', 'old'),
      row('A', '2026-01-01T00:00:00.000+0000', 'new'),
      row('B', '2025-01-01T00:00:00.000+0000', 'b'),
    ];
    expect(latestPerDeveloperName(rows).map((r) => r.Id)).toEqual(['new', 'b']);
  });

  it('finds certificate names in Apex', () => {
    const body =
      "req.setClientCertificateName( 'Acme_Client' ); Blob s = Crypto.signWithCertificate('RSA-SHA256', data, 'Signer'); new Auth.JWS(jwt, 'Jws_Cert');";
    expect(certificateNamesInApex(body).sort()).toEqual(['Acme_Client', 'Jws_Cert', 'Signer']);
    expect(certificateNamesInApex('// nothing here')).toEqual([]);
  });
});

describe('permissions', () => {
  it('finds the mutual-auth permission field by its label', () => {
    const fields = [
      { name: 'PermissionsApiUserOnly', label: 'API Only User', type: 'boolean' },
      {
        name: 'PermissionsEnforceMutualAuth',
        label: 'Enforce SSL/TLS Mutual Authentication',
        type: 'boolean',
      },
    ];
    expect(mutualAuthField(fields)).toBe('PermissionsEnforceMutualAuth');
    expect(mutualAuthField(fields.slice(0, 1))).toBeUndefined();
  });

  it('merges assignment and profile rows into one entry per user', () => {
    const users = integrationUsers(
      'F',
      [
        {
          AssigneeId: '1',
          Assignee: { Username: 'a@x', IsActive: true },
          PermissionSet: { Name: 'MA', IsOwnedByProfile: false, F: true },
        },
        {
          AssigneeId: '2',
          Assignee: { Username: 'b@x', IsActive: true },
          PermissionSet: { Name: 'ApiOnly', IsOwnedByProfile: false, PermissionsApiUserOnly: true, F: false },
        },
      ],
      [
        {
          Id: '1',
          Username: 'a@x',
          IsActive: true,
          Profile: { Name: 'Integration', PermissionsApiUserOnly: true, F: true },
        },
      ],
    );
    expect(users).toEqual([
      { username: 'a@x', active: true, apiOnly: true, grantedBy: ['MA', 'profile:Integration'] },
    ]);
  });
});
