import { IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { HardenedChecks } from './hardened-checks';

/** The standard packs every stack must pass (GOV-2), in report order. */
export function standardRulePacks(scope?: IConstruct) {
  return [
    new AwsSolutionsChecks(scope),
    new NIST80053R5Checks(scope),
    new HIPAASecurityChecks(scope),
    new PCIDSS321Checks(scope),
    new ServerlessChecks(scope),
  ];
}

/** The names of the standard packs (`AwsSolutions`, `NIST.800.53.R5`, …), as findings name their pack. */
export function standardPackNames(): string[] {
  return standardRulePacks().map((p) => p.readPackName);
}

/** Registers the standard packs and the project's own on the app: any unacknowledged finding fails synth. */
export function registerRulePacks(app: IConstruct): void {
  Validations.of(app).addPlugins(...standardRulePacks(app), new HardenedChecks(app));
}
