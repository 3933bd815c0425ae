// One measurement of GET /children/{id} (a random sampled child per request) with autocannon, for
// scripts/audit-benchmark.sh. Usage: node drive.mjs URL COOKIE IDS_FILE SECONDS CONNECTIONS [RATE]
// Without RATE: closed loop (each connection sends its next request when the last is answered) — throughput.
// With RATE: autocannon -R RATE, spread over CONNECTIONS connections, so each connection sends about RATE/CONNECTIONS
// requests a second and a slow answer does not slow the offered rate until latency passes CONNECTIONS/RATE seconds.
// Prints one JSON line: ok answers per second, latency percentiles in ms (from every answer), non-2xx and errors.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

const [url, cookie, idsFile, seconds, connections, rate] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
const times = [];
let ok = 0;
const options = {
  url,
  connections: Number(connections),
  duration: Number(seconds),
  timeout: 30,
  headers: { cookie },
  requests: [{ setupRequest: (request) => ({ ...request, path: `/children/${ids[Math.floor(Math.random() * ids.length)]}` }) }],
};
if (Number(rate) > 0) options.overallRate = Number(rate);

const started = process.hrtime.bigint();
const instance = autocannon(options);
instance.on('response', (_client, status, _bytes, responseTime) => {
  times.push(responseTime);
  if (status >= 200 && status < 300) ok++;
});
const result = await instance;
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
times.sort((a, b) => a - b);
const at = (p) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] : NaN);
console.log(JSON.stringify({
  okPerSecond: ok / elapsed, answers: times.length, p50: at(50), p95: at(95), p99: at(99),
  non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
}));
