// lfd's POST /mcp: the legacy SDK's Streamable HTTP client tours every tool
// (with a session id), the dual-era client pinned to 2026-07-28 works without
// one, and raw requests check the HTTP rules: 202 for notifications, the
// session header only for initialize, the bearer token, unknown sessions.
// Usage: node http_lfd.mjs <lfd url> <token>
import { check, equal, main, require, watchProgress } from './support.mjs';
import { expectedTools, tourTools } from './tool_tour.mjs';

const [base, token] = process.argv.slice(2);
const url = new URL('/mcp', base);
const auth = { authorization: `Bearer ${token}` };

async function post(body, headers = {}) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body),
    headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
  const text = await response.text();
  return { status: response.status, session: response.headers.get('mcp-session-id'),
    type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

const modernMeta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

await main(async () => {
  const sdk = require('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const legacy = new sdk.Client({ name: 'lf-mcp-http-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: auth } });
  await legacy.connect(transport);
  check('legacy over HTTP: a session id was given', typeof transport.sessionId === 'string' && transport.sessionId.length > 0);
  const tools = [];
  let cursor;
  do {
    const page = await legacy.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  equal('legacy over HTTP: every tool is listed', tools.map((t) => t.name).sort(), [...expectedTools].sort());
  const called = await tourTools(legacy, tools, 'http');
  equal('legacy over HTTP: every tool was called', [...called].sort(), [...expectedTools].sort());
  // A call with a progress token is answered as an event stream: the
  // progress as it comes, then the result.
  const progress = watchProgress(transport);
  const watched = await legacy.callTool({ name: 'lf_run_execute', arguments: {
    workflow_asset_id: 'workflow.text_plan', run_id: 'http-watched', inputs: { prompt: 'over http' } } },
  undefined, { onprogress: () => {} });
  equal('legacy over HTTP: an execution with progress succeeds', watched.structuredContent?.status, 'succeeded');
  check('legacy over HTTP: the run events arrive as progress', progress.some((p) => /run\.succeeded/.test(p.message)),
    JSON.stringify(progress));
  await legacy.ping();
  await legacy.close();

  const v2 = require('@modelcontextprotocol/client');
  const modern = new v2.Client({ name: 'lf-mcp-http-modern', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' }, probe: { timeoutMs: 5000 } } });
  await modern.connect(new v2.StreamableHTTPClientTransport(url, { requestInit: { headers: auth } }));
  equal('modern over HTTP: 2026-07-28', modern.getNegotiatedProtocolVersion(), '2026-07-28');
  const status = await modern.callTool({ name: 'lf_run_status', arguments: { run_id: 'http-first' } });
  equal('modern over HTTP: tools work', status.structuredContent?.status, 'succeeded');
  const { tools: modernTools } = await modern.listTools();
  equal('modern over HTTP: the same tools', modernTools.length, expectedTools.length);
  await modern.close();

  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  check('initialize answers JSON with a session id', init.status === 200 && /json/.test(init.type) && init.session);
  equal('initialize negotiates 2025-11-25', init.body?.result?.protocolVersion, '2025-11-25');
  const note = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': init.session });
  equal('a notification is answered 202', note.status, 202);
  equal('a 202 has no body', note.body, null);
  const discover = await post({ jsonrpc: '2.0', id: 'd', method: 'server/discover', params: { _meta: modernMeta } });
  check('server/discover answers without a session', discover.status === 200 && discover.session === null
    && discover.body?.result?.resultType === 'complete');
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: modernMeta } });
  check('a stateless tools/list carries cache hints', list.body?.result?.ttlMs >= 0 && list.body?.result?.cacheScope === 'public');
  const unknown = await post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'lf_nope', _meta: modernMeta } });
  equal('an unknown tool is -32602 over HTTP', unknown.body?.error?.code, -32602);
  const batch = await post([{ jsonrpc: '2.0', id: 4, method: 'ping' }, { jsonrpc: '2.0', method: 'notifications/initialized' }]);
  equal('a batch is answered with an array', batch.body?.map((r) => r.id), [4]);
  const execute = (id, runId) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'lf_run_execute',
    _meta: { ...modernMeta, progressToken: `t-${id}` },
    arguments: { workflow_asset_id: 'workflow.text_plan', run_id: runId, inputs: { prompt: runId } } } });
  const plain = await post(execute(7, 'http-plain'), { accept: 'application/json' });
  check('a client that accepts only JSON gets JSON', /json/.test(plain.type) && plain.body?.result?.structuredContent?.status === 'succeeded',
    JSON.stringify(plain).slice(0, 300));
  const streamed = await fetch(url, { method: 'POST', body: JSON.stringify(execute(8, 'http-streamed')),
    headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
  equal('a call with a progress token is streamed', streamed.headers.get('content-type'), 'text/event-stream');
  const events = (await streamed.text()).split('\n\n').filter((block) => block.includes('data: '))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)));
  check('the stream carries progress first', events.length > 1 && events.slice(0, -1).every((e) => e.method === 'notifications/progress'
    && e.params.progressToken === 't-8'), JSON.stringify(events).slice(0, 300));
  equal('the stream ends with the response', events.at(-1)?.result?.structuredContent?.status, 'succeeded');
  const stranger = await post({ jsonrpc: '2.0', id: 5, method: 'ping' }, { 'mcp-session-id': 'made-up' });
  equal('an unknown session is 404', stranger.status, 404);
  const foreign = await post({ jsonrpc: '2.0', id: 6, method: 'ping' }, { origin: 'http://rebound.example' });
  equal('a foreign Origin is refused', foreign.status, 403);
  const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  equal('the bearer token is required', anonymous.status, 401);
  const malformed = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"jsonrpc":' });
  equal('malformed JSON is a parse error', (await malformed.json())?.error?.code, -32700);
});
