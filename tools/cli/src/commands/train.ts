import { defineCommand } from '../command.js';
export const train = defineCommand({ name: 'train', summary: 'train the linear model with minibatch SGD and print the loss per epoch', usage: 'gradstream train [options]', options: {}, async run() { return 0; } });
