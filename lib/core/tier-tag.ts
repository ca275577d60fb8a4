/**
 * The tag that carries a subnet's tier (firewall | public | app | data) into the template: the
 * network constructs set it, the rule pack reads it (NET-3, NET-4).
 */
export const TIER_TAG = 'hardened:tier';
