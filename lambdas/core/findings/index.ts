import type { Finding } from '../model';
import type { FindingContext } from './context';
import { completenessFindings, rotatedOneSideFindings } from './mutual-auth';
import { mutualAuthUserFindings, orgFindings } from './org';
import { chainFindings, clientAuthEkuFindings, clientAuthSunsetFindings, notYetValidFindings } from './trust';
import { usageFindings } from './usage';

export type { EvaluatedCertificate, FindingContext } from './context';
export { pinFindings } from './pins';
export { scanFindings } from './scan';
export { probeClientEkuFindings } from './trust';

/** Every judgement the core makes about the merged inventory. */
export function certificateFindings(ctx: FindingContext): Finding[] {
  return [
    ...orgFindings(ctx),
    ...mutualAuthUserFindings(ctx),
    ...usageFindings(ctx),
    ...completenessFindings(ctx),
    ...rotatedOneSideFindings(ctx),
    ...clientAuthEkuFindings(ctx),
    ...notYetValidFindings(ctx),
    ...chainFindings(ctx),
    ...clientAuthSunsetFindings(ctx),
  ];
}
