/// <reference types="electron-vite/node" />
/**
 * Electron entry: one hardened window, the IPC transport and the menu. The rules live in small
 * pure modules (security, window-state, menu, transport/ipc) so they are tested without an
 * Electron binary; this file only wires them to Electron's hooks.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  type WebContents,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { decideBuildMode } from './build-mode';
import { createLogger } from './log';
import { buildMenuTemplate } from './menu';
import {
  isAllowedPermission,
  isAllowedRequest,
  isRendererPage,
  isTrustedSender,
  type RendererOrigin,
} from './security';
import { redactorOf, sharedKeyStore } from './studio/key-store';
import { confirmationText, launchReview, LaunchTrust, type TrustRequest } from './studio/launch-trust';
import { SessionHost } from './studio/session-host';
import { contentSecurityPolicy } from './transport/csp';
import { registerIpcTransport, type IpcTransport } from './transport/ipc';
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, saveWindowState } from './window-state';

// Secrets never reach a log line: the key store's values and key-like patterns are redacted.
const logger = createLogger('main', undefined, redactorOf(sharedKeyStore()));
const here = dirname(fileURLToPath(import.meta.url));
const preloadFile = join(here, '..', 'preload', 'index.cjs');
// DevTools and the dev server URL only in development builds (an `electron-vite dev` bundle that
// is not packaged): a production build never loads remote code and has no DevTools.
const buildMode = decideBuildMode({
  devBundle: import.meta.env.DEV,
  packaged: app.isPackaged,
  rendererUrl: process.env.ELECTRON_RENDERER_URL,
});
if (buildMode.ignored) logger.log('warn', buildMode.ignored);
const devServerUrl = buildMode.devServerUrl;
const rendererDir = join(here, '..', 'renderer');
const renderer: RendererOrigin = { devServerUrl };
const csp = devServerUrl
  ? contentSecurityPolicy({ allowInlineScripts: true, connectSrc: [devServerUrl.replace(/^http/, 'ws')] })
  : contentSecurityPolicy();

let mainWindow: BrowserWindow | null = null;
let transport: IpcTransport | null = null;
const sessionHost = new SessionHost({
  transport: 'ipc',
  logger,
  presetsDir: join(app.getPath('userData'), 'presets'),
  recordingsDir: join(app.getPath('userData'), 'recordings'),
  appVersion: app.getVersion(),
  // The renderer cannot start a program or send a key elsewhere on its own: main asks the user.
  reviewLaunch: launchReview({ trust: new LaunchTrust(), keys: sharedKeyStore(), confirm: confirmLaunch }),
});

/** Main's own dialog, outside the renderer's reach; only an explicit Allow says yes. */
async function confirmLaunch(requests: readonly TrustRequest[]): Promise<boolean> {
  const { message, detail } = confirmationText(requests);
  const options = {
    type: 'warning' as const,
    title: 'Voice Agent Studio',
    message,
    detail,
    buttons: ['Cancel', 'Allow'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  logger.log('info', 'launch confirmation', { allowed: response === 1, requests: requests.length });
  return response === 1;
}

// Sandbox every renderer, including any a dependency might open.
app.enableSandbox();
// The built renderer is served from app://studio (app-protocol.ts), not file://; schemes must be
// registered before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

if (!app.requestSingleInstanceLock()) {
  // A second studio would fight over devices and recordings; the first one gets focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow().catch(fatal);
  });
  // Quitting stops a running session first (closing its provider streams, MCP servers and
  // audio), bounded so a stuck provider cannot keep the app from quitting.
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    const limit = new Promise<void>((resolve) => setTimeout(resolve, 5000));
    void Promise.race([sessionHost.shutdown(), limit])
      .catch((err: unknown) => logger.log('error', 'session shutdown failed', { error: String(err) }))
      .finally(() => app.quit());
  });
  app.on('will-quit', () => {
    transport?.dispose();
    sessionHost.dispose();
  });
  app
    .whenReady()
    .then(async () => {
      protocol.handle(APP_SCHEME, (request) =>
        handleAppRequest(request, rendererDir, csp).catch((err: unknown) => {
          logger.log('error', 'app:// request failed', {
            url: request.url.slice(0, 200),
            error: String(err),
          });
          return new Response('Internal error.\n', { status: 500 });
        }),
      );
      hardenSession();
      transport = registerIpcTransport({
        ipcMain,
        sessionHost,
        logger,
        getWebContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
        isTrusted: (sender) => isTrustedSender(sender, renderer),
      });
      const menu = buildMenuTemplate({
        isMac: process.platform === 'darwin',
        appName: app.name,
        sendAction: (action) => transport?.push('menu', { action }),
        devTools: buildMode.devTools,
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
      await createWindow();
    })
    .catch(fatal);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, renderer);
    if (!allowed) logger.log('warn', 'blocked request', { url: details.url.slice(0, 200) });
    callback({ cancel: !allowed });
  });
  // Headers reach dev-server responses; app:// responses carry the policy from their handler too.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const allowed = isOurPage(contents, details.requestingUrl) && isAllowedPermission(permission, mediaTypes);
    if (!allowed) logger.log('warn', 'permission refused', { permission });
    callback(allowed);
  });
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const mediaTypes = details.mediaType && details.mediaType !== 'unknown' ? [details.mediaType] : [];
    return (
      contents !== null &&
      isOurPage(contents, details.requestingUrl ?? requestingOrigin) &&
      isAllowedPermission(permission, mediaTypes)
    );
  });
}

function isOurPage(contents: WebContents, url: string): boolean {
  return mainWindow !== null && contents.id === mainWindow.webContents.id && isRendererPage(url, renderer);
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    logger.log('warn', 'navigation blocked', { url: url.slice(0, 200) });
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedRequest(url, renderer)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    logger.log('warn', 'window.open denied', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

async function createWindow(): Promise<void> {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = await loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Voice Agent Studio',
    backgroundColor: '#111318',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: buildMode.devTools,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    saveWindowState(stateFile, { ...bounds, maximized: win.isMaximized() }).catch((err: unknown) =>
      logger.log('warn', 'could not save window state', { error: String(err) }),
    );
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  await win.loadURL(devServerUrl ?? APP_INDEX_URL);
}

function fatal(err: unknown): void {
  logger.log('error', 'studio failed to start', {
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  app.exit(1);
}
