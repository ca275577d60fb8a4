/**
 * The boundary: the secret from Secrets Manager, the CA bundle from the file system, and the
 * probe's dependencies, built once per execution environment with the configuration read (and
 * checked) at module load.
 */
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CachedCredentials } from './credentials';
import { ProbeConfig, loadConfig } from './config';
import { selectOne } from './connect';
import { ProbeDeps } from './probe';

/** Reads the secret's current version. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html */
export function secretReader(client: SecretsManagerClient, secretArn: string): () => Promise<string | undefined> {
  return async () => (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
}

export interface Runtime {
  readonly config: ProbeConfig;
  readonly deps: ProbeDeps;
}

export function createRuntime(env: Readonly<Record<string, string | undefined>>, client?: SecretsManagerClient): Runtime {
  const config = loadConfig(env);
  // Read once: a bundle that cannot be read fails the first invocation with its path.
  const ca = readFileSync(config.caBundlePath, 'utf8');
  // Short limits: the probe's whole budget is one schedule interval.
  const secrets = client ?? new SecretsManagerClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000 } });
  return {
    config,
    deps: {
      credentials: new CachedCredentials(secretReader(secrets, config.secretArn), config.databaseName),
      attempt: (credentials) => selectOne(credentials, { ca }),
      pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  };
}
