/**
 * The widest range an allowlist that WAF exempts from a block (admin paths, the site in pattern 3)
 * may name: registered places, not the internet (NET-5). The configuration refuses wider ranges
 * at load time (config/validate.ts); the rule pack judges the templates by the same floor.
 */
export const ALLOWLIST_MIN_PREFIX = { IPV4: 16, IPV6: 48 } as const;
