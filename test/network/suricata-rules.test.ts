import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { InspectionFirewall } from '../../lib/network/inspection-firewall';
import { TieredVpc } from '../../lib/network/tiered-vpc';
import { checkRuleSet, parseSuricataRule } from '../../lib/network/suricata-rule';
import { resourcesOfType, templateJson } from '../support/assembly';

describe('Suricata rules the stack ships', () => {
  test('every rule in the synthesized rule groups parses, with unique sids', () => {
    const groups = resourcesOfType(templateJson('Network'), 'AWS::NetworkFirewall::RuleGroup');
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const lines = groups.flatMap(([, g]) => String(g.Properties.RuleGroup.RulesSource.RulesString).split('\n'));
    const { rules, problems } = checkRuleSet(lines);
    expect(problems).toEqual([]);
    expect(rules.length).toBe(lines.filter((l) => l.trim()).length);
  });
});

describe('the rule checker rejects', () => {
  test.each([
    ['duplicate sids', ['drop tcp any any -> any 22 (sid:1000001; rev:1;)', 'drop tcp any any -> any 23 (sid:1000001; rev:1;)'], /duplicate sid 1000001/],
    ['an unknown action', ['block tcp any any -> any 22 (sid:1000002; rev:1;)'], /unknown action "block"/],
    ['a missing sid', ['drop tcp any any -> any 22 (msg:"x"; rev:1;)'], /missing sid/],
    ['a missing rev', ['drop tcp any any -> any 22 (msg:"x"; sid:1000003;)'], /missing rev/],
    ['a pass-everything rule', ['pass ip any any -> any any (msg:"open"; sid:1000004; rev:1;)'], /would let everything through/],
    ['a pass-everything rule with only a flow option', ['pass ip $EXTERNAL_NET any <> any any (flow:established; sid:1000005; rev:1;)'], /would let everything through/],
    ['a user rule outside the user sid range', ['drop tcp any any -> any 22 (sid:2000001; rev:1;)'], /user rules must use sids/],
    ['an unterminated option', ['drop tcp any any -> any 22 (msg:"x"; sid:1000006; rev:1)'], /not terminated/],
  ])('%s', (_name, lines, reason) => {
    const { problems } = checkRuleSet(lines, { userRules: true });
    expect(problems.map((p) => p.reason).join('\n')).toMatch(reason);
  });

  test('a pass rule narrowed by content is accepted', () => {
    expect(() => parseSuricataRule('pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:"example.com"; endswith; sid:1000007; rev:1;)')).not.toThrow();
  });

  test('bad user rules fail synthesis with the offending line quoted', () => {
    const app = new App({ context: { 'availability-zones:account=123456789012:region=ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c'] } });
    const stack = new Stack(app, 'T', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const bucket = new s3.Bucket(stack, 'Logs');
    const network = new TieredVpc(stack, 'Net', { cidr: '10.0.0.0/16', maxAzs: 2, flowLogBucket: bucket, flowLogPrefix: 'flow' });
    const bad = 'alert tcp any any -> any 4444 (msg:"backdoor"; sid:1000010;)';
    expect(
      () =>
        new InspectionFirewall(stack, 'Fw', {
          network,
          firewallName: 't',
          egressAllowedDomains: [],
          customIpsRules: [bad],
          logBucket: bucket,
          logPrefix: 'fw',
        }),
    ).toThrow(new RegExp(`missing rev\\n\\s+${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
