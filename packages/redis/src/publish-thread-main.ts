/**
 * The publishing thread of a process (started by `openPublishThread`): it holds one Redis connection per open
 * channel (a run being published) and relays each channel's round-trips to it. Messages in:
 * `{ open: cid, url, keys, connectTimeoutMs }`, `{ send: id, cid, commands }`, `{ close: cid }`. Out:
 * `{ cid, opened: { top, run } }` or `{ cid, failed: message }` once per channel, then `{ sent: id, errors }` or `{ sent: id, failed: message }` for each round-trip.
 */
import { parentPort } from 'node:worker_threads';
import { openPublishChannel, type Command, type PublishChannel, type RunKeys } from './publish-channel.js';

type Message = { open?: number; url?: string; keys?: RunKeys; connectTimeoutMs?: number; send?: number; cid?: number; commands?: Command[]; close?: number };

const port = parentPort!;
const channels = new Map<number, PublishChannel>();

port.on('message', (message: Message) => {
  if (message.open !== undefined) {
    const cid = message.open;
    const channel = openPublishChannel(message.url!, message.keys!, message.connectTimeoutMs);
    channels.set(cid, channel);
    channel.opened.then(
      (start) => port.postMessage({ cid, opened: start }),
      (err: Error) => port.postMessage({ cid, failed: err.message }),
    );
  } else if (message.close !== undefined) {
    channels.get(message.close)?.close();
    channels.delete(message.close);
  } else {
    const id = message.send!;
    const channel = channels.get(message.cid!);
    if (!channel) return port.postMessage({ sent: id, failed: 'the channel is closed' });
    channel.send(message.commands!).then(
      (errors) => port.postMessage({ sent: id, errors }),
      (err: Error) => port.postMessage({ sent: id, failed: err.message }),
    );
  }
});
