/**
 * Speech scheduling (the seed's `_schedule_speech`, `_scheduling_task`, `_create_speech_task`
 * and the pause/resume of the scheduling task). One loop pops the speech queue in priority order
 * and authorizes one generation step at a time, so two replies never talk over each other.
 * Every task that may create a speech is registered here, so draining can wait for all of them.
 */
import type { Clock } from '../../base/clock';
import { abortable, AsyncEvent, type Task, type TaskOwner } from '../../base/tasks';
import type { SpeechHandle } from '../speech-handle';
import { SpeechQueue } from '../speech-queue';

export interface SchedulerEnv {
  clock: Clock;
  owner: TaskOwner;
  /** Read at every speech: hot updates of the option apply to the next speech. */
  minConsecutiveSpeechDelayMs(): number;
  warn(message: string): void;
  /** Told the priority of each speech it queues, before the speech is marked scheduled. */
  onQueued?(speech: SpeechHandle, priority: number): void;
}

export interface SpeechTaskOptions {
  speechHandle?: SpeechHandle | null;
  /** Runs after the task settled and the bookkeeping below was done (upstream add_done_callback). */
  onDone?: () => void;
}

export class SpeechScheduler {
  readonly queue = new SpeechQueue();
  /** The speech whose generation step is authorized (or about to be). */
  current: SpeechHandle | null = null;
  /** Paused until the activity starts; pausing again drains the queue and stops the loop. */
  paused = true;
  /** Tasks that could create a speech, with the speech they belong to (upstream `_speech_tasks`). */
  readonly speechTasks = new Map<Task, SpeechHandle | null>();

  /** Set when a speech task ends or a speech is queued: wakes the loop (upstream `_q_updated`). */
  private readonly qUpdated = new AsyncEvent();
  private loop: Task<void> | null = null;
  private drainBlocked: Task[] = [];

  constructor(private readonly env: SchedulerEnv) {}

  get loopRunning(): boolean {
    return this.loop !== null && !this.loop.done;
  }

  wake(): void {
    this.qUpdated.set();
  }

  /**
   * Starts a task that may create or play a speech. A speech is marked done when every task
   * linked to it has finished, which is how a reply with tool steps stays "not done" until its
   * last step ends.
   */
  createSpeechTask(
    name: string,
    fn: (signal: AbortSignal) => Promise<void>,
    opts: SpeechTaskOptions = {},
  ): Task<void> {
    const handle = opts.speechHandle ?? null;
    const task = this.env.owner.spawn(name, fn);
    this.speechTasks.set(task, handle);
    if (handle) handle.tasks.push(task);
    const done = (): void => {
      this.speechTasks.delete(task);
      if (handle && handle.tasks.every((t) => t.done)) handle.markDone();
      this.wake();
      opts.onDone?.();
    };
    // Failures are reported by the owner; here only the bookkeeping runs, on either outcome.
    void task.promise.then(done, done);
    return task;
  }

  /**
   * Queues a speech. While paused (draining or handing off) only `force` may queue, which lets a
   * tool reply of the old agent still be generated before the activity finishes.
   */
  scheduleSpeech(speech: SpeechHandle, priority: number, force = false): void {
    if (this.paused && !force) {
      throw new Error('cannot schedule new speech, the speech scheduling is draining/pausing');
    }
    if (this.loop && this.loop.done) {
      this.env.warn('attempting to schedule a new SpeechHandle, but the scheduling_task is not running.');
      return;
    }
    this.queue.push(speech, priority);
    this.env.onQueued?.(speech, priority);
    speech.markScheduled();
    this.wake();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.loop = this.env.owner.spawn('activity.scheduling', (signal) => this.run(signal));
  }

  /**
   * Stops accepting speeches and waits until the queue is empty and every speech task ended,
   * except `blockedTasks` (and the speeches they belong to): those are waiting for the handoff
   * itself and would deadlock it.
   */
  async pause(blockedTasks: Task[] = []): Promise<void> {
    if (this.paused) return;
    this.paused = true;
    this.drainBlocked = blockedTasks;
    this.wake();
    if (this.loop) await this.loop.promise.catch(() => undefined); // the owner already reported a failure
  }

  /** Cancels the loop (close): nothing is authorized any more. */
  async close(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.cancel('activity closed');
    await loop.promise.catch(() => undefined); // cancellation is the expected outcome
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock } = this.env;
    // null until a speech played: the first speech of the activity is never delayed.
    let lastPlayoutAt: number | null = null;
    for (;;) {
      await this.qUpdated.wait(signal);
      this.qUpdated.clear();

      for (let entry = this.queue.pop(); entry; entry = this.queue.pop()) {
        const speech = entry.speech;
        if (speech.done()) {
          // interrupted while it waited in the queue
          this.current = null;
          continue;
        }
        this.current = speech;
        const minDelay = this.env.minConsecutiveSpeechDelayMs();
        if (minDelay > 0 && lastPlayoutAt !== null) {
          const wait = minDelay - (clock.now() - lastPlayoutAt);
          if (wait > 0) await clock.sleep(wait, signal);
          if (speech.done()) {
            this.current = null;
            continue;
          }
        }
        speech.authorizeGeneration();
        await abortable(speech.waitForGeneration(), signal);
        this.current = null;
        lastPlayoutAt = clock.now();
      }

      if (this.paused && this.tasksToWaitFor().length === 0) break;
    }
  }

  /** Speech tasks draining must wait for: all but the blocked ones and their speeches. */
  private tasksToWaitFor(): Task[] {
    const blockedHandles = new Set<SpeechHandle>();
    for (const t of this.drainBlocked) {
      const h = this.speechTasks.get(t);
      if (h) blockedHandles.add(h);
    }
    const out: Task[] = [];
    for (const [task, handle] of this.speechTasks) {
      if (this.drainBlocked.includes(task)) continue;
      if (handle && blockedHandles.has(handle)) continue;
      out.push(task);
    }
    return out;
  }
}
