// The lfd contract check: sends a scripted request for every operation in
// openapi/lightflow.yaml to a running lfd and validates each JSON response
// body against the schema the document gives for that status, with ajv
// (JSON Schema 2020-12) — an independent validator, not LightFlow's code.
// Usage: node contract.mjs <npm dir> <openapi.yaml> <base url> <token>
//          <degraded base url> <state dir of base> <pid of base>
// The degraded lfd has no CortexFS, no compiler and --max-executions 0 (its
// 503 answers); the state directory is where the 500 cases damage a run; the
// pid is stopped at the end, with a wait pending (503 while stopping).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [npmDir, specPath, base, token, degradedBase, stateDir, lfdPid] = process.argv.slice(2);
const require = createRequire(path.join(npmDir, 'node_modules', 'noop.js'));
const SwaggerParser = require('@apidevtools/swagger-parser');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const spec = await SwaggerParser.dereference(specPath);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const auth = { authorization: `Bearer ${token}` };
const json = { ...auth, 'content-type': 'application/json' };
let passed = 0;
let failed = 0;
const covered = new Set();
const statuses = new Set();

function fail(what, detail) {
  failed += 1;
  console.log(`FAIL ${what}: ${detail}`);
}

// Sends one request, checks its status and validates its body.
async function check(method, template, target, expect, init = {}) {
  const what = `${method} ${target} -> ${expect}`;
  const response = await fetch((init.base ?? base) + target,
                               { method, ...init, headers: init.headers ?? auth });
  const text = await response.text();
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) {
    return fail(what, `no operation ${method} ${template} in the document`);
  }
  covered.add(`${method} ${template}`);
  if (response.status !== expect) {
    return fail(what, `status ${response.status}: ${text.slice(0, 300)}`);
  }
  const documented = operation.responses[String(expect)];
  if (!documented) {
    return fail(what, `status ${expect} is not documented`);
  }
  statuses.add(`${method} ${template} ${expect}`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0];
  const media = documented.content?.[type];
  if (!media) {
    return fail(what, `content type ${type} is not documented`);
  }
  if (type === 'application/json') {
    const validate = ajv.compile(media.schema);
    if (!validate(JSON.parse(text))) {
      return fail(what, ajv.errorsText(validate.errors) + ` in ${text.slice(0, 300)}`);
    }
  }
  if (type === 'text/event-stream') {
    // Every event's data is an events.jsonl line: the RunEvent schema.
    const validate = ajv.compile(spec.components.schemas.RunEvent);
    let events = 0;
    for (const block of text.split('\n\n')) {
      const fields = Object.fromEntries(block.split('\n').filter((line) => line.includes(': '))
        .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
      if (fields.id === undefined) {
        continue;
      }
      const data = JSON.parse(fields.data);
      if (!validate(data)) {
        return fail(what, ajv.errorsText(validate.errors) + ` in ${fields.data.slice(0, 300)}`);
      }
      if (String(data.seq) !== fields.id || data.event !== fields.event) {
        return fail(what, `event id ${fields.id} / name ${fields.event} do not match ${fields.data}`);
      }
      events += 1;
    }
    if (events === 0) {
      return fail(what, 'the stream carried no event');
    }
  }
  if (documented.headers?.Location && !response.headers.get('location')) {
    return fail(what, 'the documented Location header is missing');
  }
  passed += 1;
  console.log(`ok   ${what}`);
  return text;
}

const create = (id, extra = {}) =>
  JSON.stringify({ workflow_asset_id: 'workflow.parallel_angles', run_id: id,
                   inputs: { question: 'Is FUSE fast enough?' }, ...extra });
const post = (body) => ({ method: 'POST', headers: json, body });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

await check('GET', '/health', '/health', 200);
await check('GET', '/health', '/health', 401, { headers: {} });
await check('GET', '/ctx/abi', '/ctx/abi', 200);
await check('GET', '/assets', '/assets?kind=workflow', 200);
await check('GET', '/assets', '/assets', 400);
await check('GET', '/assets/{asset_id}', '/assets/workflow.parallel_angles', 200);
await check('GET', '/assets/{asset_id}', '/assets/workflow.nope', 404);
for (const kind of ['/workflows', '/nodes', '/compositions', '/models']) {
  await check('GET', kind, kind, 200);
}
await check('POST', '/runs/preview', '/runs/preview', 200, post(create('p1')));
await check('POST', '/runs/preview', '/runs/preview', 404,
            post(JSON.stringify({ workflow_asset_id: 'workflow.nope' })));
