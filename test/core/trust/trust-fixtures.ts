/** Records built the way sources build them (real certificates through the real parser). */
import { parseCertificateInput } from '../../../lambdas/core/certificates/parse';
import { type RecordContext, recordFromChain } from '../../../lambdas/core/certificates/record';
import type { CertificateRecord } from '../../../lambdas/core/model';
import type { TestCertificate } from '../../helpers/pki';

export function recordOf(
  certificates: TestCertificate[],
  context: Partial<RecordContext> & Pick<RecordContext, 'name'>,
): CertificateRecord {
  const parsed = parseCertificateInput({
    name: context.name,
    data: certificates.map((c) => c.certPem).join(''),
  });
  if (parsed.error) throw new Error(parsed.error);
  return recordFromChain(parsed.certificates, { source: 'files', kind: 'file', ...context });
}
