import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PROBE_SCRIPT } from '../../lib/monitoring/endpoint-canary';

// Issue #16 (MON-2): the canary script itself, run against a real TLS server that demands a client
// certificate (what the ALB's mutual TLS in verify mode does) and answers like the ALB's sign-in
// step. Synthetics and Secrets Manager are stood in for at the module boundary; the TLS handshake
// is Node's own.
jest.setTimeout(60_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-mtls-'));
const file = (name: string) => path.join(dir, name);
const read = (name: string) => fs.readFileSync(file(name), 'utf8');
const SIGN_IN = 'https://hardened-signin-123456789012.auth.ap-northeast-1.amazoncognito.com/oauth2/authorize';

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, a server certificate for localhost and a client certificate, all issued by the CA. */
function issueCertificates(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test client CA');
  for (const [name, ext] of [['server', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth'], ['client', 'extendedKeyUsage=clientAuth']]) {
    fs.writeFileSync(file(`${name}.ext`), ext);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? 'localhost' : 'canary'}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
}

let server: https.Server;
let port: number;
let answer: { status: number; location?: string };
let clientSeen: string | undefined;

beforeAll(async () => {
  issueCertificates();
  server = https.createServer({ key: read('server.key'), cert: read('server.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    clientSeen = (req.socket as import('tls').TLSSocket).getPeerCertificate().subject?.CN;
    res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  answer = { status: 302, location: `${SIGN_IN}?client_id=x&redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth2%2Fidpresponse` };
  clientSeen = undefined;
});

/** Loads the script as Synthetics would, with the runtime's modules stood in for. */
function probe(env: Record<string, string>, secretString?: string): () => Promise<unknown> {
  const secretReads: string[] = [];
  const modules: Record<string, unknown> = {
    Synthetics: {
      getCanaryUserAgentString: () => 'CloudWatchSynthetics/test',
      // The step sends requestOptions as given (Synthetics uses https.request); the test only adds
      // where "the site" is and trust in its test CA.
      executeHttpStep: (_name: string, options: https.RequestOptions, validate: (res: import('http').IncomingMessage) => Promise<void>) =>
        new Promise<void>((resolve, reject) => {
          const request = https.request({ ...options, host: '127.0.0.1', hostname: undefined, servername: 'localhost', ca: read('ca.pem') }, (res) => validate(res).then(resolve, reject));
          request.on('error', reject);
          request.end();
        }),
    },
    SyntheticsLogger: { error: () => undefined, info: () => undefined },
    '@aws-sdk/client-secrets-manager': {
      GetSecretValueCommand: class {
        constructor(readonly input: { SecretId: string }) {}
      },
      SecretsManagerClient: class {
        async send(command: { input: { SecretId: string } }) {
          secretReads.push(command.input.SecretId);
          return { SecretString: secretString };
        }
      },
    },
  };
  const requireStub = (name: string) => {
    if (name in modules) return modules[name];
    throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
  };
  const module = { exports: {} as { handler: () => Promise<unknown> } };
  const processStub = { env: { PROBE_URL: `https://localhost:${port}/`, ...env } };
  new Function('require', 'module', 'exports', 'process', PROBE_SCRIPT)(requireStub, module, module.exports, processStub);
  return async () => {
    const result = await module.exports.handler();
    if (env.CLIENT_CERTIFICATE_SECRET) expect(secretReads).toEqual([env.CLIENT_CERTIFICATE_SECRET]);
    return result;
  };
}

const SECRET = 'hardened/canary-client-certificate';
const goodSecret = () => JSON.stringify({ certificate: read('client.pem'), privateKey: read('client.key') });

test('patterns 2-3: the certificate from the secret passes mutual TLS, and the sign-in redirect is healthy', async () => {
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET, EXPECT_SIGN_IN_REDIRECT: SIGN_IN }, goodSecret())()).resolves.toBeUndefined();
  expect(clientSeen).toBe('canary');
});

test('without the certificate the same server refuses the handshake: the run fails', async () => {
  await expect(probe({ EXPECT_SIGN_IN_REDIRECT: SIGN_IN })()).rejects.toThrow(/certificate|socket hang up|ECONNRESET|alert/i);
  expect(clientSeen).toBeUndefined();
});

test('pattern >= 1: an answer without sign-in (200) fails the run, as does a redirect elsewhere', async () => {
  answer = { status: 200 };
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET, EXPECT_SIGN_IN_REDIRECT: SIGN_IN }, goodSecret())()).rejects.toThrow(/Expected 302 to .*amazoncognito.com.*got 200/);
  answer = { status: 302, location: 'https://elsewhere.example.com/' };
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET, EXPECT_SIGN_IN_REDIRECT: SIGN_IN }, goodSecret())()).rejects.toThrow(/got 302 https:\/\/elsewhere/);
});

test('pattern 0 semantics: any 2xx/3xx is healthy, 5xx is not', async () => {
  answer = { status: 200 };
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET }, goodSecret())()).resolves.toBeUndefined();
  answer = { status: 503 };
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET }, goodSecret())()).rejects.toThrow(/Unexpected status 503/);
});

test.each([
  ['the placeholder nobody filled', '{}'],
  ['not JSON', 'certificate'],
  ['a key where the certificate goes', () => JSON.stringify({ certificate: read('client.key'), privateKey: read('client.key') })],
])('an unusable secret (%s) fails the run with a message naming the secret and its shape', async (_what, value) => {
  const text = typeof value === 'function' ? value() : value;
  await expect(probe({ CLIENT_CERTIFICATE_SECRET: SECRET }, text)()).rejects.toThrow(`Secret ${SECRET} must hold {"certificate": "<PEM>", "privateKey": "<PEM>"}`);
});
