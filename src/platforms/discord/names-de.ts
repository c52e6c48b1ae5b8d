/** German slash-command and option names live with the command table (src/commands/names.ts). */
export { DE_NAMES, deName } from '../../commands/names.js';
