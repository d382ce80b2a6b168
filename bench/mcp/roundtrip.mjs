// Measures lf-mcp over stdio: the latency of 1,000 tools/call round trips of
// a cheap tool (lf_ctx_abi) in one session, one request in flight at a time,
// and the time from spawning lf-mcp to the answer of its initialize. The
// baseline is the same measurement against a line echo process (`cat`):
// the cost of the pipes and of this driver alone.
// Usage: node roundtrip.mjs <lf-mcp> [round trips (default 1000)] [starts (default 20)]
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const [lfMcp, countArg, startsArg] = process.argv.slice(2);
const count = Number(countArg ?? 1000);
const starts = Number(startsArg ?? 20);

function session(command, args) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const exchange = (message) => new Promise((resolve) => {
    waiting.push(resolve);
    child.stdin.write(JSON.stringify(message) + '\n');
  });
  const close = () => new Promise((resolve) => { child.on('exit', resolve); child.stdin.end(); });
  return { started, exchange, close };
}

const ms = (nanoseconds) => Number(nanoseconds) / 1e6;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function roundTrips(command, args) {
  const server = session(command, args);
  const call = (id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'lf_ctx_abi', arguments: {} } });
  for (let i = 0; i < 100; i += 1) {
    await server.exchange(call(`warm-${i}`));
  }
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const begin = process.hrtime.bigint();
    const line = await server.exchange(call(i));
    times.push(ms(process.hrtime.bigint() - begin));
    if (i === 0 && command !== 'cat' && !line.includes('"result"')) {
      throw new Error(`unexpected answer: ${line.slice(0, 200)}`);
    }
  }
  await server.close();
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}

async function startup(command, args) {
  const times = [];
  for (let i = 0; i < starts; i += 1) {
    const server = session(command, args);
    await server.exchange({ jsonrpc: '2.0', id: 0, method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } });
    times.push(ms(process.hrtime.bigint() - server.started));
    await server.close();
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}

const echo = await roundTrips('cat', []);
const mcp = await roundTrips(lfMcp, []);
const echoStart = await startup('cat', []);
const mcpStart = await startup(lfMcp, []);
const f = (x) => x.toFixed(3);
console.log(`tools/call lf_ctx_abi, ${count} round trips over one stdio session:`);
console.log(`  lf-mcp      median ${f(mcp.median)} ms  p99 ${f(mcp.p99)} ms`);
console.log(`  cat (pipe)  median ${f(echo.median)} ms  p99 ${f(echo.p99)} ms`);
console.log(`  lf-mcp / pipe baseline: median x${(mcp.median / echo.median).toFixed(2)}, p99 x${(mcp.p99 / echo.p99).toFixed(2)}`);
console.log(`start to initialized, ${starts} starts:`);
console.log(`  lf-mcp      median ${f(mcpStart.median)} ms  p99 ${f(mcpStart.p99)} ms`);
console.log(`  cat (spawn) median ${f(echoStart.median)} ms  p99 ${f(echoStart.p99)} ms`);
console.log(`goals: median round trip < 1 ms: ${mcp.median < 1 ? 'met' : 'missed'}; startup < 50 ms: ${mcpStart.median < 50 ? 'met' : 'missed'}`);
