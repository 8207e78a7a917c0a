import { defineCommand } from '../command.js';
export const serve = defineCommand({ name: 'serve', summary: 'serve a recorded or piped event stream to the dashboard and WebSocket clients', usage: 'gradstream serve --stdin | --replay FILE [options]', options: {}, async run() { return 0; } });
