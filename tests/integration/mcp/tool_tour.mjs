// One call of every lf-mcp tool, in an order that makes each meaningful, for
// any connected client of either SDK generation. Checks each result and
// returns the names called.
import { check, equal, schemaErrors } from './support.mjs';

export const expectedTools = [
  'lf_assets_list', 'lf_asset_show', 'lf_asset_source', 'lf_asset_validate', 'lf_asset_write',
  'lf_assets_check', 'lf_asset_new', 'lf_authoring_guide',
  'lf_run_preview', 'lf_run_create', 'lf_run_list', 'lf_run_get', 'lf_run_status', 'lf_run_submit',
  'lf_run_refresh', 'lf_run_cancel', 'lf_run_retry', 'lf_run_delete', 'lf_run_events',
  'lf_run_trace', 'lf_run_output', 'lf_run_diff',
  'lf_run_execute', 'lf_run_resume', 'lf_run_rerun', 'lf_run_wait',
  'lf_ctx_abi', 'lf_ctx_step_paths', 'lf_ctx_routes', 'lf_health',
];

export async function tourTools(client, tools, label) {
  const schemas = new Map(tools.map((t) => [t.name, t]));
  const called = new Set();
  const R = Object.fromEntries(['manual', 'first', 'second', 'later', 'doomed'].map((n) => [n, `${label}-${n}`]));
  const call = async (name, args, { fails = false } = {}) => {
    called.add(name);
    // The arguments the tour sends are right: ajv agrees with the server's check.
    const argumentErrors = schemaErrors(schemas.get(name).inputSchema, args);
    check(`${label} ${name} arguments fit its inputSchema`, argumentErrors === null, argumentErrors);
    const result = await client.callTool({ name, arguments: args });
    const text = result.content?.[0]?.text ?? '';
    check(`${label} ${name} ${fails ? 'fails' : 'succeeds'}`, Boolean(result.isError) === fails, text.slice(0, 600));
    check(`${label} ${name} has a text rendering`, result.content?.[0]?.type === 'text' && text.length > 0);
    if (result.structuredContent !== undefined) {
      const errors = schemaErrors(schemas.get(name).outputSchema, result.structuredContent);
      check(`${label} ${name} matches its outputSchema`, errors === null, errors);
    } else {
      check(`${label} ${name} has structuredContent`, fails);
    }
    return result.structuredContent ?? { text };
  };
  for (const tool of tools) {
    check(`${label} ${tool.name} has both schemas`, tool.inputSchema?.type === 'object' && tool.outputSchema?.type === 'object');
  }

  const health = await call('lf_health', {});
  check(`${label} health sees the mount`, health.cortexfs?.mounted === true, JSON.stringify(health.cortexfs));
  await call('lf_ctx_abi', {});
  const routes = await call('lf_ctx_routes', {});
  check(`${label} routes list the offline provider`, routes.providers?.includes('local'), JSON.stringify(routes));
  const guide = await call('lf_authoring_guide', {});
  check(`${label} the guide is the asset language`, /workflow/.test(guide.text));
  const workflows = await call('lf_assets_list', { kind: 'workflow' });
  check(`${label} workflows are listed`, workflows.assets?.some((a) => a.meta.id === 'workflow.text_plan'));
  const shown = await call('lf_asset_show', { id: 'workflow.text_plan' });
  equal(`${label} a shipped workflow has no issues`, shown.issues, []);
  const source = await call('lf_asset_source', { id: 'workflow.text_plan' });
  const valid = await call('lf_asset_validate', { kind: 'workflow', id: 'workflow.text_plan', source: source.source });
  equal(`${label} its own source validates`, valid.ok, true);
  const created = await call('lf_asset_new', { kind: 'workflow', id: `workflow.tour_${label}` });
  const skeleton = await call('lf_asset_source', { id: created.id });
  const written = await call('lf_asset_write', { kind: 'workflow', id: created.id,
    source: skeleton.source.replace('.stability = Stability::draft', '.stability = Stability::experimental'),
    expected_hash: skeleton.source_hash });
  equal(`${label} the edit is written`, written.written, true);
  const stale = await call('lf_asset_write', { kind: 'workflow', id: created.id, source: skeleton.source,
    expected_hash: skeleton.source_hash }, { fails: true });
  check(`${label} a stale hash is refused`, /failed_precondition/.test(stale.text), stale.text);
  const report = await call('lf_assets_check', { ids: [created.id] });
  equal(`${label} the new asset checks`, report.ok, true);

  const inputs = { prompt: `plan a ${label} tour` };
  const preview = await call('lf_run_preview', { workflow_asset_id: 'workflow.text_plan', inputs });
  equal(`${label} the preview is ready`, preview.ready, true);
  await call('lf_run_create', { workflow_asset_id: 'workflow.text_plan', inputs, run_id: R.manual });
  await call('lf_run_submit', { run_id: R.manual, step_id: 'draft' });
  let refreshed;
  for (let i = 0; i < 100; i += 1) {
    refreshed = await call('lf_run_refresh', { run_id: R.manual });
    if (refreshed.steps?.[0]?.status === 'succeeded') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  equal(`${label} a submitted step is answered`, refreshed.steps?.[0]?.status, 'succeeded');
  const answer = await call('lf_run_output', { run_id: R.manual, step_id: 'draft' });
  check(`${label} the offline provider answered`, /offline provider/.test(answer.text ?? ''), answer.text);

  const executed = await call('lf_run_execute', { workflow_asset_id: 'workflow.text_plan', inputs, run_id: R.first });
  equal(`${label} execute runs to success`, [executed.finished, executed.status], [true, 'succeeded']);
  check(`${label} execute returns the final answer`, typeof executed.outputs?.draft?.text === 'string', JSON.stringify(executed));
  equal(`${label} wait on a finished run`, (await call('lf_run_wait', { run_id: R.first, timeout_s: 5 })).status, 'succeeded');
  equal(`${label} status`, (await call('lf_run_status', { run_id: R.first })).status, 'succeeded');
  equal(`${label} manifest`, (await call('lf_run_get', { run_id: R.first })).run_id, R.first);
  check(`${label} list`, (await call('lf_run_list', {})).runs?.length >= 2);
  const events = await call('lf_run_events', { run_id: R.first, after_seq: 0 });
  check(`${label} events end with run.succeeded`, events.events?.at(-1)?.event === 'run.succeeded', JSON.stringify(events.events?.at(-1)));
  await call('lf_run_trace', { run_id: R.first });
  const paths = await call('lf_ctx_step_paths', { run_id: R.first, step_id: 'draft' });
  check(`${label} step paths name the request`, JSON.stringify(paths.cortex).includes(`${R.first}.`), JSON.stringify(paths));
  const rerun = await call('lf_run_rerun', { run_id: R.first, new_run_id: R.second, inputs_patch: { prompt: 'another plan' } });
  equal(`${label} rerun succeeds`, rerun.status, 'succeeded');
  const diff = await call('lf_run_diff', { run_a: R.first, run_b: R.second });
  check(`${label} the diff shows the changed input`, diff.inputs?.some((i) => i.name === 'prompt'), JSON.stringify(diff.inputs));
  await call('lf_run_create', { workflow_asset_id: 'workflow.text_plan', inputs, run_id: R.later });
  equal(`${label} resume runs a created run`, (await call('lf_run_resume', { run_id: R.later })).status, 'succeeded');
  const retry = await call('lf_run_retry', { run_id: R.first, step_id: 'draft' }, { fails: true });
  check(`${label} retrying a succeeded step is a conflict`, /^conflict/.test(retry.text), retry.text);
  await call('lf_run_create', { workflow_asset_id: 'workflow.text_plan', inputs, run_id: R.doomed });
  equal(`${label} cancel`, (await call('lf_run_cancel', { run_id: R.doomed })).cancelled, true);
  equal(`${label} delete`, (await call('lf_run_delete', { run_id: R.doomed })).deleted, true);
  const gone = await call('lf_run_status', { run_id: R.doomed }, { fails: true });
  check(`${label} a deleted run is not found`, gone.text.startsWith(`not_found: run ${R.doomed}`), gone.text);
  return called;
}
