// Memory of the leader and follower tabs (page and workers) and the list's DOM, after the adds.
import { log, r1 } from './config.mjs';
import { heapMb } from './browser.mjs';
import { record, step } from './results.mjs';
import { workerHeapMb } from './workers.mjs';

/** Memory and DOM, after the adds (GC forced first). */
export async function memory({ impl, size, at, A, B }) {
  await step('memory', [at('heap_leader_mb'), at('heap_follower_mb')], impl, async () => {
    const leader = await heapMb(A);
    const follower = await heapMb(B);
    record(at('heap_leader_mb'), impl, leader);
    record(at('heap_follower_mb'), impl, follower);
    log(`  ${impl} heap @${size}: leader ${r1(leader)} MB, follower ${r1(follower)} MB (main thread)`);
  });
  if (impl !== 'dexie') {
    const workerFigures = [
      'worker_heap_leader_mb',
      'worker_heap_follower_mb',
      'worker_wasm_leader_mb',
      'worker_wasm_follower_mb',
    ];
    await step('worker memory', workerFigures.map(at), impl, async () => {
      const leader = await workerHeapMb(A);
      const follower = await workerHeapMb(B);
      record(at('worker_heap_leader_mb'), impl, leader.js);
      record(at('worker_heap_follower_mb'), impl, follower.js);
      record(at('worker_wasm_leader_mb'), impl, leader.wasm);
      record(at('worker_wasm_follower_mb'), impl, follower.wasm);
      log(`  ${impl} worker JS heap @${size}: leader ${r1(leader.js)} MB, follower ${r1(follower.js)} MB`);
      log(`  ${impl} worker WASM memory @${size}: leader ${r1(leader.wasm)} MB, follower ${r1(follower.wasm)} MB`);
    });
  }
  await step('DOM nodes', [at('list_dom_nodes')], impl, async () => {
    const n = await A.evaluate(() => window.bench.listNodes());
    record(at('list_dom_nodes'), impl, n.nodes, n);
    log(`  ${impl} DOM @${size}: ${n.nodes} nodes under the list, ${n.rows} rows`);
  });
}
