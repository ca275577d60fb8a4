// The upload bucket's name crosses from the Files stack to the application by SSM parameter
// (app-contract.ts says why): on the default app (shared assembly), the Files stack writes the
// bucket's name under the very name the App stack injects and lets the task role read, and the
// task role may sign uploads (s3:PutObject) under the upload prefix of that bucket only.
import { uploadBucketParameterName } from '../../lib/app-tier/app-contract';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, templateJson } from '../support/assembly';

const NAME = uploadBucketParameterName(DEFAULT_CONFIG.projectName);

test('the Files stack writes the upload bucket’s name where the App stack points the application', () => {
  const files = templateJson('Files');
  const [bucketId] = resourcesOfType(files, 'AWS::S3::Bucket').find(([, b]) => JSON.stringify(b.Properties.Tags ?? []).includes('"upload"'))!;
  const parameters = resourcesOfType(files, 'AWS::SSM::Parameter').filter(([, p]) => p.Properties.Name === NAME);
  expect(parameters).toHaveLength(1);
  expect(parameters[0][1].Properties).toMatchObject({ Type: 'String', Value: { Ref: bucketId } });

  const app = templateJson('App');
  const injected = resourcesOfType(app, 'AWS::SSM::Parameter').filter(([, p]) => p.Properties.Value === NAME);
  expect(injected).toHaveLength(1);
  const readable = resourcesOfType(app, 'AWS::IAM::ManagedPolicy')
    .concat(resourcesOfType(app, 'AWS::IAM::Policy'))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => s.Action === 'ssm:GetParameter');
  expect(readable).toHaveLength(1);
  expect(JSON.stringify(readable[0].Resource)).toContain(`:parameter${NAME}"`);
});
