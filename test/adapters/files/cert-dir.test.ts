import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertDirSource } from '../../../lambdas/adapters/files/cert-dir';
import { mergeInventories } from '../../../lambdas/core/inventory';
import { daysFrom, makeCertificate, makePkcs12 } from '../../helpers/pki';

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

describe('certificate folder walk', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const leafOf = (commonName: string, days: number) =>
    makeCertificate({ commonName, notBefore: daysFrom(now, -30), notAfter: daysFrom(now, days) });
  const fresh = () => mkdtempSync(join(tmpdir(), 'cert-sentinel-walk-'));

  it('follows symbolic links as certbot lays them out, once each, and names loops and dangling links', async () => {
    const dir = fresh();
    const leaf = leafOf('www.acme.example', 40);
    mkdirSync(join(dir, 'archive', 'acme'), { recursive: true });
    mkdirSync(join(dir, 'live', 'acme'), { recursive: true });
    writeFileSync(join(dir, 'archive', 'acme', 'cert1.pem'), leaf.certPem);
    writeFileSync(join(dir, 'archive', 'acme', 'privkey1.pem'), leaf.keyPem);
    symlinkSync('../../archive/acme/cert1.pem', join(dir, 'live', 'acme', 'cert.pem'));
    symlinkSync('../../archive/acme/privkey1.pem', join(dir, 'live', 'acme', 'privkey.pem'));
    symlinkSync('../../archive/acme/missing.pem', join(dir, 'live', 'acme', 'chain.pem'));
    symlinkSync('..', join(dir, 'live', 'acme', 'up')); // a loop back to live/
    symlinkSync('loop-b.pem', join(dir, 'loop-a.pem'));
    symlinkSync('loop-a.pem', join(dir, 'loop-b.pem'));

    // Scanning only live/: everything it holds is a link.
    const live = await createCertDirSource(join(dir, 'live')).collect(now);
    expect(live.certificates.map((c) => c.info?.subject)).toEqual(['CN=www.acme.example']);
    // The key beside the certificate is no certificate file: nothing is missing because of it.
    expect(live.findings.map((f) => [f.code, f.subject]).sort()).toEqual([
      ['CERT_DIR_LINK_BROKEN', join(dir, 'live', 'acme', 'chain.pem')],
      ['CERT_DIR_LINK_LOOP', join(dir, 'live', 'acme', 'up')],
    ]);
    expect(live.findings.find((f) => f.subject.endsWith('up'))).toMatchObject({ severity: 'info' });
    expect(JSON.stringify(live)).not.toContain(leaf.keyPem.split('\n')[1]);
    // The dangling link is what leaves the source partial.
    expect(live.sources[0]).toMatchObject({ status: 'partial', certificates: 1 });

    // The whole tree: the archive file and the link to it are one certificate, read once.
    const all = await createCertDirSource(dir).collect(now);
    expect(all.certificates).toHaveLength(1);
    const loop = all.findings.find((f) => f.subject === join(dir, 'loop-a.pem'));
    expect(loop).toMatchObject({ code: 'CERT_DIR_LINK_LOOP' });
    expect(loop?.message).toContain('loops');
  });

  it('is complete when all it skipped were link loops and private keys', async () => {
    const dir = fresh();
    const leaf = leafOf('www.acme.example', 40);
    writeFileSync(join(dir, 'cert.pem'), leaf.certPem);
    writeFileSync(join(dir, 'privkey.pem'), leaf.keyPem);
    symlinkSync('.', join(dir, 'self'));
    const inventory = await createCertDirSource(dir).collect(now);
    expect(inventory.certificates).toHaveLength(1);
    expect(inventory.findings.map((f) => f.code)).toEqual(['CERT_DIR_LINK_LOOP']);
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', certificates: 1 });
  });

  it('keeps what each copy of one certificate says and names copies that disagree', async () => {
    const dir = fresh();
    const leaf = leafOf('sync.partner.example', 60);
    writeFileSync(join(dir, 'a-copy.pem'), leaf.certPem);
    writeFileSync(join(dir, 'partner-client.pem'), leaf.certPem);
    writeFileSync(
      join(dir, 'partner-client.json'),
      JSON.stringify({ usage: 'client', name: 'ERP client', owner: 'y@b.example' }),
    );
    writeFileSync(join(dir, 'a-copy.json'), JSON.stringify({ owner: 'x@a.example' }));

    const inventory = await createCertDirSource(dir).collect(now);

    expect(inventory.certificates).toHaveLength(1);
    expect(inventory.certificates[0]).toMatchObject({ usage: 'client', name: 'ERP client' });
    expect(inventory.certificates[0].owners.owner).toBe('x@a.example');
    const disagreement = inventory.findings.find((f) => f.code === 'CERT_COPIES_DISAGREE');
    expect(disagreement).toMatchObject({ severity: 'warning' });
    expect(disagreement?.message).toContain('"x@a.example" was kept, "y@b.example" set aside');
    expect(disagreement?.message).toContain(join(dir, 'partner-client.pem'));
  });

  it('keeps the folder in the id: the same file name in two folders is two certificates', async () => {
    const dir = fresh();
    for (const [folder, name] of [
      ['a', 'one.example'],
      ['b', 'two.example'],
    ]) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, 'client.pem'), leafOf(name, 90).certPem);
    }
    const a = await createCertDirSource(join(dir, 'a')).collect(now);
    const b = await createCertDirSource(join(dir, 'b')).collect(now);
    const merged = mergeInventories([a, b]);
    expect(merged.certificates.map((c) => c.id)).toEqual([
      `files:${join(dir, 'a', 'client.pem')}`,
      `files:${join(dir, 'b', 'client.pem')}`,
    ]);
    expect(merged.findings.map((f) => f.code)).not.toContain('DUPLICATE_CERTIFICATE_ID');
  });

  it('reads one certificate kept in several files (PEM, DER, PKCS#12) as one record that lists them', async () => {
    const dir = fresh();
    const leaf = leafOf('sync.partner.example', 60);
    writeFileSync(join(dir, 'client.pem'), leaf.certPem);
    writeFileSync(join(dir, 'client.der'), leaf.der);
    writeFileSync(join(dir, 'copy-1.p12'), makePkcs12(leaf, ''));
    writeFileSync(join(dir, 'copy-2.p12'), makePkcs12(leaf, ''));
    writeFileSync(join(dir, 'copy-2.json'), JSON.stringify({ owner: 'team@acme.example' }));
    writeFileSync(join(dir, 'other.pem'), leafOf('other.example', 60).certPem);

    const inventory = await createCertDirSource(dir).collect(now);

    expect(inventory.certificates).toHaveLength(2);
    const joined = inventory.certificates.find((c) => c.info?.subject === 'CN=sync.partner.example');
    expect(String(joined?.attributes?.files).split('\n')).toEqual(
      ['client.der', 'client.pem', 'copy-1.p12', 'copy-2.p12'].map((f) => join(dir, f)),
    );
    expect(joined?.attributes?.copies).toBe(4);
    expect(joined?.owners.owner).toBe('team@acme.example'); // a copy's sidecar still counts
    expect(inventory.sources[0]).toMatchObject({ status: 'ok', certificates: 2 });
  });

  it('says an empty folder is empty, never all-clear', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
    const inventory = await createCertDirSource(dir).collect(now);
    expect(inventory.sources[0]).toMatchObject({ status: 'partial', certificates: 0 });
    expect(inventory.sources[0].error).toContain('no certificate files found');
    expect(inventory.findings.map((f) => f.code)).toEqual(['CERT_DIR_EMPTY']);
  });
});
