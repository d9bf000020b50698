import { describe, expect, it } from 'vitest';
import { decodeInvoke, encodePush, encodeResult } from './wire';

describe('wire', () => {
  it('decodes an invoke and leaves command and input to the router', () => {
    expect(decodeInvoke('{"kind":"invoke","id":3,"command":"ping","input":{"nonce":"a"}}')).toEqual({
      ok: true,
      id: 3,
      command: 'ping',
      input: { nonce: 'a' },
    });
  });

  it('cannot answer messages without a usable id', () => {
    for (const raw of [
      'nope',
      '[]',
      'null',
      '{"kind":"invoke","command":"ping"}',
      '{"kind":"invoke","id":-1}',
      '{"id":1.5}',
    ]) {
      expect(decodeInvoke(raw)).toMatchObject({ ok: false, id: null });
    }
  });

  it('answers envelope errors when the id is usable', () => {
    expect(decodeInvoke('{"kind":"result","id":4}')).toMatchObject({
      ok: false,
      id: 4,
      reason: expect.stringMatching(/^kind:/),
    });
    expect(decodeInvoke('{"kind":"invoke","id":5,"command":7}')).toMatchObject({
      ok: false,
      id: 5,
      reason: expect.stringMatching(/^command:/),
    });
  });

  it('encodes results and pushes as WireMessage JSON', () => {
    expect(JSON.parse(encodeResult(1, { ok: true, value: { stopped: true } }))).toEqual({
      kind: 'result',
      id: 1,
      result: { ok: true, value: { stopped: true } },
    });
    expect(JSON.parse(encodePush('menu', { action: 'start' }))).toEqual({
      kind: 'push',
      event: 'menu',
      payload: { action: 'start' },
    });
  });
});
