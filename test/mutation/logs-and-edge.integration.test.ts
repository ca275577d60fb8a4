import { LOG_MUTATIONS, WEB_MUTATIONS } from '../../lib/mutation/catalog/log-web';
import { proveByMutation } from './prove';

// LOG-1..4 and WEB-1..6 proven by mutation (issue #18).
proveByMutation([...LOG_MUTATIONS, ...WEB_MUTATIONS]);
