/** Command name (from the table) → handler. One handler per file. */
import type { Handler } from '../context.js';
import { digestNowHandler } from './digest-now.js';
import { feedsAddHandler } from './feeds-add.js';
import { feedsListHandler } from './feeds-list.js';
import { feedsRemoveHandler } from './feeds-remove.js';
import { feedsStatusHandler } from './feeds-status.js';
import { feedsTestHandler } from './feeds-test.js';
import { helpHandler } from './help.js';
import { listHandler } from './list.js';
import { opmlExportHandler } from './opml-export.js';
import { opmlImportHandler } from './opml-import.js';
import { resumeHandler } from './resume.js';
import { settingsHandler } from './settings.js';
import { subscribeHandler } from './subscribe.js';
import { summaryHandler } from './summary.js';
import { unsubscribeHandler } from './unsubscribe.js';
import { whyHandler } from './why.js';

export const HANDLERS: Record<string, Handler | undefined> = {
  subscribe: subscribeHandler,
  unsubscribe: unsubscribeHandler,
  resume: resumeHandler,
  list: listHandler,
  summary: summaryHandler,
  settings: settingsHandler,
  'digest now': digestNowHandler,
  why: whyHandler,
  help: helpHandler,
  'feeds add': feedsAddHandler,
  'feeds remove': feedsRemoveHandler,
  'feeds list': feedsListHandler,
  'feeds status': feedsStatusHandler,
  'feeds test': feedsTestHandler,
  'opml import': opmlImportHandler,
  'opml export': opmlExportHandler,
};