await check('POST', '/runs', '/runs', 202, post(create('r1')));
await check('POST', '/runs', '/runs', 409, post(create('r1')));
await check('POST', '/runs', '/runs', 400, post('{"workflow_asset_id":'));
await check('POST', '/runs', '/runs', 415,
            { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
await check('POST', '/runs', '/runs', 413, post('x'.repeat(9 * 1024 * 1024)));
await check('GET', '/runs', '/runs', 200);
await check('GET', '/runs/{run_id}', '/runs/r1', 200);
await check('GET', '/runs/{run_id}', '/runs/nope', 404);
// (fetch resolves %2e%2e itself; an encoded slash reaches lfd as it is.)
await check('GET', '/runs/{run_id}', '/runs/..%2Fetc', 400);
await check('GET', '/runs/{run_id}/status', '/runs/r1/status', 200);
await check('GET', '/runs/{run_id}/request', '/runs/r1/request', 200);
await check('GET', '/runs/{run_id}/workflow', '/runs/r1/workflow', 200);
await check('GET', '/runs/{run_id}/events', '/runs/r1/events', 200);
await check('GET', '/runs/{run_id}/trace', '/runs/r1/trace', 200);
await check('POST', '/runs/{run_id}/steps/{step_id}/submit', '/runs/r1/steps/optimist/submit', 202,
            { method: 'POST', headers: auth });
await check('POST', '/runs/{run_id}/steps/{step_id}/submit', '/runs/r1/steps/optimist/submit', 409,
            { method: 'POST', headers: auth });
await check('POST', '/runs/{run_id}/refresh', '/runs/r1/refresh', 200, { method: 'POST', headers: auth });
await check('GET', '/runs/{run_id}/steps/{step_id}/output', '/runs/r1/steps/optimist/output', 412);
await check('POST', '/runs/{run_id}/steps/{step_id}/retry', '/runs/r1/steps/optimist/retry', 409,
            { method: 'POST', headers: auth });
await check('GET', '/runs/{run_id}/wait', '/runs/r1/wait?timeout_s=1', 412);
await check('GET', '/runs/{run_id}/wait', '/runs/r1/wait?timeout_s=x', 400);

// Executions inside lfd: started, cancelled, waited for.
await check('POST', '/runs/{run_id}/exec', '/runs/r1/exec', 202, { method: 'POST', headers: auth });
await check('POST', '/runs/{run_id}/cancel', '/runs/r1/cancel', 200, { method: 'POST', headers: auth });
await check('GET', '/runs/{run_id}/wait', '/runs/r1/wait?timeout_s=10', 200);
await check('POST', '/runs/exec', '/runs/exec', 202, post(create('r3', { options: { max_parallel: 1 } })));
await check('POST', '/runs/exec', '/runs/exec', 409, post(create('r3')));
await check('POST', '/runs/exec', '/runs/exec', 400,
            post(create('r4', { options: { max_parallel: 0 } })));
await check('DELETE', '/runs/{run_id}', '/runs/r3', 409);
await check('POST', '/runs/{run_id}/cancel', '/runs/r3/cancel', 200, { method: 'POST', headers: auth });
await check('POST', '/runs/{run_id}/rerun', '/runs/r1/rerun', 202,
            post(JSON.stringify({ run_id: 'r2', inputs: { question: 'And is it safe?' } })));
await check('POST', '/runs/{run_id}/cancel', '/runs/r2/cancel', 200, { method: 'POST', headers: auth });
await check('GET', '/runs/{run_id}/wait', '/runs/r2/wait?timeout_s=10', 200);
await check('GET', '/runs/{run_id}/diff/{other_run_id}', '/runs/r1/diff/r2', 200);
await check('GET', '/runs/{run_id}/diff/{other_run_id}', '/runs/r1/diff/nope', 404);
await check('GET', '/runs/{run_id}/events', '/runs/r2/events?follow=1', 200);
await check('POST', '/runs/{run_id}/rerun', '/runs/nope/rerun', 404, { method: 'POST', headers: auth });
await check('POST', '/runs/{run_id}/exec', '/runs/nope/exec', 404, { method: 'POST', headers: auth });
// Authoring, against the test's own copy of the project's assets.
const sourceText = JSON.parse(await check('GET', '/assets/{asset_id}/source',
                                          '/assets/workflow.text_plan/source', 200)).source;
await check('GET', '/assets/{asset_id}/source', '/assets/workflow.nope/source', 404);
const copyText = sourceText.replaceAll('workflow.text_plan', 'workflow.contract_copy');
const put = (body, extra = {}) => ({ method: 'PUT', headers: { ...json, ...extra }, body });
const created = await fetch(`${base}/assets/workflow.contract_copy/source`,
                            put(JSON.stringify({ kind: 'workflow', source: copyText })));
const createdEtag = created.headers.get('etag');
if (created.status !== 201 || !createdEtag) {
  fail('PUT /assets/workflow.contract_copy/source (create)', `status ${created.status}: ${await created.text()}`);
} else {
  await created.text();
}
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.contract_copy/source', 200,
            put(JSON.stringify({ source: copyText.replace('Drafts a plan', 'Drafts a plan again') }),
                { 'if-match': createdEtag }));
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.contract_copy/source', 412,
            put(JSON.stringify({ source: copyText }), { 'if-match': createdEtag }));
