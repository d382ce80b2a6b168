// The dual-era client, @modelcontextprotocol/client 2.x, drives lf-mcp over
// stdio pinned to the stateless revision 2026-07-28 (server/discover, _meta
// on every request, no initialize): every tool, resources, prompts, progress
// from an execution; then in 'auto' mode, which must also pick 2026-07-28.
import { check, equal, lfMcp, main, require, serverEnv, watchProgress } from './support.mjs';
import { expectedTools, tourTools } from './tool_tour.mjs';

const { Client } = require('@modelcontextprotocol/client');
const { StdioClientTransport } = require('@modelcontextprotocol/client/stdio');

async function connect(mode) {
  const client = new Client({ name: 'lf-mcp-modern-test', version: '1.0.0' },
    { versionNegotiation: { mode, probe: { timeoutMs: 5000 } } });
  const transport = new StdioClientTransport({ command: lfMcp, args: [], env: serverEnv(), stderr: 'pipe' });
  await client.connect(transport);
  return { client, transport };
}

await main(async () => {
  const { client, transport } = await connect({ pin: '2026-07-28' });
  equal('pinned: the revision is 2026-07-28', client.getNegotiatedProtocolVersion(), '2026-07-28');
  const { tools } = await client.listTools();
  equal('pinned: every tool is listed across pages', tools.map((t) => t.name).sort(), [...expectedTools].sort());
  const called = await tourTools(client, tools, 'modern');
  equal('pinned: every tool was called', [...called].sort(), [...expectedTools].sort());

  const progress = watchProgress(transport);
  const result = await client.callTool(
    { name: 'lf_run_execute', arguments: { workflow_asset_id: 'workflow.text_plan', run_id: 'watched', inputs: { prompt: 'watch me' } } },
    { onprogress: () => {} });
  equal('pinned: an execution with a progress token succeeds', result.structuredContent?.status, 'succeeded');
  check('pinned: the run events arrive as progress', progress.some((p) => /run\.succeeded/.test(p.message ?? '')),
    JSON.stringify(progress));
  check('pinned: progress increases', progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress));

  const { resources } = await client.listResources();
  check('pinned: resources list every page', resources.some((r) => r.uri === 'lf://runs/watched/manifest')
    && resources.some((r) => r.uri === 'lf://guide/authoring-assets'));
  const { resourceTemplates } = await client.listResourceTemplates();
  equal('pinned: two templates', resourceTemplates.length, 2);
  const read = await client.readResource({ uri: 'lf://assets/llm.planner' });
  check('pinned: an asset resource is its source', /model\(META\.id\)/.test(read.contents[0].text));
  try {
    await client.readResource({ uri: 'lf://assets/no.such' });
    check('pinned: a missing resource is an error', false);
  } catch (error) {
    equal('pinned: a missing resource is -32602 in 2026-07-28', error.code, -32602);
  }
  const { prompts } = await client.listPrompts();
  equal('pinned: two prompts', prompts.length, 2);
  const diagnose = await client.getPrompt({ name: 'diagnose_run', arguments: { run_id: 'watched' } });
  check('pinned: diagnose_run shows the run', /watched/.test(diagnose.messages[0].content.text));
  try {
    await client.callTool({ name: 'lf_nope', arguments: {} });
    check('pinned: an unknown tool is a protocol error', false);
  } catch (error) {
    check('pinned: an unknown tool is refused', /lf_nope/.test(String(error.message)), String(error));
  }
  const child = transport._process;
  const exited = child ? new Promise((resolve) => child.on('exit', (code) => resolve(code))) : Promise.resolve(0);
  await client.close();
  equal('pinned: lf-mcp exits 0 when the client closes', await exited, 0);

  const auto = await connect('auto');
  equal('auto: the client picks 2026-07-28', auto.client.getNegotiatedProtocolVersion(), '2026-07-28');
  const status = await auto.client.callTool({ name: 'lf_run_status', arguments: { run_id: 'watched' } });
  equal('auto: tools work', status.structuredContent?.status, 'succeeded');
  await auto.client.close();

  const legacy = await connect('legacy');
  equal('legacy mode: the handshake picks 2025-11-25', legacy.client.getNegotiatedProtocolVersion(), '2025-11-25');
  const list = await legacy.client.callTool({ name: 'lf_assets_list', arguments: { kind: 'model' } });
  check('legacy mode: tools work', list.structuredContent?.assets?.some((a) => a.meta.id === 'llm.planner'));
  await legacy.client.close();
});
