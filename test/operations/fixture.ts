/**
 * Accounts in moto for the operations commands: each test account is reached by assuming a role
 * in it (moto keeps every account's resources apart), so a "good" and a "bad" account live side
 * by side in one server. Also: configurations, a client-boundary stub for the calls moto lacks,
 * and certificates made with openssl.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { deepMerge } from '../../lib/config/load';
import type { HardenedConfig } from '../../lib/config/types';
import { AwsClients } from '../../lib/operations/clients';
import { CommandContext } from '../../lib/operations/command';
import { Deployment } from '../../lib/operations/deployment';

export const PRIMARY = 'ap-northeast-1';
export const DR = 'ap-northeast-3';
export const GOOD = '111111111111';
export const BAD = '222222222222';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Credentials of `account` in moto (AssumeRole into it: moto keys resources by the caller's account). */
export async function credentialsFor(endpoint: string, account: string): Promise<Credentials> {
  const sts = new STSClient({ endpoint, region: PRIMARY, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/operator`, RoleSessionName: 'operations-test' }));
  sts.destroy();
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken };
}

/** The default configuration with `overrides` merged in (objects key by key, as loadConfig merges). */
export function configWith(overrides: Record<string, unknown>): HardenedConfig {
  return deepMerge(DEFAULT_CONFIG, overrides) as HardenedConfig;
}

export interface Account {
  readonly id: string;
  readonly credentials: Credentials;
  readonly clients: AwsClients;
}

export async function account(endpoint: string, id: string): Promise<Account> {
  const credentials = await credentialsFor(endpoint, id);
  return { id, credentials, clients: new AwsClients({ endpoint, credentials }) };
}

/** The context a command builds, for one check run against `acct`. */
export function commandContext(acct: Account, config: HardenedConfig, extra: Partial<CommandContext> = {}): CommandContext {
  return {
    config,
    context: {},
    args: { context: {} },
    clients: acct.clients,
    deployment: new Deployment(config, acct.clients),
    now: new Date(),
    ...extra,
  };
}

type AnyCommand = abstract new (...args: any[]) => object;
type Send = (...a: any[]) => Promise<unknown>;
type Answer = (input: any, account: string | undefined) => unknown;

/** One spy per client class; each stubbed command class has its answer (jest.restoreAllMocks removes them all). */
const stubs = new WeakMap<object, { spy: jest.SpyInstance; answers: Map<AnyCommand, Answer> }>();

/**
 * Answers one operation moto does not implement, at the client boundary: `send` of that client
 * class returns `answer(input, account)` for commands of `command`'s class and passes every other
 * command through to moto unchanged. Restored by jest's restoreAllMocks.
 */
export function stubOperation<I>(clientClass: { prototype: { send: Send } }, command: AnyCommand, answer: (input: I, account: string | undefined) => unknown): void {
  let entry = stubs.get(clientClass.prototype);
  if (!entry || !jest.isMockFunction(clientClass.prototype.send)) {
    const original = clientClass.prototype.send;
    const answers = new Map<AnyCommand, Answer>();
    const spy = jest.spyOn(clientClass.prototype, 'send').mockImplementation(async function (this: { config: { credentials: () => Promise<Credentials> } }, cmd: object, ...rest: unknown[]) {
      for (const [cls, fn] of answers) {
        if (cmd instanceof cls) {
          const creds = await this.config.credentials();
          return fn((cmd as { input: unknown }).input, accountOfCredentials.get(creds.accessKeyId));
        }
      }
      return original.call(this, cmd, ...rest);
    } as Send);
    entry = { spy, answers };
    stubs.set(clientClass.prototype, entry);
  }
  entry.answers.set(command, answer as Answer);
}

/** Which test account a stubbed call came from (registered by `registerAccount`). */
const accountOfCredentials = new Map<string, string>();
export function registerAccount(acct: Account): Account {
  accountOfCredentials.set(acct.credentials.accessKeyId, acct.id);
  return acct;
}

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

/** A CA, and certificates it signs (openssl), in a scratch directory removed by `dispose`. */
export class TestCa {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-ca-'));
  public readonly ca: Pem;

  constructor() {
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=operations test CA']);
    this.ca = { cert: this.read('ca.pem'), key: this.read('ca.key') };
  }

  /** A leaf certificate for `names` (first is the CN; all are SANs), valid `days`. */
  public issue(id: string, names: string[], days = 90): Pem {
    const san = names.map((n) => `DNS:${n}`).join(',');
    this.openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${id}.key`, '-out', `${id}.csr`, '-subj', `/CN=${names[0]}`]);
    fs.writeFileSync(path.join(this.dir, `${id}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
    this.openssl(['x509', '-req', '-in', `${id}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${id}.pem`, '-days', String(days), '-extfile', `${id}.ext`]);
    return { cert: this.read(`${id}.pem`), key: this.read(`${id}.key`) };
  }

  public file(name: string, content: string): string {
    const p = path.join(this.dir, name);
    fs.writeFileSync(p, content);
    return p;
  }

  public dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private read(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), 'utf8');
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }
}
