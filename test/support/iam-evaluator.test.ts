import { evaluate, globMatch, IamRequest, PolicySet } from './iam-evaluator';

const ROLE = 'arn:aws:iam::111111111111:role/app';
const OTHER = 'arn:aws:iam::111111111111:role/other';
const OBJECT = 'arn:aws:s3:::uploads/incoming/a.pdf';

const allowGet = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::uploads/*' };
const request = (over: Partial<IamRequest> = {}): IamRequest => ({ principalArn: ROLE, action: 's3:GetObject', resource: OBJECT, ...over });
const decide = (policies: Partial<PolicySet>, over: Partial<IamRequest> = {}) =>
  evaluate(request(over), { identity: [], resource: [], ...policies }).decision;

describe('iam-evaluator', () => {
  test('wildcards: * spans, ? is one character, actions ignore case, resources do not', () => {
    expect(globMatch('arn:aws:s3:::uploads/*', OBJECT)).toBe(true);
    expect(globMatch('arn:aws:s3:::upload?/*', OBJECT)).toBe(true);
    expect(globMatch('arn:aws:s3:::other/*', OBJECT)).toBe(false);
    expect(decide({ identity: [{ ...allowGet, Action: 'S3:getobject' }] })).toBe('Allow');
    expect(decide({ identity: [{ ...allowGet, Resource: 'arn:aws:s3:::UPLOADS/*' }] })).toBe('ImplicitDeny');
  });

  test('nothing allows: implicit deny; an identity Allow or a resource-policy Allow naming the principal: allow', () => {
    expect(decide({})).toBe('ImplicitDeny');
    expect(decide({ identity: [allowGet] })).toBe('Allow');
    expect(decide({ resource: [{ ...allowGet, Principal: { AWS: ROLE } }] })).toBe('Allow');
    expect(decide({ resource: [{ ...allowGet, Principal: { AWS: OTHER } }] })).toBe('ImplicitDeny');
    expect(decide({ resource: [{ ...allowGet, Principal: { AWS: 'arn:aws:iam::111111111111:root' } }] })).toBe('Allow');
    expect(decide({ resource: [{ ...allowGet, Principal: { AWS: 'arn:aws:iam::222222222222:root' } }] })).toBe('ImplicitDeny');
  });

  test('an explicit Deny in either policy wins over any Allow', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' };
    expect(decide({ identity: [allowGet], resource: [deny] })).toBe('ExplicitDeny');
    expect(decide({ identity: [allowGet, { ...deny, Principal: undefined }] })).toBe('ExplicitDeny');
  });

  test('NotAction, NotResource and NotPrincipal invert their match', () => {
    expect(decide({ identity: [allowGet], resource: [{ Effect: 'Deny', Principal: '*', NotAction: 's3:PutObject', Resource: '*' }] })).toBe('ExplicitDeny');
    expect(decide({ identity: [allowGet], resource: [{ Effect: 'Deny', Principal: '*', Action: '*', NotResource: OBJECT }] })).toBe('Allow');
    expect(decide({ identity: [allowGet], resource: [{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: '*', Resource: '*' }] })).toBe('Allow');
    expect(decide({ identity: [allowGet], resource: [{ Effect: 'Deny', NotPrincipal: { AWS: OTHER }, Action: '*', Resource: '*' }] })).toBe('ExplicitDeny');
  });

  describe('conditions', () => {
    const denyUnless = (Condition: Record<string, unknown>) => ({ identity: [allowGet], resource: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition }] });
    const tag = 's3:ExistingObjectTag/Status';

    test('StringNotEquals holds on a different value and on a missing key; not on the listed value', () => {
      const p = denyUnless({ StringNotEquals: { [tag]: 'CLEAN' } });
      expect(decide(p, { context: { [tag]: 'INFECTED' } })).toBe('ExplicitDeny');
      expect(decide(p, { context: {} })).toBe('ExplicitDeny');
      expect(decide(p, { context: { [tag]: 'CLEAN' } })).toBe('Allow');
    });

    test('StringEquals needs the key; ...IfExists holds without it', () => {
      expect(decide(denyUnless({ StringEquals: { [tag]: 'X' } }), { context: {} })).toBe('Allow');
      expect(decide(denyUnless({ StringEqualsIfExists: { [tag]: 'X' } }), { context: {} })).toBe('ExplicitDeny');
      expect(decide(denyUnless({ StringEqualsIfExists: { [tag]: 'X' } }), { context: { [tag]: 'Y' } })).toBe('Allow');
    });

    test('values of one key are ORed, keys and operators are ANDed', () => {
      const p = denyUnless({ StringEquals: { a: ['1', '2'] }, ArnNotEquals: { 'aws:PrincipalArn': [OTHER] } });
      expect(decide(p, { context: { a: '2' } })).toBe('ExplicitDeny');
      expect(decide(p, { context: { a: '3' } })).toBe('Allow');
      expect(decide(p, { principalArn: OTHER, context: { a: '2' } })).toBe('Allow');
    });

    test('ArnNotEquals on aws:PrincipalArn exempts the listed principals (wildcards allowed)', () => {
      const p = denyUnless({ ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/scan*'] } });
      expect(decide(p)).toBe('ExplicitDeny');
      expect(decide({ ...p, identity: [allowGet] }, { principalArn: 'arn:aws:iam::111111111111:role/scanner' })).toBe('Allow');
    });

    test('ForAnyValue holds when any request value matches, never on an empty set', () => {
      const p = denyUnless({ 'ForAnyValue:StringEquals': { keys: ['Status'] } });
      expect(decide(p, { context: { keys: ['Owner', 'Status'] } })).toBe('ExplicitDeny');
      expect(decide(p, { context: { keys: ['Owner'] } })).toBe('Allow');
      expect(decide(p, { context: {} })).toBe('Allow');
    });

    test('Bool, Numeric and Null', () => {
      expect(decide(denyUnless({ Bool: { 'aws:SecureTransport': 'false' } }), { context: { 'aws:SecureTransport': 'false' } })).toBe('ExplicitDeny');
      expect(decide(denyUnless({ Bool: { 'aws:SecureTransport': 'false' } }), { context: { 'aws:SecureTransport': 'true' } })).toBe('Allow');
      expect(decide(denyUnless({ NumericLessThan: { 's3:TlsVersion': '1.2' } }), { context: { 's3:TlsVersion': '1.1' } })).toBe('ExplicitDeny');
      expect(decide(denyUnless({ NumericLessThan: { 's3:TlsVersion': '1.2' } }), { context: { 's3:TlsVersion': '1.3' } })).toBe('Allow');
      expect(decide(denyUnless({ Null: { [tag]: 'true' } }), { context: {} })).toBe('ExplicitDeny');
      expect(decide(denyUnless({ Null: { [tag]: 'true' } }), { context: { [tag]: 'x' } })).toBe('Allow');
    });

    test('an operator it does not model throws instead of guessing', () => {
      expect(() => decide(denyUnless({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }))).toThrow(/not modelled/);
    });
  });
});