const current = await fetch(`${base}/assets/workflow.contract_copy/source`, { headers: auth });
const currentEtag = current.headers.get('etag');
await current.text();
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.contract_copy/source', 422,
            put(JSON.stringify({ source: copyText.replace('"node.llm_prompt"', '"node.nope"') }),
                { 'if-match': currentEtag }));
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.fresh/source', 201,
            put(JSON.stringify({ kind: 'workflow',
                                 source: sourceText.replaceAll('workflow.text_plan', 'workflow.fresh') })));
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.contract_copy/source', 400,
            put(JSON.stringify({ kind: 'workflow' }), { 'if-match': currentEtag }));
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.contract_copy/source', 415,
            { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' });
await check('POST', '/assets/validate', '/assets/validate', 200,
            post(JSON.stringify({ kind: 'workflow', id: 'workflow.text_plan', source: sourceText })));
await check('POST', '/assets/validate', '/assets/validate', 400,
            post(JSON.stringify({ kind: 'workflow' })));
await check('POST', '/assets/validate', '/assets/validate', 415,
            { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' });

// The runtime stream. The WebSocket's frames are decoded by stream_decode.mjs
// (stream_test.cpp); here its refusals before the handshake.
const streams = JSON.parse(await check('GET', '/runtime/streams', '/runtime/streams', 200));
if (streams.server.base_url !== base) {
  fail('GET /runtime/streams', `base_url ${streams.server.base_url} is not where lfd answered (${base})`);
}
await check('GET', '/runtime/streams/schema.fbs', '/runtime/streams/schema.fbs', 200);
await check('GET', '/runtime/streams/{run_id}/snapshot.fb', '/runtime/streams/r1/snapshot.fb', 200);
await check('GET', '/runtime/streams/{run_id}/snapshot.fb', '/runtime/streams/nope/snapshot.fb', 404);
await check('GET', '/runtime/streams/{run_id}/live', '/runtime/streams/r1/live', 426);
await check('GET', '/runtime/streams/{run_id}/live', '/runtime/streams/nope/live', 404);
await check('GET', '/runtime/streams/{run_id}/live', '/runtime/streams/r1/live?after_seq=x', 400);
// The execution thread lets go of the run right after its record says so.
for (let i = 0; i < 50; i += 1) {
  const probe = await fetch(`${base}/runs/r2`, { method: 'DELETE', headers: auth });
  if (probe.status !== 409) {
    break;
  }
  await sleep(100);
}
await check('DELETE', '/runs/{run_id}', '/runs/r2', 404);
await check('DELETE', '/runs/{run_id}', '/runs/r1', 200);

// MCP over HTTP (docs/mcp.md): an initialize, the refusals. A body with only
// notifications (202, no body) is covered by the MCP tests.
const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'contract', version: '1' } } });
await check('POST', '/mcp', '/mcp', 200, post(initialize));
await check('POST', '/mcp', '/mcp', 200, post(JSON.stringify([{ jsonrpc: '2.0', id: 2, method: 'ping' }])));
await check('POST', '/mcp', '/mcp', 401, { method: 'POST', headers: { 'content-type': 'application/json' }, body: initialize });
await check('POST', '/mcp', '/mcp', 404,
            { method: 'POST', headers: { ...json, 'mcp-session-id': 'not-a-session' }, body: initialize });
