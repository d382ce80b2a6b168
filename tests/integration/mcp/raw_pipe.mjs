// lf-mcp's protocol edge cases on a raw pipe: no client library in between.
// Every stdout line must be JSON; bad input gets the right JSON-RPC error and
// the server keeps going; a long call can be cancelled and then gets no reply;
// EOF in the middle of a message ends the server cleanly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RawServer, check, equal, main } from './support.mjs';

const modern = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {} };

async function protocolErrors() {
  const server = new RawServer();
  // A dual-era client probes with server/discover before anything else.
  const discover = await server.request('server/discover', { _meta: modern }, 'probe');
  equal('discover answers first', discover?.result?.resultType, 'complete');
  check('discover lists both eras', discover?.result?.supportedVersions?.includes('2026-07-28')
    && discover?.result?.supportedVersions?.includes('2025-11-25'));
  check('discover carries cache hints', discover?.result?.ttlMs >= 0 && discover?.result?.cacheScope);

  server.send('{"jsonrpc":"2.0","id":1,"method":"ping"');  // cut short
  const parse = await server.next();
  equal('malformed JSON is a parse error', parse?.error?.code, -32700);
  equal('a parse error has a null id', parse?.id, null);
  const alive = await server.request('ping', {}, 2);
  check('the server keeps going after a parse error', alive?.id === 2 && alive?.result !== undefined);

  server.send([{ jsonrpc: '2.0', id: 3, method: 'ping' },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 4, method: 'no/such' }]);
  const batch = await server.next();
  check('a batch gets an array back', Array.isArray(batch), JSON.stringify(batch));
  equal('a batch answers its requests only', batch?.map((r) => r.id), [3, 4]);
  equal('a batch reports each error', batch?.[1]?.error?.code, -32601);
  server.send([]);
  equal('an empty batch is an invalid request', (await server.next())?.error?.code, -32600);

  server.send({ id: 5, method: 'ping' });
  const noVersion = await server.next();
  equal('missing jsonrpc is an invalid request', noVersion?.error?.code, -32600);
  equal('the invalid request keeps its id', noVersion?.id, 5);
  equal('an unknown method is -32601', (await server.request('resources/subscribe', {}, 6))?.error?.code, -32601);

  // Notifications get no reply: the next line is the ping's answer.
  server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 999 } });
  equal('notifications get no reply', (await server.request('ping', {}, 7))?.id, 7);

  const unknownTool = await server.request('tools/call', { name: 'lf_nope', arguments: {} }, 8);
  equal('an unknown tool is -32602', unknownTool?.error?.code, -32602);
  const wrongType = await server.request('tools/call', { name: 'lf_assets_list', arguments: { kind: 7 } }, 9);
  check('a wrong argument type is a failed call', wrongType?.result?.isError === true);
  check('the failure names the argument', /arguments\.kind: must be string/.test(wrongType?.result?.content?.[0]?.text));
  const missing = await server.request('tools/call', { name: 'lf_run_status', arguments: {} }, 10);
  check('a missing argument is a failed call', /arguments\.run_id: is required/.test(missing?.result?.content?.[0]?.text));
  const notObject = await server.request('tools/call', { name: 'lf_run_status', arguments: [1] }, 11);
  equal('arguments that are not an object are -32602', notObject?.error?.code, -32602);
  const runMissing = await server.request('tools/call', { name: 'lf_run_status', arguments: { run_id: 'nope' } }, 12);
  check('a Service error is a failed call with its code', runMissing?.result?.isError === true
    && /^not_found: run nope/.test(runMissing?.result?.content?.[0]?.text), JSON.stringify(runMissing));

  const badVersion = await server.request('tools/list', { _meta: { ...modern,
    'io.modelcontextprotocol/protocolVersion': '2099-01-01' } }, 13);
  equal('an unsupported revision is -32022', badVersion?.error?.code, -32022);
  check('-32022 lists the supported revisions', badVersion?.error?.data?.supported?.includes('2026-07-28'));
  equal('an invalid cursor is -32602', (await server.request('tools/list', { cursor: 'bogus' }, 14))?.error?.code, -32602);

  // Pagination: every tool once, in the same order each time.
  const names = [];
  let cursor;
  let pages = 0;
  do {
    const page = await server.request('tools/list', cursor ? { cursor } : {}, `list-${pages}`);
    names.push(...(page?.result?.tools ?? []).map((t) => t.name));
    cursor = page?.result?.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  check('tools/list takes more than one page', pages > 1, `pages ${pages}`);
  equal('every tool is listed once', new Set(names).size, names.length);
  const again = await server.request('tools/list', {}, 'again');
  equal('tools/list is deterministic', again?.result?.tools?.map((t) => t.name), names.slice(0, again?.result?.tools?.length));

  // A very large message that fits, and one over the limit.
  const big = 'x'.repeat(8 << 20);
  const large = await server.request('tools/call', { name: 'lf_assets_list', arguments: { kind: 'workflow', padding: big } }, 15);
  check('an 8 MiB message is read and answered', large?.result?.isError === true
    && /padding: is not an argument/.test(large?.result?.content?.[0]?.text));
  server.send('{"jsonrpc":"2.0","id":16,"method":"ping","params":{"pad":"' + 'y'.repeat(65 << 20) + '"}}');
  const tooLarge = await server.next(60000);
  equal('a message over the limit is a parse error', tooLarge?.error?.code, -32700);
  equal('the server answers after an oversized message', (await server.request('ping', {}, 17))?.id, 17);

  // EOF in the middle of a message: a clean exit, nothing more on stdout.
  server.child.stdin.write('{"jsonrpc":"2.0","id":18,"method":"pi');
  equal('EOF mid-message exits 0', await server.close(), 0);
  equal('nothing but JSON on stdout', server.badLines, []);
  check('no reply to the cut message', server.lines.length === 0, JSON.stringify(server.lines));
}

