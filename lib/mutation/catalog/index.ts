/** Every mutation of the suite, by area in catalog order. */
import { Mutation } from '../mutation';
import { APP_MUTATIONS, DATA_MUTATIONS } from './app-data';
import { LOG_MUTATIONS, WEB_MUTATIONS } from './log-web';
import { FILE_MUTATIONS, GOV_MUTATIONS, MON_MUTATIONS } from './mon-file-gov';
import { NET_MUTATIONS } from './net';

export const ALL_MUTATIONS: readonly Mutation[] = [
  ...NET_MUTATIONS,
  ...LOG_MUTATIONS,
  ...WEB_MUTATIONS,
  ...APP_MUTATIONS,
  ...DATA_MUTATIONS,
  ...MON_MUTATIONS,
  ...FILE_MUTATIONS,
  ...GOV_MUTATIONS,
];
