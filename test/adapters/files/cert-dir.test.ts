import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertDirSource } from '../../../lambdas/adapters/files/cert-dir';
import { daysFrom, makeCertificate } from '../../helpers/pki';

describe('certificate folder source', () => {
  it('reports a malformed sidecar without quoting its text (it may hold a password)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-certdir-'));
    const now = new Date('2026-11-23T09:00:00Z');
    const leaf = makeCertificate({
      commonName: 'sync.partner.example',
      notBefore: daysFrom(now, -30),
      notAfter: daysFrom(now, 60),
    });
    writeFileSync(join(dir, 'client.pem'), leaf.certPem);
    // An unquoted value: V8's JSON.parse message would quote the text around it.
    writeFileSync(join(dir, 'client.json'), '{"owner": "team@acme.example", "password": hunter2-secret}');

    const inventory = await createCertDirSource(dir).collect(now);

    const finding = inventory.findings.find((f) => f.code === 'SIDECAR_INVALID');
    expect(finding?.message).toMatch(/client\.json was ignored: .*is not valid JSON/);
    expect(finding?.message).not.toContain('hunter2');
    expect(inventory.certificates).toHaveLength(1);
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', certificates: 1 });
  });
});