// A CortexFS-shaped directory that never answers: an execution waits.
function silentCtx() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-silent-'));
  for (const box of ['inbox', 'outbox']) {
    fs.mkdirSync(path.join(root, 'home', '1000', 'api', 'openai.chat', box), { recursive: true });
  }
  return root;
}

async function cancellation() {
  const ctx = silentCtx();
  try {
    await cancelInSilence(ctx);
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
}

async function cancelInSilence(ctx) {
  process.env.LIGHTFLOW_CTX_MOUNT = ctx;
  process.env.LIGHTFLOW_CTX_UID = '1000';
  const server = new RawServer();
  server.send({ jsonrpc: '2.0', id: 'exec', method: 'tools/call', params: {
    name: 'lf_run_execute', _meta: { progressToken: 'p1' },
    arguments: { workflow_asset_id: 'workflow.text_plan', run_id: 'hangs', inputs: { prompt: 'wait' } } } });
  const progress = await server.next();
  equal('an execution reports progress', progress?.method, 'notifications/progress');
  equal('progress carries the token', progress?.params?.progressToken, 'p1');
  // While it runs, the reader still answers.
  equal('the reader answers during a long call', (await server.request('ping', {}, 'during'))?.id, 'during');
  server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'exec', reason: 'test' } });
  const status = await server.request('tools/call', { name: 'lf_run_wait', arguments: { run_id: 'hangs', timeout_s: 20 } }, 'wait');
  equal('cancelling the call cancels the run', status?.result?.structuredContent?.status, 'cancelled');
  const after = await server.request('ping', {}, 'after');
  equal('the cancelled call gets no response', after?.id, 'after');
  // wait:false hands the run back at once; it goes on in the background.
  const background = await server.request('tools/call', { name: 'lf_run_execute', arguments: {
    workflow_asset_id: 'workflow.text_plan', run_id: 'background', inputs: { prompt: 'later' }, wait: false } }, 'bg');
  equal('wait:false returns an unfinished run', background?.result?.structuredContent?.finished, false);
  const waited = await server.request('tools/call', { name: 'lf_run_wait', arguments: { run_id: 'background', timeout_s: 0.2 } }, 'bg-wait');
  check('a wait that runs out reports the run as unfinished', waited?.result?.isError === false
    && waited?.result?.structuredContent?.finished === false, JSON.stringify(waited?.result));
  check('the hint says how to go on', /lf_run_wait/.test(waited?.result?.content?.[0]?.text));
  const stopped = await server.request('tools/call', { name: 'lf_run_cancel', arguments: { run_id: 'background' } }, 'bg-cancel');
  equal('a background run can be cancelled by tool', stopped?.result?.structuredContent?.cancelled, true);
  equal('a cancelled call exits cleanly at EOF', await server.close(), 0);
  const others = [...server.skipped, ...server.lines];
  check('nothing but progress besides the answers', others.every((m) => m.method === 'notifications/progress'),
    JSON.stringify(others));
  check('no response to the cancelled request', others.every((m) => m.id !== 'exec'));
}

await main(async () => {
  await protocolErrors();
  await cancellation();
});
