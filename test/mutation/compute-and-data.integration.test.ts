import { APP_MUTATIONS, DATA_MUTATIONS } from '../../lib/mutation/catalog/app-data';
import { proveByMutation } from './prove';

// APP-1..3 and DATA-1..6 proven by mutation (issue #18).
proveByMutation([...APP_MUTATIONS, ...DATA_MUTATIONS]);
