import { FILE_MUTATIONS, GOV_MUTATIONS, MON_MUTATIONS } from '../../lib/mutation/catalog/mon-file-gov';
import { proveByMutation } from './prove';

// MON-1..5, FILE-1 and GOV-1..2 proven by mutation (issue #18).
proveByMutation([...MON_MUTATIONS, ...FILE_MUTATIONS, ...GOV_MUTATIONS]);
