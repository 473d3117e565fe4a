/**
 * The parts of node-forge and jks-js that reading keystores needs, and nothing more, so that the
 * functions which read keystores stay small (docs/performance.md, "Lambda bundles"). No module
 * requires either package's entry point (`node-forge`, `jks-js`); they take what they need here:
 *
 * - `require('node-forge')` loads every forge module from its index (TLS, SSH, Ed25519, KEM, HTTP
 *   and more). Reading PKCS#12 needs `pkcs12` and `pki`, which require
 *   their own dependencies: ASN.1, X.509, RSA, PEM, PBE with all its ciphers (AES, 3DES and the
 *   RC2 of legacy files), PBKDF2 and HMAC. `md.all` registers MD5 and the SHA-2 family, which PBES2
 *   and the integrity MAC look up by name. The sizes of both sets are in docs/performance.md.
 * - jks-js's index loads its own PKCS#12 reader, which requires the whole of node-forge. Reading
 *   JKS needs only its JavaKeyStoreParser (`parseJks` of the index, redone here). Recovering a
 *   key entry's private key (jks-js `decrypt`, which bundles node-rsa) only the probe's client
 *   credential needs: client-credential.ts loads that part itself, so the collectors do not carry
 *   it. These are files of jks-js's `lib/` (the package has no `exports` map): the keystore tests,
 *   and test/stack/bundles.test.ts on the built bundles, check them should an update move them.
 *
 * Load this module lazily (parse.ts and client-credential.ts do): code that never meets a
 * keystore never pays for it.
 */
import type { KeyEntry, TrustedKeyEntry } from 'jks-js';
import type * as Forge from 'node-forge';

export const forge = require('node-forge/lib/forge') as typeof Forge;
require('node-forge/lib/asn1');
require('node-forge/lib/md.all');
require('node-forge/lib/pkcs12');
require('node-forge/lib/pki');

type JavaKeyStoreParser = new (keystore: Buffer, password: string) => { parse(): JksEntry[] };

const JavaKeyStoreParser = require('jks-js/lib/keystore/JavaKeyStoreParser') as JavaKeyStoreParser;

export type JksEntry = KeyEntry | TrustedKeyEntry;

/** jks-js `parseJks`: the entries of a JKS keystore; without a password the integrity check is skipped. */
export function parseJks(keystore: Buffer, password: string): JksEntry[] {
  return new JavaKeyStoreParser(keystore, password).parse();
}
