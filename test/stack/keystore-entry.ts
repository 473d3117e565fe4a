/**
 * The keystore read paths of the functions that read keystores, as one entry that
 * test/stack/bundles.test.ts bundles with those functions' esbuild options (`bundlingFor(true)`)
 * and calls: the certificate engine (collectors, secret-change) and the probe's client credential.
 */
export { credentialFromSecret } from '../../lambdas/adapters/secrets-manager/client-credential';
export { parseCertificateInput } from '../../lambdas/core/certificates/parse';
