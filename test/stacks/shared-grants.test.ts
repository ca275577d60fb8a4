import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { allTemplates, resourcesOfType } from '../support/assembly';
import { AssemblyTemplate, TemplatePolicies } from '../support/template-policies';

// Grants the default deployment makes once and shares, rather than repeating per stack: each
// repetition would be one more wildcard or AWS-managed policy for a reviewer to read (GOV-2).

let stacks: AssemblyTemplate[];
let policies: TemplatePolicies;
beforeAll(() => {
  stacks = allTemplates();
  policies = new TemplatePolicies(stacks, DEFAULT_CONFIG.account);
});

const list = (x: unknown): any[] => (Array.isArray(x) ? x : [x]);

/** Every identity-policy statement of the assembly, with the stack and logical id that holds it. */
function allStatements(): Array<{ where: string; statement: any }> {
  const found: Array<{ where: string; statement: any }> = [];
  for (const stack of stacks) {
    for (const [id, r] of Object.entries<any>(stack.template.Resources ?? {})) {
      const documents =
        r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy'
          ? [r.Properties.PolicyDocument]
          : r.Type === 'AWS::IAM::Role'
            ? (r.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)
            : [];
      for (const doc of documents) for (const statement of doc.Statement) found.push({ where: `${stack.id}/${id}`, statement });
    }
  }
  return found;
}

describe('the resourceless actions of functions in the VPC: one policy', () => {
  test('every Lambda function in the VPC has the Network stack\'s shared policy, and only it grants the ENI actions', () => {
    const network = policies.stack('Network');
    const shareds = resourcesOfType(network.template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('VpcFunctionActions'));
    expect(shareds).toHaveLength(1);
    const [[sharedId]] = shareds;
    const shared = `<${network.id}:Ref:${sharedId}>`;

    const inVpc: string[] = [];
    for (const stack of stacks) {
      for (const [id, fn] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
        if (!fn.Properties.VpcConfig) continue;
        inVpc.push(`${stack.id}/${id}`);
        const role = stack.template.Resources[fn.Properties.Role['Fn::GetAtt'][0]];
        const named = list(role.Properties.ManagedPolicyArns ?? []).map((arn) => policies.render(stack, arn));
        expect([`${stack.id}/${id}`, named]).toEqual([`${stack.id}/${id}`, expect.arrayContaining([shared])]);
      }
    }
    // The alert copy, the blocker, its reconciler and its intake, the received-files mover, the database probe.
    expect(inVpc).toHaveLength(6);

    const eniGrants = allStatements()
      .filter(({ statement }) => statement.Effect === 'Allow' && list(statement.Action).includes('ec2:CreateNetworkInterface'))
      .map(({ where }) => where);
    expect(eniGrants).toEqual([`${network.id}/${sharedId}`]);
  });
});

test('RDS enhanced monitoring: one role, named, used by the primary and by the DR replica', () => {
  const data = policies.stack('Data');
  const dr = policies.stack('Dr');
  const monitoringRoles = (stack: AssemblyTemplate) =>
    resourcesOfType(stack.template, 'AWS::IAM::Role').filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('monitoring.rds.amazonaws.com'));
  const [[roleId, role]] = monitoringRoles(data);
  expect(monitoringRoles(data)).toHaveLength(1);
  expect(monitoringRoles(dr)).toEqual([]);

  const [, primary] = resourcesOfType(data.template, 'AWS::RDS::DBInstance')[0];
  const [, replica] = resourcesOfType(dr.template, 'AWS::RDS::DBInstance')[0];
  expect(primary.Properties.MonitoringRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  expect(policies.render(dr, replica.Properties.MonitoringRoleArn)).toBe(`arn:aws:iam::${DEFAULT_CONFIG.account}:role/${role.Properties.RoleName}`);
});

test('the IP blocker\'s table is in the nightly AWS Backup plan (locked vault, copy to the DR region)', () => {
  const data = policies.stack('Data');
  const threat = policies.stack('Threat');
  const [[planId]] = resourcesOfType(data.template, 'AWS::Backup::BackupPlan');
  const [[tableId]] = resourcesOfType(threat.template, 'AWS::DynamoDB::Table');
  const plan = policies.render(data, { 'Fn::GetAtt': [planId, 'BackupPlanId'] });

  const selections = resourcesOfType(threat.template, 'AWS::Backup::BackupSelection').map(([, s]) => policies.render(threat, s.Properties));
  expect(selections).toHaveLength(1);
  const [selection] = selections;
  expect(selection.BackupPlanId).toBe(plan);
  expect(selection.BackupSelection.Resources).toEqual([policies.render(threat, { 'Fn::GetAtt': [tableId, 'Arn'] })]);
  // The plan's own job role, which carries the AWS Backup service policy once.
  const [[, dbSelection]] = resourcesOfType(data.template, 'AWS::Backup::BackupSelection');
  expect(selection.BackupSelection.IamRoleArn).toBe(policies.render(data, dbSelection.Properties.BackupSelection.IamRoleArn));
  const [, planResource] = resourcesOfType(data.template, 'AWS::Backup::BackupPlan')[0];
  expect(planResource.Properties.BackupPlan.BackupPlanRule[0].CopyActions).toHaveLength(1);
});
