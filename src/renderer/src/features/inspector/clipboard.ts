/**
 * Copy to the clipboard: the async Clipboard API where the page may use it (Electron, https,
 * localhost), else the old selection + execCommand way (web mode over plain http on a LAN
 * address). Says which failed instead of pretending it copied.
 */
export interface ClipboardEnv {
  writeText: ((text: string) => Promise<void>) | null;
  execCopy(text: string): boolean;
}

const browserEnv = (): ClipboardEnv => ({
  writeText:
    typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext
      ? (t) => navigator.clipboard.writeText(t)
      : null,
  execCopy: (text) => {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } finally {
      area.remove();
    }
  },
});

export type CopyResult = { ok: true; via: 'clipboard' | 'fallback' } | { ok: false; error: string };

export async function copyText(text: string, env: ClipboardEnv = browserEnv()): Promise<CopyResult> {
  let apiError: string | null = null;
  if (env.writeText) {
    try {
      await env.writeText(text);
      return { ok: true, via: 'clipboard' };
    } catch (err) {
      apiError = err instanceof Error ? err.message : String(err);
    }
  }
  try {
    if (env.execCopy(text)) return { ok: true, via: 'fallback' };
  } catch {
    // reported below
  }
  return {
    ok: false,
    error: apiError
      ? `the clipboard refused (${apiError}) and so did the fallback`
      : 'the browser refused to copy',
  };
}
