import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import * as fs from 'fs';
import { buildDataTier } from './fixture';

test('probe', () => {
  const f = buildDataTier();
  const asm = f.app.synth();
  fs.mkdirSync('/tmp/data-tpl', { recursive: true });
  for (const s of [f.data, f.dr]) {
    fs.writeFileSync(`/tmp/data-tpl/${s.stackName}.json`, JSON.stringify(Template.fromStack(s).toJSON(), null, 1));
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()]) {
      for (const v of pack.validateScope(s).violations) {
        console.log(s.stackName, v.ruleName, v.violatingResources.map((r: any) => r.resourceLogicalId + ' ' + (r.constructPath ?? '')).join(' | '));
      }
    }
  }
  void asm;
});
