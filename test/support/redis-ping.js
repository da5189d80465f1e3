/**
 * Exits 0 when the Redis server at the given URL answers PING, 1 otherwise. No dependencies, so it works
 * where redis-cli is not installed.
 *
 *   node test/support/redis-ping.js redis://127.0.0.1:6379
 */
const net = require('node:net');

const url = new URL(process.argv[2] || 'redis://127.0.0.1:6379');
const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
let answer = '';

socket.setTimeout(2000);
socket.on('connect', () => socket.write('PING\r\n'));
socket.on('data', (chunk) => {
  answer += chunk.toString('utf8');
  if (answer.includes('\r\n')) {
    socket.end();
    process.exitCode = answer.startsWith('+PONG') ? 0 : 1;
  }
});
socket.on('timeout', () => socket.destroy(new Error('no answer within 2 s')));
socket.on('error', (error) => {
  console.error(`redis-ping ${url.host}: ${error.message}`);
  process.exitCode = 1;
});
