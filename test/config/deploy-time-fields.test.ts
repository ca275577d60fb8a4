import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { deepMerge } from '../../lib/config/load';
import { ConfigProblem, formatProblem, validateConfig } from '../../lib/config/validate';
import { postgresEngine } from '../../lib/data/postgres';

// Issue #16: the configuration choices that keep a first deployment, and a redeployment, working.
const problemsWith = (override: unknown): ConfigProblem[] => validateConfig(deepMerge(DEFAULT_CONFIG, override));
const messages = (override: unknown) => problemsWith(override).map(formatProblem);

describe('data.engineVersion: a major, or a pinned major.minor', () => {
  test.each(['17', '16', '17.6', '16.10'])('%s is accepted', (engineVersion) => {
    expect(problemsWith({ data: { engineVersion } })).toEqual([]);
  });

  test.each(['17.x', 'seventeen', '9.6', '17.6.1', '', 'v17', '17.'])('%j is refused with the field, the value and what is allowed', (engineVersion) => {
    const found = messages({ data: { engineVersion } });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`data.engineVersion: got ${JSON.stringify(engineVersion)}`);
    expect(found[0]).toMatch(/major version such as "17".*"major\.minor" such as "17\.6"/);
  });

  test('a major gives RDS the major alone, with that major\'s parameter-group family', () => {
    const engine = postgresEngine('17');
    expect(engine.engineVersion?.fullVersion).toBe('17');
    expect(engine.parameterGroupFamily).toBe('postgres17');
    expect(postgresEngine('17.6').engineVersion?.fullVersion).toBe('17.6');
    expect(postgresEngine('17.6').parameterGroupFamily).toBe('postgres17');
    expect(() => postgresEngine('17.x')).toThrow(/data.engineVersion: got "17.x"; allowed: a PostgreSQL major version/);
  });
});

describe('lambdaReservedConcurrency and retainedNameSuffix', () => {
  test('defaults: reserve concurrency, no suffix', () => {
    expect(DEFAULT_CONFIG.lambdaReservedConcurrency).toBe(true);
    expect(DEFAULT_CONFIG.retainedNameSuffix).toBe('');
    expect(problemsWith({ lambdaReservedConcurrency: false, retainedNameSuffix: '-2' })).toEqual([]);
    expect(problemsWith({ retainedNameSuffix: '-g2026a' })).toEqual([]);
  });

  test.each([
    [{ lambdaReservedConcurrency: 'no' }, 'lambdaReservedConcurrency', /true, false/],
    [{ retainedNameSuffix: '2' }, 'retainedNameSuffix', /"-" and 1-8 lower-case letters or digits/],
    [{ retainedNameSuffix: '-UPPER' }, 'retainedNameSuffix', /lower-case/],
    [{ retainedNameSuffix: '-toolongsuffix' }, 'retainedNameSuffix', /1-8/],
  ])('%j is refused', (override, field, allowed) => {
    const found = problemsWith(override);
    expect(found.map((p) => p.field)).toEqual([field]);
    expect(found[0].allowed).toMatch(allowed);
  });
});

describe('edge.certificate: a hosted zone for the site\'s DNS records', () => {
  const zone = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };

  test('with a certificate ARN, a zone may be given for the alias records', () => {
    expect(problemsWith({ edge: { certificate: { ...zone, domainName: 'app.example.com' } } })).toEqual([]);
  });

  test('without an ARN, the zone also validates the certificate', () => {
    const config = deepMerge(DEFAULT_CONFIG, {}) as typeof DEFAULT_CONFIG;
    const certificate = { domainName: 'app.example.com', ...zone };
    expect(validateConfig({ ...config, edge: { ...config.edge, certificate } })).toEqual([]);
  });

  test('the site name must be inside the zone', () => {
    const found = problemsWith({ edge: { certificate: { ...zone, domainName: 'app.example.org' } } });
    expect(found.map(formatProblem)).toEqual(['edge.certificate.domainName: got "app.example.org"; allowed: a name inside the hosted zone "example.com" (the zone or a subdomain of it)']);
  });

  test('zone id and name come together', () => {
    const certificateArn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const found = problemsWith({ edge: { certificate: { certificateArn, domainName: 'app.example.com', hostedZoneId: zone.hostedZoneId } } });
    expect(found.map((p) => p.field)).toEqual(['edge.certificate.hostedZoneName']);
    expect(found[0].allowed).toMatch(/together with hostedZoneId/);
  });
});
