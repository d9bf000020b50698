/**
 * `studio llm --provider NAME "text"`: one reply streamed to stdout as it arrives, with the
 * agent's instructions and tools from the config, to try a scripted reply or a model and its
 * key without a session. Tool calls are printed, not executed.
 */
import { isRealtimeProvider, LlmProviderSchema, type LlmProviderConfig } from '../../shared/config';
import { ChatContext, RealClock } from '../../main/engine';
import { buildLlm } from '../../main/providers/registry';
import { KeyStore } from '../../main/studio/key-store';
import { UsageError, type Subcommand } from './command';
import { loadStudioConfig } from './config-file';
import { pickProvider } from './pick-provider';
import { parseProviderArgs } from './provider-args';

const PROVIDERS = ['simulated', 'openai'];

export const llmCommand: Subcommand = {
  summary: 'stream one reply of an LLM provider (simulated | openai) to stdout',
  usage:
    'llm --provider NAME [--config FILE] [--model M] [--base-url URL] "text"\n' +
    '  --provider NAME  simulated or openai; settings come from the config entry of that provider\n' +
    '  --config FILE    studio config (JSON): providers.llm, agent.instructions and agent.tools\n' +
    '  --model, --base-url  override the config (openai)',
  async run(args) {
    const {
      provider,
      config: configFile,
      flags,
      positionals,
    } = parseProviderArgs(args, PROVIDERS, ['model', 'base-url']);
    if (positionals.length !== 1)
      throw new UsageError(`expected one "text" argument, got ${positionals.length}`);
    const [text] = positionals;
    const config = loadStudioConfig(configFile);
    const configured = config.providers.llm;
    if (isRealtimeProvider(configured)) {
      // A speech-to-speech model has no text-only request to stream; its settings are not an LLM's.
      throw new UsageError(
        `providers.llm is a realtime model ("${configured.provider}"); this command streams pipeline LLMs (simulated | openai)`,
      );
    }
    const { entry, setting } = pickProvider<LlmProviderConfig>(
      LlmProviderSchema,
      'llm',
      configured,
      provider,
      {
        model: flags.model,
        baseURL: flags['base-url'],
      },
    );
    const llm = buildLlm(entry, setting, { clock: new RealClock(), keys: new KeyStore() });
    const chatCtx = new ChatContext();
    chatCtx.addMessage({ role: 'system', content: config.agent.instructions, createdAt: 0 });
    chatCtx.addMessage({ role: 'user', content: text, createdAt: 1 });
    const tools = config.agent.tools.map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.parameters,
    }));
    const stream = llm.chat({ chatCtx, tools, toolChoice: tools.length > 0 ? 'auto' : undefined });
    let wrote = false;
    try {
      for await (const chunk of stream) {
        const content = chunk.delta?.content;
        if (content) {
          process.stdout.write(content);
          wrote = true;
        }
        for (const call of chunk.delta?.toolCalls ?? []) {
          process.stdout.write(`${wrote ? '\n' : ''}[tool call] ${call.name} ${call.arguments}\n`);
          wrote = false;
        }
      }
    } finally {
      await stream.close();
    }
    if (wrote) process.stdout.write('\n');
    return 0;
  },
};
