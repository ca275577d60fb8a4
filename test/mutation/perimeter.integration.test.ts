import { NET_MUTATIONS } from '../../lib/mutation/catalog/net';
import { proveByMutation } from './prove';

// NET-1..7 proven by mutation (issue #18).
proveByMutation(NET_MUTATIONS);
