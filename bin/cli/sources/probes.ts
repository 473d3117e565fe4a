/**
 * CLI side of the handshake probe: the configuration's probe targets with their client
 * credentials read locally (files relative to the working directory, PKCS#12 passwords from
 * environment variables) or from Secrets Manager. Credentials load when the probe runs, so an
 * unreadable one becomes a PROBE_CREDENTIAL_UNREADABLE finding rather than stopping the scan.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type {
  ClientCredential,
  ClientCredentialLoader,
  ProbeRequest,
} from '../../../lambdas/adapters/tls-probe/probe';
import { createProbeSource } from '../../../lambdas/adapters/tls-probe/source';
import { probeRequestFromTarget, secretCredentialLoader } from '../../../lambdas/adapters/tls-probe/target';
import type { ProbeTarget } from '../../../lambdas/core/config';
import type { CertificateSource } from '../../../lambdas/core/model';
import { type CliIo, UsageError } from '../command';

export async function probeSourcesFromConfig(
  targets: ProbeTarget[],
  io: CliIo,
): Promise<CertificateSource[]> {
  const requests = await probeRequestsFromConfig(targets, io);
  return requests.length === 0 ? [] : [createProbeSource(requests)];
}

/**
 * The handshakes to make for these targets. A CA file is read now (a missing one is a usage
 * error); client credentials load when the probe runs.
 */
export async function probeRequestsFromConfig(targets: ProbeTarget[], io: CliIo): Promise<ProbeRequest[]> {
  return Promise.all(
    targets.map(async (target, index) =>
      probeRequestFromTarget(target, {
        clientCredential: credentialLoader(target.clientCertificate, io),
        ca: target.caFile ? await readCa(target.caFile, `probes.${index}.caFile`, io) : undefined,
      }),
    ),
  );
}

/** A loader for the configured client certificate, or none when the target has none. */
export function credentialLoader(
  spec: ProbeTarget['clientCertificate'],
  io: CliIo,
  region?: string,
): ClientCredentialLoader | undefined {
  if (!spec) return undefined;
  if ('secret' in spec) {
    return secretCredentialLoader(spec.secret, {
      region: region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION,
      endpoint: io.env.AWS_ENDPOINT_URL_SECRETS_MANAGER || undefined,
    });
  }
  if ('pfxFile' in spec) {
    return async (): Promise<ClientCredential> => {
      const pfx = await readLocal(spec.pfxFile, io);
      if (spec.passwordEnv === undefined) return { pfx };
      const passphrase = io.env[spec.passwordEnv];
      if (passphrase === undefined) throw new Error(`environment variable ${spec.passwordEnv} is not set`);
      return { pfx, passphrase };
    };
  }
  return async () => ({
    certPem: (await readLocal(spec.certFile, io)).toString('utf8'),
    keyPem: (await readLocal(spec.keyFile, io)).toString('utf8'),
  });
}

/** Reads a file named in configuration or flags; the error names the file, never its content. */
export async function readLocal(file: string, io: CliIo): Promise<Buffer> {
  const path = resolve(io.cwd, file);
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

/** A missing CA file is a configuration mistake: it stops the scan before anything runs. */
async function readCa(file: string, field: string, io: CliIo): Promise<Buffer> {
  try {
    return await readLocal(file, io);
  } catch (error) {
    throw new UsageError(`${field}: ${(error as Error).message}`);
  }
}
