// A fixed offered rate for scripts/audit-benchmark.sh: GET /children/{id} (a random sampled child per request) sent
// at evenly spaced instants, RATE a second for SECONDS, whether or not earlier requests have been answered (open loop).
// Each latency is measured from the instant the request was due to be sent, not from when it went out, so a slow
// server (or a slow driver) cannot hide queueing ("coordinated omission").
// Why not autocannon -R: it spreads the rate over its connections and each connection sends on its own timer, all
// started together, so the requests arrive in bursts (100 connections at 100 req/s: all 100 in the same millisecond,
// once a second). That measures a burst, not an offered rate; this spaces them 1000/RATE ms apart.
// Usage: node open-loop.mjs URL COOKIE IDS_FILE SECONDS RATE. Prints one JSON line like drive.mjs.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [url, cookie, idsFile, seconds, rate] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
const interval = 1000 / Number(rate);
const count = Math.round(Number(seconds) * Number(rate));
const times = [];
let ok = 0, non2xx = 0, errors = 0;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function send(dueAt) {
  return new Promise((resolve) => {
    const request = http.request({
      host: target.hostname, port: target.port, agent, method: 'GET',
      path: `/children/${ids[Math.floor(Math.random() * ids.length)]}`, headers: { cookie }, timeout: 30000,
    }, (response) => {
      response.on('data', () => {});
      response.on('end', () => {
        times.push(nowMs() - dueAt);
        if (response.statusCode >= 200 && response.statusCode < 300) ok++; else non2xx++;
        resolve();
      });
    });
    request.on('error', () => { errors++; times.push(nowMs() - dueAt); resolve(); });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.end();
  });
}

const started = nowMs();
const pending = [];
for (let i = 0; i < count; i++) {
  const dueAt = started + i * interval;
  const wait = dueAt - nowMs();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(send(dueAt));
}
await Promise.all(pending);
const elapsed = (nowMs() - started) / 1000;
agent.destroy();
times.sort((a, b) => a - b);
const at = (p) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] : NaN);
console.log(JSON.stringify({
  offered: Number(rate), okPerSecond: ok / elapsed, answers: times.length, p50: at(50), p95: at(95), p99: at(99), max: at(100),
  non2xx, errors,
}));
