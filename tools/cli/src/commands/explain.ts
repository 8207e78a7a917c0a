import { defineCommand } from '../command.js';
export const explain = defineCommand({ name: 'explain', summary: 'one SGD step explained number by number', usage: 'gradstream explain [options]', options: {}, async run() { return 0; } });
