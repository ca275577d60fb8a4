import { STATEFUL_RESOURCE_TYPES } from '../../lib/nag/rules/data/StatefulResourceRetained';
import { allTemplates } from '../support/assembly';

// DATA-5: nothing is lost on `cdk destroy` or on a replacement. The types are the rule pack's
// own list, so the rule and this walk of the synthesized templates judge the same resources.
const KEEPS_ON_DELETE = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];
const KEEPS_ON_REPLACE = ['Retain', 'Snapshot'];

test('every stateful resource in every stack of both regions survives stack deletion and replacement', () => {
  const lost: string[] = [];
  let checked = 0;
  for (const { id, template } of allTemplates()) {
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (!STATEFUL_RESOURCE_TYPES.includes(resource.Type)) continue;
      checked++;
      if (!KEEPS_ON_DELETE.includes(resource.DeletionPolicy) || !KEEPS_ON_REPLACE.includes(resource.UpdateReplacePolicy)) {
        lost.push(`${id}/${logicalId} (${resource.Type}): DeletionPolicy=${resource.DeletionPolicy}, UpdateReplacePolicy=${resource.UpdateReplacePolicy}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(0);
  expect(lost).toEqual([]);
});
