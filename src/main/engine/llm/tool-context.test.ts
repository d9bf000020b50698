import { describe, expect, it } from 'vitest';
import {
  StopResponse,
  ToolArgumentsError,
  ToolContext,
  ToolError,
  ToolSchemaError,
  functionTool,
  getFncToolNames,
  prepareFunctionArguments,
  toToolDefinitions,
  withoutIgnoreOnEnter,
} from './tool-context';

const weatherParams = {
  type: 'object',
  properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'], default: 'c' } },
  required: ['location'],
};

const weather = functionTool({
  name: 'get_weather',
  description: 'weather',
  parameters: weatherParams,
  execute: async (args) => `sunny in ${String(args.location)}`,
});

describe('functionTool', () => {
  it('rejects an invalid schema naming the tool and the field', () => {
    const make = () =>
      functionTool({
        name: 'bad_tool',
        parameters: { type: 'object', properties: { x: { type: 'strin' } } },
        execute: async () => null,
      });
    expect(make).toThrow(ToolSchemaError);
    expect(make).toThrow(/bad_tool.*properties\.x\.type/);
  });

  it('rejects a non-object root and an empty name', () => {
    expect(() => functionTool({ name: 't', parameters: { type: 'string' }, execute: () => null })).toThrow(
      /"t".*"type"/,
    );
    expect(() => functionTool({ name: ' ', execute: () => null })).toThrow(/name cannot be empty/);
  });

  it('defaults to no parameters and turns sync throws into rejections', async () => {
    const t = functionTool({
      name: 'noop',
      execute: () => {
        throw new ToolError('nope');
      },
    });
    expect(t.parameters).toEqual({ type: 'object', properties: {} });
    await expect(t.execute({}, undefined as never)).rejects.toBeInstanceOf(ToolError);
  });
});

describe('prepareFunctionArguments', () => {
  const prep = (json: string) =>
    prepareFunctionArguments({ toolName: 'get_weather', parameters: weatherParams, jsonArguments: json });

  it('parses, validates and fills defaults', () => {
    expect(prep('{"location":"Tokyo"}')).toEqual({ location: 'Tokyo', unit: 'c' });
    expect(prep('{"location":"Tokyo","unit":null}')).toEqual({ location: 'Tokyo', unit: 'c' });
  });

  it('rejects bad JSON, non-objects, missing fields and wrong types', () => {
    expect(() => prep('{"location":')).toThrow(/malformed JSON/);
    expect(() => prep('[1]')).toThrow(/must be a JSON object/);
    expect(() => prep('{}')).toThrow(/required property 'location'/);
    expect(() => prep('{"location":3}')).toThrow(/location: must be string/);
    expect(() => prep('{"location":null}')).toThrow(ToolArgumentsError);
  });

  it('treats empty arguments as {}', () => {
    expect(
      prepareFunctionArguments({ toolName: 'x', parameters: { type: 'object' }, jsonArguments: '' }),
    ).toEqual({});
  });
});

describe('ToolContext', () => {
  const other = functionTool({ name: 'other', flags: { ignoreOnEnter: true }, execute: () => null });

  it('indexes tools by name and refuses duplicates', () => {
    const ctx = new ToolContext([weather, other]);
    expect(ctx.functionTools.get('get_weather')).toBe(weather);
    expect(getFncToolNames(ctx.flatten())).toEqual(['get_weather', 'other']);
    expect(() => new ToolContext([weather, weather])).toThrow(/duplicate function name: get_weather/);
  });

  it('compares by tool identity', () => {
    expect(new ToolContext([weather]).equals(new ToolContext([weather]))).toBe(true);
    const clone = functionTool({ name: 'get_weather', parameters: weatherParams, execute: () => null });
    expect(new ToolContext([weather]).equals(new ToolContext([clone]))).toBe(false);
    expect(new ToolContext([weather]).copy().equals(new ToolContext([weather]))).toBe(true);
  });

  it('builds LLM definitions and filters IGNORE_ON_ENTER tools', () => {
    expect(toToolDefinitions([weather])).toEqual([
      { name: 'get_weather', description: 'weather', parameters: weatherParams },
    ]);
    expect(getFncToolNames(withoutIgnoreOnEnter([weather, other]))).toEqual(['get_weather']);
  });

  it('StopResponse and ToolError are distinguishable errors', () => {
    expect(new StopResponse()).toBeInstanceOf(Error);
    expect(new ToolError('x').message).toBe('x');
  });
});
