// `npm run preflight [-- -c config=prod.json …]`: before a deploy, read-only checks of the account
// and both regions against the configuration synth builds. Prints the verdict table; exits 1 on
// any FAIL (a pipeline gates on it), 2 when the flags or the configuration are invalid.
import { main } from '../lib/operations/command';
import { PREFLIGHT_CHECKS } from '../lib/operations/preflight';

void main('hardened-stack preflight', PREFLIGHT_CHECKS);
