/**
 * `node with-engine.js DIR`: the folder read with the product's engine, one verdict cache for the
 * process as a scan has (bench/run.ts bundles and times it). Any input the engine cannot read
 * fails the run: the two readers must do the same work.
 */
import { parseCertificateInput } from '../../lambdas/core/certificates/parse';
import { createVerdictCache } from '../../lambdas/core/certificates/verdict-cache';
import { readFolder } from './folder';

const verdicts = createVerdictCache();
readFolder(process.argv[2], (name, data) => {
  const parsed = parseCertificateInput({ name, data }, { verdicts });
  if (parsed.error) throw new Error(parsed.error);
  return parsed.certificates.length;
});
