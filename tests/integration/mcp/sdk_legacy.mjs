// The legacy-era client, @modelcontextprotocol/sdk 1.x, drives lf-mcp over
// stdio: the initialize handshake, every tool, resources, prompts, ping, an
// unknown tool, and a clean exit when the client closes stdin.
import { check, equal, lfMcp, main, require, serverEnv } from './support.mjs';
import { expectedTools, tourTools } from './tool_tour.mjs';

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

await main(async () => {
  const transport = new StdioClientTransport({ command: lfMcp, args: ['--stdio'], env: serverEnv(), stderr: 'pipe' });
  const client = new Client({ name: 'lf-mcp-legacy-test', version: '1.0.0' });
  await client.connect(transport);
  equal('the server names itself', client.getServerVersion()?.name, 'lf-mcp');
  check('the server offers tools, resources and prompts',
    ['tools', 'resources', 'prompts'].every((k) => client.getServerCapabilities()?.[k]));
  check('the server gives instructions', /lf_authoring_guide/.test(client.getInstructions() ?? ''));

  let cursor;
  const tools = [];
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  equal('every tool is listed', tools.map((t) => t.name).sort(), [...expectedTools].sort());
  const called = await tourTools(client, tools, 'legacy');
  equal('every tool was called', [...called].sort(), [...expectedTools].sort());

  const resources = [];
  cursor = undefined;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    resources.push(...page.resources);
    cursor = page.nextCursor;
  } while (cursor);
  const uris = resources.map((r) => r.uri);
  check('the guide is a resource', uris.includes('lf://guide/authoring-assets'));
  check('each asset is a resource', uris.includes('lf://assets/workflow.text_plan'));
  check('each run is a resource', uris.includes('lf://runs/legacy-first/manifest'));
  const templates = await client.listResourceTemplates();
  equal('two resource templates', templates.resourceTemplates.map((t) => t.uriTemplate),
    ['lf://assets/{asset_id}', 'lf://runs/{run_id}/manifest']);
  const asset = await client.readResource({ uri: 'lf://assets/workflow.text_plan' });
  check('an asset resource is its source', /workflow\(META\.id\)/.test(asset.contents[0].text));
  const manifest = await client.readResource({ uri: 'lf://runs/legacy-first/manifest' });
  equal('a run resource is its manifest', JSON.parse(manifest.contents[0].text).run_id, 'legacy-first');
  const guide = await client.readResource({ uri: 'lf://guide/authoring-assets' });
  equal('the guide is Markdown', guide.contents[0].mimeType, 'text/markdown');
  try {
    await client.readResource({ uri: 'lf://runs/nope/manifest' });
    check('a missing resource is an error', false);
  } catch (error) {
    equal('a missing resource is -32002 in the handshake era', error.code, -32002);
  }

  const prompts = await client.listPrompts();
  equal('two prompts', prompts.prompts.map((p) => p.name), ['write_workflow', 'diagnose_run']);
  const write = await client.getPrompt({ name: 'write_workflow', arguments: { goal: 'summarise a text' } });
  check('write_workflow walks through the tools', /lf_asset_validate/.test(write.messages[0].content.text));
  const diagnose = await client.getPrompt({ name: 'diagnose_run', arguments: { run_id: 'legacy-first' } });
  check('diagnose_run shows the run', /run\.succeeded/.test(diagnose.messages[0].content.text));

  await client.ping();
  try {
    await client.callTool({ name: 'lf_nope', arguments: {} });
    check('an unknown tool is a protocol error', false);
  } catch (error) {
    equal('an unknown tool is -32602', error.code, -32602);
  }
  const child = transport._process;
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  await client.close();
  equal('lf-mcp exits 0 when the client closes', await exited, 0);
});
