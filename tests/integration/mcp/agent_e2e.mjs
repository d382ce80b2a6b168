// An agent's session through lf-mcp, with the legacy SDK client: it reads the
// guide, writes the model alias its workflow needs, writes a three-step
// workflow with a deliberate mistake, fixes it from the tool's error, previews
// it, runs it on the offline provider through a real ctxfs mount, and reruns
// it with one input changed (the unchanged steps come from the step cache).
import { check, equal, lfMcp, main, require, serverEnv, watchProgress } from './support.mjs';

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

const modelSource = `// The model alias the briefing workflow uses.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "llm.briefing",
    .version = "0.1.0",
    .title = "Briefing LLM",
    .kind = Kind::model,
    .description = "Chat model alias for short briefings.",
    .stability = Stability::draft,
};

inline auto define() {
  return model(META.id).capability(Capability::chat).preferred_format("openai.chat").param("temperature", 0.1);
}
`;

// The brief step reads {{steps.fact.text}}: there is no step "fact".
const workflowWithMistake = `// Facts, then a briefing from them, then a headline in a chosen style.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.briefing",
    .version = "0.1.0",
    .title = "Briefing",
    .kind = Kind::workflow,
    .description = "Collects facts on a subject, writes a briefing and gives it a headline.",
    .stability = Stability::draft,
};

inline auto define() {
  return workflow(META.id)
      .input(string_field("subject").describe("What to brief on.").required())
      .input(string_field("style").describe("Headline style.").default_value("plain"))
      .required_model("llm.briefing")
      .api_step("facts", "node.llm_prompt", "openai.chat")
      .openai_chat("llm.briefing")
      .user("List five facts about {{inputs.subject}}.")
      .api_step("brief", "node.llm_prompt", "openai.chat")
      .after("facts")
      .openai_chat("llm.briefing")
      .user("Write a briefing from these facts: {{steps.fact.text}}")
      .api_step("headline", "node.llm_prompt", "openai.chat")
      .after("brief")
      .openai_chat("llm.briefing")
      .user("Write a {{inputs.style}} headline for: {{steps.brief.text}}");
}
`;

await main(async () => {
  const client = new Client({ name: 'lf-mcp-agent', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: lfMcp, args: [], env: serverEnv(), stderr: 'pipe' });
  await client.connect(transport);
  const call = async (name, args) => client.callTool({ name, arguments: args });

  const guide = await call('lf_authoring_guide', {});
  check('the agent reads the guide', /api_step/.test(guide.structuredContent?.text ?? ''));
  const models = await call('lf_assets_list', { kind: 'model' });
  check('llm.briefing does not exist yet', !models.structuredContent.assets.some((a) => a.meta.id === 'llm.briefing'));

  const model = await call('lf_asset_write', { kind: 'model', id: 'llm.briefing', source: modelSource });
  check('the model alias is written', !model.isError && model.structuredContent?.created === true, model.content[0].text);

  const wrong = await call('lf_asset_write', { kind: 'workflow', id: 'workflow.briefing', source: workflowWithMistake });
  check('the mistaken workflow is refused', wrong.isError === true);
  equal('nothing was written', wrong.structuredContent?.written, false);
  const message = wrong.content[0].text;
  check('the error names the bad reference', /steps\.fact\b/.test(message), message);
  const shown = await call('lf_asset_show', { id: 'workflow.briefing' });
  check('the refused workflow does not exist', shown.isError === true && /not_found/.test(shown.content[0].text));

  // The agent's fix: the error names steps.fact; the step is "facts".
  const fixed = workflowWithMistake.replace('{{steps.fact.text}}', '{{steps.facts.text}}');
  const valid = await call('lf_asset_validate', { kind: 'workflow', id: 'workflow.briefing', source: fixed });
  equal('the fixed text validates', valid.structuredContent?.ok, true);
  const written = await call('lf_asset_write', { kind: 'workflow', id: 'workflow.briefing', source: fixed });
  check('the fixed workflow is written', !written.isError && written.structuredContent?.written === true, written.content[0].text);

  const inputs = { subject: 'page caches', style: 'plain' };
  const preview = await call('lf_run_preview', { workflow_asset_id: 'workflow.briefing', inputs });
  equal('the preview is ready', preview.structuredContent?.ready, true);
  equal('three steps are planned', preview.structuredContent?.steps?.map((s) => s.step_id), ['facts', 'brief', 'headline']);
  check('the first request is rendered with the input',
    JSON.stringify(preview.structuredContent?.steps?.[0]?.rendered_request).includes('page caches'));

  const progress = watchProgress(transport);
  const run = await client.callTool({ name: 'lf_run_execute', arguments: { workflow_asset_id: 'workflow.briefing', run_id: 'brief-1', inputs } },
    undefined, { onprogress: () => {} });
  equal('the run succeeds on the offline provider', run.structuredContent?.status, 'succeeded');
  check('progress came from the run events', progress.some((p) => /step\.succeeded headline/.test(p.message)), JSON.stringify(progress));
  check('the final answer is the headline', /offline provider/.test(run.structuredContent?.outputs?.headline?.text ?? ''),
    JSON.stringify(run.structuredContent?.outputs));
  const brief = await call('lf_run_output', { run_id: 'brief-1', step_id: 'brief' });
  check('the brief step read the facts step', /facts/.test(brief.structuredContent?.text ?? ''), brief.structuredContent?.text);
  const paths = await call('lf_ctx_step_paths', { run_id: 'brief-1', step_id: 'facts' });
  check('the step went through CortexFS', JSON.stringify(paths.structuredContent?.cortex).includes('brief-1.'));

  const rerun = await call('lf_run_rerun', { run_id: 'brief-1', new_run_id: 'brief-2', inputs_patch: { style: 'punchy' } });
  equal('the rerun succeeds', rerun.structuredContent?.status, 'succeeded');
  const diff = await call('lf_run_diff', { run_a: 'brief-1', run_b: 'brief-2' });
  const steps = Object.fromEntries(diff.structuredContent.steps.map((s) => [s.step_id, s]));
  equal('only the style input changed', diff.structuredContent.inputs.map((i) => i.name), ['style']);
  check('facts came from the step cache', steps.facts?.cached_from_b && !steps.facts.request_changed, JSON.stringify(steps.facts));
  check('brief came from the step cache', steps.brief?.cached_from_b && !steps.brief.request_changed, JSON.stringify(steps.brief));
  check('headline was asked again', steps.headline?.request_changed && !steps.headline.cached_from_b, JSON.stringify(steps.headline));
  await client.close();
});
