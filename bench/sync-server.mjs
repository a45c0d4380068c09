// The sync server under load, no browser (issue 25, "Measure"): N simulated devices, each with a
// live connection open and pushing one mutation at a time (push → answer → next), against one or
// two `todo-widget-sync` instances (round-robin) on a throwaway PostgreSQL. Prints mutations/s,
// push latency p50/p95, and the instances' memory per connected device.
//
//   npm run build:server && node bench/sync-server.mjs            # 100 and 1,000 devices, 1 and 2 instances
//   SYNC_BENCH_DEVICES=100 SYNC_BENCH_SECONDS=5 node bench/sync-server.mjs
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { readFile } from 'node:fs/promises';

import { startPostgres } from '../scripts/postgres.mjs';

const DEVICES = (process.env.SYNC_BENCH_DEVICES ?? '100,1000').split(',').map(Number);
const INSTANCES = (process.env.SYNC_BENCH_INSTANCES ?? '1,2').split(',').map(Number);
const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 10);

async function startInstance(url) {
  const child = spawn(process.execPath, ['dist/server/cli.js', '--dev', '--port', '0', '--database', url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const read = (chunk) => {
      output += chunk;
      const match = /Sync URL: (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`instance exited ${code}: ${output}`)));
  });
  return { base, child };
}

async function rssKb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(url, deviceCount, instanceCount) {
  const instances = [];
  for (let i = 0; i < instanceCount; i++) instances.push(await startInstance(url));
  try {
    const rssBefore = await Promise.all(instances.map((i) => rssKb(i.child.pid)));
    const devices = Array.from({ length: deviceCount }, (_, n) => ({
      token: `bench-${deviceCount}-${instanceCount}-${n}-${randomUUID().slice(0, 8)}`,
      base: instances[n % instanceCount].base,
    }));
    // Each device's live connection, on another instance than it pushes to when there are two.
    const lives = await Promise.all(
      devices.map(async (device, n) => {
        const controller = new AbortController();
        const response = await fetch(`${instances[(n + 1) % instanceCount].base}/v1/live`, {
          headers: { authorization: `Bearer ${device.token}` },
          signal: controller.signal,
        });
        const reader = response.body.getReader();
        (async () => {
          for (;;) if ((await reader.read()).done) return;
        })().catch(() => {});
        return controller;
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const rssLive = await Promise.all(instances.map((i) => rssKb(i.child.pid)));
    const latencies = [];
    let errors = 0;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      devices.map(async (device) => {
        while (Date.now() < end) {
          const start = performance.now();
          const response = await fetch(`${device.base}/v1/push`, {
            method: 'POST',
            headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              protocol: 1,
              mutations: [{ id: randomUUID(), kind: 'put', todo: { id: randomUUID(), list: 'bench', title: 'load' } }],
            }),
          }).catch(() => undefined);
          if (response?.status === 200) {
            await response.arrayBuffer();
            latencies.push(performance.now() - start);
          } else {
            errors++;
            await response?.arrayBuffer();
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }),
    );
    for (const live of lives) live.abort();
    latencies.sort((a, b) => a - b);
    const perDeviceKb = rssLive.reduce((sum, kb, i) => sum + kb - rssBefore[i], 0) / Math.max(1, deviceCount);
    return {
      devices: deviceCount,
      instances: instanceCount,
      mutationsPerSecond: Math.round(latencies.length / SECONDS),
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      errors,
      memoryPerDeviceKb: Math.round(perDeviceKb),
    };
  } finally {
    for (const { child } of instances) child.kill('SIGTERM');
  }
}

const cluster = await startPostgres();
try {
  console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB; ${SECONDS} s per run`);
  const results = [];
  for (const devices of DEVICES) {
    for (const instances of INSTANCES) {
      const result = await run(cluster.url, devices, instances);
      results.push(result);
      console.log(JSON.stringify(result));
    }
  }
  console.table(results);
} finally {
  await cluster.stop();
}