await check('POST', '/mcp', '/mcp', 415, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' });
// 401 on every operation: no token, and a wrong one.
const samples = { run_id: 'r1', step_id: 'optimist', asset_id: 'workflow.text_plan',
                  other_run_id: 'r2' };
for (const [template, item] of Object.entries(spec.paths)) {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
    if (item[method.toLowerCase()]) {
      const target = template.replace(/\{(\w+)\}/g, (_, name) => samples[name]);
      await check(method, template, target, 401, { method, headers: {} });
      await check(method, template, target, 401,
                  { method, headers: { authorization: 'Bearer not-the-token' } });
    }
  }
}

// 503 where a dependency is missing or lfd executes nothing more, from an lfd
// without CortexFS, without a compiler and with --max-executions 0.
const at = (init) => ({ ...init, base: degradedBase });
await check('POST', '/runs', '/runs', 202, at(post(create('d1'))));
await check('POST', '/runs/{run_id}/steps/{step_id}/submit', '/runs/d1/steps/optimist/submit', 503,
            at({ method: 'POST', headers: auth }));
await check('POST', '/runs/exec', '/runs/exec', 503, at(post(create('d2'))));
await check('POST', '/runs/{run_id}/exec', '/runs/d1/exec', 503, at({ method: 'POST', headers: auth }));
await check('POST', '/runs/{run_id}/rerun', '/runs/d1/rerun', 503, at(post('{}')));
await check('POST', '/assets/validate', '/assets/validate', 503,
            at(post(JSON.stringify({ kind: 'workflow', id: 'workflow.text_plan', source: sourceText }))));
await check('PUT', '/assets/{asset_id}/source', '/assets/workflow.brand_new/source', 503,
            at(put(JSON.stringify({ kind: 'workflow',
                                    source: sourceText.replaceAll('workflow.text_plan',
                                                                  'workflow.brand_new') }))));

// 500: a run whose stored files were damaged behind LightFlow's back.
await check('POST', '/runs', '/runs', 202, post(create('c1')));
const runDir = path.join(stateDir, 'runs', 'c1');
fs.writeFileSync(path.join(runDir, 'request.json'), '{"cut short');
await check('GET', '/runs/{run_id}/request', '/runs/c1/request', 500);
fs.writeFileSync(path.join(runDir, 'resolved_workflow.json'), '[1, 2');
await check('GET', '/runs/{run_id}/workflow', '/runs/c1/workflow', 500);
fs.writeFileSync(path.join(runDir, 'manifest.json'), 'not json at all');
await check('GET', '/runs/{run_id}', '/runs/c1', 500);
await check('POST', '/runs/{run_id}/refresh', '/runs/c1/refresh', 500, { method: 'POST', headers: auth });
// The runs folder replaced by a file: creating a run is refused by the system.
fs.renameSync(path.join(stateDir, 'runs'), path.join(stateDir, 'runs.moved'));
fs.writeFileSync(path.join(stateDir, 'runs'), 'not a folder');
await check('POST', '/runs', '/runs', 500, post(create('c2')));
fs.rmSync(path.join(stateDir, 'runs'));
fs.renameSync(path.join(stateDir, 'runs.moved'), path.join(stateDir, 'runs'));

// 503 for a wait pending while lfd stops: the run executes (its requests are
// never answered here), the wait is on its way, then lfd gets SIGTERM. Last,
// since lfd is gone afterwards.
await check('POST', '/runs/exec', '/runs/exec', 202, post(create('s1')));
const pending = check('GET', '/runs/{run_id}/wait', '/runs/s1/wait?timeout_s=60', 503);
await sleep(500);
process.kill(Number(lfdPid), 'SIGTERM');
await pending;

for (const [template, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'delete']) {
    if (item[method] && !covered.has(`${method.toUpperCase()} ${template}`)) {
      fail(`${method.toUpperCase()} ${template}`, 'not exercised');
    }
  }
}
console.log(`${statuses.size} documented (operation, status) pairs checked`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
