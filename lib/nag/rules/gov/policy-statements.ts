/** Reading IAM policy documents: bucket, topic and role policies (GOV-1, FILE-1, MON-1, MON-4). */
import { isObject } from '../../engine/values';

/** The IAM policy statements of a policy document value (a single statement or a list). */
export function statementsOf(document: unknown): Record<string, any>[] {
  if (!isObject(document)) return [];
  const s = document.Statement;
  return (Array.isArray(s) ? s : [s]).filter(isObject);
}

/** Whether an IAM action pattern (`wafv2:Update*`, `s3:*`, `*`) covers `action` (case-insensitive, like IAM). */
export function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(action);
}
