import { CONTROLS } from '../../lib/controls/catalog';
import { ALL_MUTATIONS } from '../../lib/mutation/catalog';

// The bar of issue #18: at least 3 mutations for every template-checkable control, at least 90 in all.
const templateControls = CONTROLS.filter((c) => c.kind === 'template').map((c) => c.id);

test('at least 3 mutations for every template-checkable control and at least 90 in all', () => {
  const perControl = templateControls.map((id) => [id, ALL_MUTATIONS.filter((m) => m.control === id).length] as const);
  expect(perControl.filter(([, n]) => n < 3)).toEqual([]);
  expect(ALL_MUTATIONS.length).toBeGreaterThanOrEqual(90);
});

test('mutation ids are unique and every mutation names a template-checkable control and its change', () => {
  expect(new Set(ALL_MUTATIONS.map((m) => m.id)).size).toBe(ALL_MUTATIONS.length);
  expect(ALL_MUTATIONS.filter((m) => !templateControls.includes(m.control)).map((m) => m.id)).toEqual([]);
  expect(ALL_MUTATIONS.filter((m) => m.change.length < 20 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)).map((m) => m.id)).toEqual([]);
  expect(ALL_MUTATIONS.filter((m) => m.findingOn && m.findingOn.why.length < 20).map((m) => m.id)).toEqual([]);
});
