import { CONTROLS, JUDGED_BY_STANDARD_PACKS, SEEDS, controlById, isControlId } from '../../lib/controls/catalog';
import { ruleId } from '../../lib/nag/engine/rule';
import { HARDENED_RULES } from '../../lib/nag/hardened-checks';

describe('the control catalog', () => {
  test('holds every control of CONTROLS.md and the application side, with unique ids', () => {
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      ...['NET-1', 'NET-2', 'NET-3', 'NET-4', 'NET-5', 'NET-6', 'NET-7'],
      ...['LOG-1', 'LOG-2', 'LOG-3', 'LOG-4'],
      ...['WEB-1', 'WEB-2', 'WEB-3', 'WEB-4', 'WEB-5', 'WEB-6'],
      ...['APP-1', 'APP-2', 'APP-3'],
      ...['DATA-1', 'DATA-2', 'DATA-3', 'DATA-4', 'DATA-5', 'DATA-6'],
      ...['MON-1', 'MON-2', 'MON-3', 'MON-4', 'MON-5'],
      'FILE-1',
      ...['GOV-1', 'GOV-2', 'RES-1'],
      ...['APPSIDE-1', 'APPSIDE-2', 'APPSIDE-3', 'APPSIDE-4', 'APPSIDE-5'],
    ]);
  });

  test('judges each control the way the catalog says', () => {
    expect(controlById('RES-1')?.kind).toBe('manual');
    expect(controlById('GOV-2')?.kind).toBe('template');
    expect(CONTROLS.filter((c) => c.kind === 'app').map((c) => c.id)).toEqual(['APPSIDE-1', 'APPSIDE-2', 'APPSIDE-3', 'APPSIDE-4', 'APPSIDE-5']);
    expect(CONTROLS.filter((c) => c.kind === 'manual').map((c) => c.id)).toEqual(['RES-1']);
  });

  test('cites only known seeds, and every control cites one', () => {
    const seeds = new Set(SEEDS.map((s) => s.id));
    expect([...seeds]).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
    for (const c of CONTROLS) {
      expect(c.seeds.length).toBeGreaterThan(0);
      for (const s of c.seeds) expect(seeds.has(s)).toBe(true);
      expect(c.title).not.toBe('');
      expect(c.how).not.toBe('');
      expect(c.section).not.toBe('');
    }
  });

  test('looks controls up by id', () => {
    expect(controlById('FILE-1')?.seeds).toEqual(['S0', 'S2', 'S3', 'S4']);
    expect(controlById('NOPE-1')).toBeUndefined();
    expect(isControlId('NET-3')).toBe(true);
    expect(isControlId('NET-9')).toBe(false);
  });
});

describe('the catalog and the Hardened pack', () => {
  test('every template control has a rule, except GOV-2, which the standard packs judge', () => {
    expect(JUDGED_BY_STANDARD_PACKS).toEqual(['GOV-2']);
    const enforced = new Set(HARDENED_RULES.map((r) => r.control));
    const withoutRule = CONTROLS.filter((c) => c.kind === 'template' && !enforced.has(c.id)).map((c) => c.id);
    expect(withoutRule).toEqual([...JUDGED_BY_STANDARD_PACKS]);
  });

  test('every rule enforces a template control of the catalog', () => {
    for (const r of HARDENED_RULES) expect([ruleId(r), controlById(r.control)?.kind]).toEqual([ruleId(r), 'template']);
  });
});
