// `npm run verify [-- -c config=prod.json …]`: after a deploy, read-only checks that the deployment
// works (site over TLS 1.3, alarms OK, canary green, firewall logs archived and copied, GuardDuty
// runtime coverage, backups and DR copies, the replica). Exits 1 on any FAIL, 2 on invalid flags.
import { main } from '../lib/operations/command';
import { VERIFY_CHECKS } from '../lib/operations/verify';

void main('hardened-stack verify', VERIFY_CHECKS);
