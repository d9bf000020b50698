/**
 * The chat items an `llm_request` event carries, as plain, bounded, detached data. A request
 * carries up to PAYLOAD_ITEM_LIMIT items and consecutive requests carry nearly the same ones, so
 * each item is copied once, when a request first carries it, and that frozen copy is reused by
 * later requests for as long as the item still equals it. Copying every carried item on every
 * request made a turn's cost grow with the history (the engine's top function in the benchmark).
 *
 * Items are plain data but not immutable: the engine sets a message's `metrics` after it entered
 * the context and a user's hook may edit an item in place. So a copy is reused only after
 * checking, field by field and without allocating, that the live item still has exactly the
 * values copied; an edited item gets a fresh copy, so an event always shows the item as it was
 * when the request was made.
 */
import {
  PAYLOAD_ITEM_LIMIT,
  PAYLOAD_TEXT_LIMIT,
  PAYLOAD_TOTAL_CHARS,
  TRUNCATED_MARK,
  type ChatItemData,
} from '../../../../shared/engine-events';

/** `text` itself when short enough, else its first `limit` characters and a note of how many were cut. */
export function boundText(text: string, limit = PAYLOAD_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}${TRUNCATED_MARK}${text.length - limit} more characters]`;
}

/** The one text field of each item type that may be long (and is cut); null for none. */
function textField(item: ChatItemData): 'content' | 'arguments' | 'output' | 'instructions' | null {
  switch (item.type) {
    case 'message':
      return 'content';
    case 'function_call':
      return 'arguments';
    case 'function_call_output':
      return 'output';
    case 'agent_config_update':
      return typeof item.instructions === 'string' ? 'instructions' : null;
    default:
      return null;
  }
}

interface ItemCopy {
  /** The copy events carry: detached, frozen (events share it), its long text cut. */
  readonly data: Readonly<ChatItemData>;
  /** Characters of the (cut) text, for the payload's total budget. */
  readonly chars: number;
  /** The text field that was cut and its full value, to compare the live item with. */
  readonly cutField: string | null;
  readonly cutFrom: string | null;
  /** Own keys of the live item when copied (a key added later is a change). */
  readonly keys: number;
}

const copies = new WeakMap<ChatItemData, ItemCopy>();

type Plain = Record<string, unknown>;

/** A deep copy of plain data (objects, arrays, primitives), frozen; strings are shared (immutable). */
function frozenCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  const out: Plain = {};
  for (const key in value) out[key] = frozenCopy((value as Plain)[key]);
  return Object.freeze(out);
}

/**
 * Whether the object or array `live` still holds exactly the values of its copy `copy`: deep, no
 * allocation. Primitives are compared inline (most fields are), so only nested objects recurse.
 */
function sameNested(live: object, copy: unknown): boolean {
  if (typeof copy !== 'object' || copy === null) return false;
  if (Array.isArray(live)) {
    if (!Array.isArray(copy) || live.length !== copy.length) return false;
    for (let i = 0; i < live.length; i++) {
      const v: unknown = live[i];
      if (v !== copy[i] && (typeof v !== 'object' || v === null || !sameNested(v, copy[i]))) return false;
    }
    return true;
  }
  if (Array.isArray(copy)) return false;
  let n = 0;
  for (const key in live) {
    n += 1;
    if (!sameField((live as Plain)[key], copy as Plain, key)) return false;
  }
  let m = 0;
  for (const _key in copy) m += 1;
  return n === m;
}

/** Whether `value` (of the live object's `key`) equals the copy's `key`, present in both. */
function sameField(value: unknown, copy: Plain, key: string): boolean {
  const kept = copy[key];
  if (value === kept) return value !== undefined || key in copy;
  return typeof value === 'object' && value !== null && sameNested(value, kept);
}

function unchanged(item: ChatItemData, copy: ItemCopy): boolean {
  const data = copy.data as Plain;
  let n = 0;
  for (const key in item) {
    n += 1;
    const value = (item as Plain)[key];
    if (key === copy.cutField ? value !== copy.cutFrom : !sameField(value, data, key)) return false;
  }
  return n === copy.keys;
}

function makeCopy(item: ChatItemData): ItemCopy {
  const data = frozenCopy(item) as Plain;
  let keys = 0;
  for (const _key in item) keys += 1;
  const field = textField(item);
  const text = field === null ? '' : (data[field] as string);
  if (field === null || text.length <= PAYLOAD_TEXT_LIMIT)
    return { data: data as ChatItemData, chars: text.length, cutField: null, cutFrom: null, keys };
  const cut = boundText(text);
  const bounded = Object.freeze({ ...data, [field]: cut }) as ChatItemData;
  return { data: bounded, chars: cut.length, cutField: field, cutFrom: text, keys };
}

/** The event copy of `item`: the one made before when the item has not changed since, else a new one. */
function itemCopy(item: ChatItemData): ItemCopy {
  const known = copies.get(item);
  if (known && unchanged(item, known)) return known;
  const fresh = makeCopy(item);
  copies.set(item, fresh);
  return fresh;
}

/**
 * The newest items as event copies, as many as fit in PAYLOAD_ITEM_LIMIT items and `totalChars`
 * characters of (cut) text (the newest one always); `omitted` counts the older ones left out.
 * The copies are frozen and shared between events: read them, never edit them.
 */
export function boundChatItems(
  items: readonly ChatItemData[],
  totalChars = PAYLOAD_TOTAL_CHARS,
): { items: ChatItemData[]; omitted: number } {
  const kept: ChatItemData[] = [];
  let chars = 0;
  let i = items.length - 1;
  for (; i >= 0 && kept.length < PAYLOAD_ITEM_LIMIT; i--) {
    const copy = itemCopy(items[i]);
    chars += copy.chars;
    if (kept.length > 0 && chars > totalChars) break;
    kept.push(copy.data);
  }
  // Items just older than the window have usually left it for good (the context grows at its
  // end): let their copies go, so copies are kept for about one window of items, not the history.
  // Stops at the first item without a copy, so each copy is dropped at most once.
  for (; i >= 0 && copies.delete(items[i]); i--);
  return { items: kept.reverse(), omitted: items.length - kept.length };
}
